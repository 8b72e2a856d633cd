#pragma once
/// @file
/// The view model behind the viewer's occupancy panels (household search and the 楼盘表): the occupancy
/// index built once on a worker, the search as the user types, the chosen building's grid, the audited
/// reveal of personal data and the flag filters that tint buildings. GL-free and ImGui-free: the panels
/// only draw what it holds and forward the user's actions.
///
///     OccupancyModel m;
///     m.start(doc.source()->path);          // loads the district and builds the index on a worker
///     if (m.poll()) ...;                      // each frame: true once, when the index is ready (or failed)
///     m.set_query("12-2-301");                // masked results, ranked
///     auto c = m.choose(0);                   // building 12's grid opens with flat 12-2-301 marked
///     m.reveal();                             // one audit row, then names and phones are shown
///     m.sync_map(doc);                        // highlight sets on the map, when something changed

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/view/core/district_store.hpp"
#include "app/view/core/style.hpp"
#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"
#include "gis/occupancy/session.hpp"

namespace app::view {

class Document;
struct MapLayer;

/// Which households tint the buildings on the map.
enum class OccupancyFilter : std::uint8_t {
    None,
    LowIncome,     ///< 低保: personal data, only after an audited reveal
    Migrant,       ///< 外来人口
    ElderlyAlone,  ///< 独居老人
};
/// "none", "low_income", "migrant", "elderly_alone".
const char* to_string(OccupancyFilter f);
/// Accepts the names of to_string and "low-income", "elderly", 低保, 外来, 独居 ("" and "off" are None).
std::optional<OccupancyFilter> parse_occupancy_filter(std::string_view text);

/// One class of the graduated tint: buildings with `min`..`max` such households.
struct TintClass {
    int min = 0, max = 0;
    Colour colour;
    std::vector<int> buildings;  ///< residential building numbers, ascending
};

/// Households with `flag` per residential building: (building number, count), buildings with none left
/// out, ascending by number. One pass over the flag's households.
std::vector<std::pair<int, int>> flag_counts(const gis::occupancy::OccupancyIndex& index,
                                             gis::occupancy::Flag flag);
/// Up to four classes of equal width over 1..max count (one class per count when max <= 4), coloured
/// light to dark from the filter's ramp.
std::vector<TintClass> classify_counts(const std::vector<std::pair<int, int>>& counts,
                                       OccupancyFilter filter);
/// The colour of the highlight set that marks the building found or shown in the 楼盘表.
Colour occupancy_found_colour();
/// Highlight set names: "occupancy" (the building found) and "occupancy.filter.1".."occupancy.filter.4".
inline constexpr const char* kFoundHighlight = "occupancy";
std::string filter_highlight(std::size_t class_index);

/// Every character (beyond ASCII) of the households' and buildings' names, ascending.
std::vector<char32_t> name_code_points(const gis::district::District& district);
/// The view a search result flies to: the building's bounds with room around it (a pure function, so
/// that tests can predict the camera).
gis::BBox occupancy_view_box(const gis::BBox& building);
/// The residential building number (楼号) of a feature of the district's "buildings" layer, if it is one.
std::optional<int> residential_number(const MapLayer& layer, const gis::io::Feature& feature);

/// What choosing a search result led to.
struct OccupancyChoice {
    int building = 0;
    std::string flat;  ///< address of the chosen flat ("12-2-301"), empty when a whole building was found
};

class OccupancyModel {
  public:
    enum class State { Idle, Indexing, Ready, Failed };

    OccupancyModel() = default;
    OccupancyModel(const OccupancyModel&) = delete;
    OccupancyModel& operator=(const OccupancyModel&) = delete;
    ~OccupancyModel();

    /// The model the viewer's occupancy panels share (created with the first panel, gone with the last).
    static std::shared_ptr<OccupancyModel> shared();

    // The index --------------------------------------------------------------------------------------
    /// Builds the index of the district at `dataset_path` on a worker thread, from `district` (the
    /// viewer's one copy, DistrictStore) or, without it, read there. Nothing happens when that path is
    /// already indexed or being indexed for that data `generation` (a newer one builds again).
    void start(const std::string& dataset_path, DistrictFuture district = {}, std::uint64_t generation = 0);
    /// Uses an index built elsewhere (tests, the command line).
    void adopt(std::shared_ptr<const gis::occupancy::OccupancyIndex> index, const std::string& dataset_path);
    /// Picks up the worker's result without waiting; true on the call that saw it finish.
    bool poll();
    /// Waits for the worker (scripted set-up only: the UI polls).
    void wait();
    State state() const { return state_; }
    const std::string& error() const { return error_; }
    const std::string& dataset_path() const { return path_; }
    const gis::occupancy::OccupancyIndex* index() const { return session_ ? &session_->index() : nullptr; }
    /// The index, shared with a computation on another thread (null until ready).
    std::shared_ptr<const gis::occupancy::OccupancyIndex> shared_index() const { return index_; }

