#pragma once
/// @file
/// A subdistrict office's PostgreSQL + PostGIS server: districts pushed into their own schemas, listed,
/// picked; the roles, views, functions and policies by which the server itself keeps personal data.
///
/// Layout on the server:
///   - schema `nbhd`: the catalogue `nbhd.districts` (one row per district schema), the functions
///     every district shares (`nbhd.reveal`, `nbhd.may_read_community`, the audit writer);
///   - one schema per district (`chonghua`, ...): every layer of the district as a typed table with an
///     identity `fid` primary key, GiST indexes on geometry, B-tree indexes on the look-up columns,
///     a unique building number and a foreign key from households to buildings.
/// On a server prepared by init_server (roles nbhd_presenter, nbhd_planner, nbhd_staff, nbhd_admin and
/// a staff role per district, `nbhd_staff_SCHEMA`), a district's household register is the table
/// `household_records`, which only nbhd_admin reads; everyone else reads the view `households`, which
/// the server masks by role (see secure_district), and unmasked rows come only from `nbhd.reveal`, a
/// SECURITY DEFINER function that writes the audit row itself (login role, server time, query) before
/// it returns anything.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/district/model.hpp"

namespace gis::server {

struct PushOptions {
    std::string schema;  ///< empty: from the source's file name (chonghua.gpkg -> chonghua)
    /// Replace a district of that name (in the same transaction): its map and register come from the
    /// file; its plans (projects, plan items, campaigns, case history, slides) and audit log stay.
    bool replace = false;
};

struct PushedLayer {
    std::string name;
    std::int64_t rows = 0;
};

struct PushReport {
    std::string schema;
    std::string name;  ///< the district's name (boundary or metadata), for messages
    std::vector<PushedLayer> layers;
    /// On --replace: the layers kept from the server (plans, audit log), with their rows.
    std::vector<PushedLayer> kept;
    bool secured = false;  ///< the server has nbhd's roles: the register sits behind the masked view
    double seconds = 0;
};

/// The schema a district pushed from `source_path` gets when none is named: the file's stem, lower-case,
/// with every character outside a-z, 0-9 and _ as _ (BadInput when nothing is left).
Result<std::string> default_schema(const std::string& source_path);

/// Writes the district data set at `source_path` (any data set nbhd reads) into its own schema on the
/// server `target` ("PG:..."), in one transaction: nothing is visible to others until all of it is, and
/// a failure leaves the server as it was. Errors: NotFound / ReadOnly (server, login, rights; see
/// gis/io/pg.hpp), BadInput (the schema exists and `replace` is not set; a bad schema name),
/// CheckFailed (a building number used twice, a household whose building does not exist).
Result<PushReport> push_district(const std::string& source_path, const std::string& target,
                                 const PushOptions& options = {});

/// For commands that write a district (generate, district import) when their output is a server: `write`
/// writes the district to the GeoPackage path it is given (a private temporary file, 0600 in a 0700
/// folder, removed afterwards and swept after a crash), which is then pushed.
Result<PushReport> write_and_push(const std::function<Result<void>(const std::string& gpkg)>& write,
                                  const std::string& target, const PushOptions& options = {});

struct DistrictEntry {
    std::string schema;
    std::string name, name_en;
    std::string pushed_at, pushed_by;
    std::int64_t buildings = 0, households = 0;
};
/// The districts on the server, by schema. NotFound when the server has none (with how to push one).
Result<std::vector<DistrictEntry>> list_districts(const std::string& target);

/// The districts on the server whose boundary meets `box` (in the districts' CRS), by schema: what a
/// question over an area asks of a subdistrict's several districts. NotFound when there are none.
Result<std::vector<std::string>> districts_meeting(const std::string& target, const BBox& box);

/// What init_server did.
struct InitReport {
    std::vector<std::string> roles_created;
    std::vector<std::string> districts_secured;
};

/// Creates (or brings up to date; running it again is harmless) nbhd's roles, the shared schema and
/// functions, and secures every district already on the server. Needs a login that may create roles
/// (a superuser or CREATEROLE). Errors: those of the connection; ReadOnly without the rights.
Result<InitReport> init_server(const std::string& target);

/// Whether the server has nbhd's roles and functions (init_server has run).
Result<bool> server_initialised(const std::string& target);

/// Whether `column` is one push adds for the server's own use (a building's key, the masked copies of
/// personal columns), which a front end does not show as a feature's attribute.
bool is_server_column(std::string_view column);

/// The roles, least to most rights.
inline constexpr const char* kPresenterRole = "nbhd_presenter";
inline constexpr const char* kPlannerRole = "nbhd_planner";
inline constexpr const char* kStaffRole = "nbhd_staff";
inline constexpr const char* kAdminRole = "nbhd_admin";
/// The role of one district's office staff: nbhd_staff_SCHEMA (member of nbhd_staff).
std::string staff_role(const std::string& schema);

/// Unmasked households from a secured server through `nbhd.reveal`, which writes the audit row
/// (action, query, household numbers, login role, server time) before it returns them. Each result row:
/// household_no, head_name, phone, id_number, low_income ("1"/"0"). Errors: ReadOnly when this login may
/// not reveal (only nbhd_staff of the household's district and nbhd_admin may), NotFound for numbers the
/// district does not have.
struct RevealedHousehold {
    std::string household_no, head_name, phone, id_number;
    bool low_income = false;
};
Result<std::vector<RevealedHousehold>> reveal(const std::string& target, const std::string& action,
                                              const std::string& query,
                                              const std::vector<std::string>& household_numbers);

/// What a disclosure returns: nothing when the data set's own values are the unmasked ones (a file, or a
/// server without nbhd's roles), else the unmasked values the server gave, by household number.
using Disclosed = std::optional<std::unordered_map<std::string, RevealedHousehold>>;

/// The one step before anything personal is shown or written (a reveal, an export with personal data,
/// a notice list with names): the audit record. On a file (or a server without nbhd's roles) it is
/// appended to the data set's audit table (privacy::append_audit; on a server with the login role and
/// the server's clock); on a secured server nbhd.reveal writes it and returns the values. Errors: the
/// audit's or the server's (then nothing may be shown).
Result<Disclosed> disclose(const std::string& dataset_path, const std::string& action,
                           const std::string& query, const std::vector<std::string>& household_numbers);
/// `h` with the values `disclosed` holds for it (unchanged when it holds none).
void apply_disclosed(district::Household& h, const Disclosed& disclosed);

}  // namespace gis::server