    // Search -----------------------------------------------------------------------------------------
    /// Runs the query when the text differs from the last one (masked; results shown as masked again).
    /// Returns true when it ran.
    bool set_query(std::string_view text);
    const std::string& query() const { return query_; }
    const gis::occupancy::SearchResults& results() const { return results_; }
    /// The highlighted result (keyboard), -1 when there are none.
    int selected() const { return selected_; }
    void set_selected(int i);
    void move_selection(int delta);
    /// Chooses result `i` (the selected one when -1): opens its building's grid with its flat marked.
    /// Nothing for an out-of-range index.
    std::optional<OccupancyChoice> choose(int i = -1);

    // The 楼盘表 -------------------------------------------------------------------------------------
    /// Shows a residential building's grid (masked; masked again when the building changes). NotFound
    /// for a number that is not a residential building.
    gis::Result<void> open_grid(int building);
    void close_grid();
    const gis::occupancy::GridView* grid() const { return grid_ ? &*grid_ : nullptr; }
    int grid_building() const { return grid_ ? grid_->building.number : 0; }
    /// The flat chosen from the search ("12-2-301"), or empty.
    const std::string& marked_flat() const { return marked_flat_; }
    void mark_flat(std::string address) { marked_flat_ = std::move(address); }

    // Personal data ----------------------------------------------------------------------------------
    /// Shows names and phones of the households in the current results and grid after writing one audit
    /// row for them all. On an audit error nothing is revealed. Returns the households revealed.
    gis::Result<std::size_t> reveal(const std::string& context = "viewer");
    bool revealed() const { return revealed_; }
    /// Masks results and grid again; turns a 低保 filter off.
    void mask();

    // Filters ----------------------------------------------------------------------------------------
    /// Tints buildings by their count of such households. The 低保 filter tells who is on the minimum
    /// living guarantee: it needs `confirmed` (the user's explicit unmask) and writes an audit row with
    /// those households first; BadInput without confirmation, the audit's error when it cannot be written.
    gis::Result<void> set_filter(OccupancyFilter filter, bool confirmed = false);
    OccupancyFilter filter() const { return filter_; }
    const std::vector<TintClass>& tint() const { return tint_; }
    /// Households counted by the current filter, and the buildings they live in.
    int tint_households() const { return tint_households_; }
    int tint_buildings() const { return tint_buildings_; }

    // The map ----------------------------------------------------------------------------------------
    /// Increases whenever what the map should show changes (found building, filter classes).
    std::uint64_t map_revision() const { return map_revision_; }
    /// Writes the highlight sets into the document when they changed since the last call (cheap
    /// otherwise): the grid's building in occupancy_found_colour(), the filter's classes.
    void sync_map(Document& doc);
    /// Removes every highlight set of the model from the document.
    void clear_map(Document& doc);
    /// The building's footprint bounds padded for a fly-to (in the data set's CRS), if it exists.
    std::optional<gis::BBox> building_view_box(int building) const;

    /// Every character of the households' names and the buildings' names, once the index is ready
    /// (for the UI font: names live in a table, not in a map layer).
    const std::vector<char32_t>& code_points() const { return code_points_; }
    /// The viewer has been given code_points().
    bool glyphs_sent = false;

    /// Panels ask each other to open through these (Ctrl+F, a building clicked on the map).
    bool want_search_open = false;
    bool want_search_focus = false;
    bool want_grid_open = false;

  private:
    struct Indexed {
        std::shared_ptr<const gis::occupancy::OccupancyIndex> index;
        std::vector<char32_t> code_points;
    };
    void adopt_session(Indexed indexed);
    const gis::district::Building* building(int number) const;

    std::string path_;
    std::uint64_t generation_ = 0;
    State state_ = State::Idle;
    std::string error_;
    std::future<gis::Result<Indexed>> worker_;
    std::unique_ptr<gis::occupancy::SearchSession> session_;
    std::shared_ptr<const gis::occupancy::OccupancyIndex> index_;
    std::unordered_map<int, std::size_t> building_pos_;
    std::vector<char32_t> code_points_;

    std::string query_;
    bool ran_query_ = false;
    gis::occupancy::SearchResults results_;
    int selected_ = -1;
    std::optional<gis::occupancy::GridView> grid_;
    std::string marked_flat_;
    bool revealed_ = false;

    OccupancyFilter filter_ = OccupancyFilter::None;
    std::vector<TintClass> tint_;
    int tint_households_ = 0, tint_buildings_ = 0;

    std::uint64_t map_revision_ = 1, synced_revision_ = 0;
    std::size_t synced_classes_ = 0;
};

}  // namespace app::view
