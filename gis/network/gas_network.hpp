#pragma once
/// @file
/// The gas network's topology, built from plain pipes, valves, regulator stations (the sources) and
/// building entrances, with topology checks and valve isolation traces. No GDAL, GEOS or GL types here:
/// the viewer and the command line both call this.
///
/// Pipes meet where their ends lie within the snap tolerance of each other, or where a pipe end lies
/// within the tolerance of another pipe's interior (a tee that was not split). Pipes that merely cross
/// do not meet (they lie at different depths). A valve is a node of the network: closing it stops flow
/// through that node. A station is a source: gas enters the network at its node. An entrance is served
/// when a pipe (its service pipe) ends at it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"

namespace gis::network {

/// One pipe feature.
struct PipeSpec {
    std::int64_t id = -1;  ///< the pipe layer's fid
    LineString line;
    int diameter_mm = 0;            ///< DN (steel, cast iron) or outside diameter de (PE)
    std::string material;           ///< pe, steel, cast_iron
    std::string pressure;           ///< low, medium-b, medium-a
    std::string kind;               ///< main, service
    std::int64_t building_id = -1;  ///< service pipes: the building served
};

struct ValveSpec {
    std::int64_t id = -1;
    Point location;
    bool closed = false;   ///< closed in normal operation (e.g. a loop valve)
    bool operable = true;  ///< false: seized, cannot be operated
};

/// A regulator station: where gas enters the network.
struct SourceSpec {
    std::int64_t id = -1;
    Point location;
};

/// A building entrance (单元) that a service pipe should end at.
struct EntranceSpec {
    std::int64_t id = -1;
    std::int64_t building_id = -1;
    Point location;
};

struct GasNetworkSpec {
    std::vector<PipeSpec> pipes;
    std::vector<ValveSpec> valves;
    std::vector<SourceSpec> sources;
    std::vector<EntranceSpec> entrances;
    /// Buildings that must have gas service (residential, units, school); checked by `check()`.
    std::vector<std::int64_t> buildings_needing_service;
    double snap_tolerance = 0.5;  ///< metres
};

struct TopologyProblem {
    enum class Kind {
        Dangle,                  ///< a pipe end joined to nothing that is neither a station nor an entrance
        DisconnectedPart,        ///< a connected group of pipes with no station
        Unsupplied,              ///< a pipe no station reaches with the valves as they stand
        ValveOffNetwork,         ///< a valve farther than the tolerance from every pipe
        SourceOffNetwork,        ///< a station farther than the tolerance from every pipe
        BuildingWithoutService,  ///< a building that needs gas with no entrance on the network
        EntranceWithoutService,  ///< an entrance of a served building with no service pipe ending at it
    };
    Kind kind = Kind::Dangle;
    std::int64_t id = -1;  ///< pipe, valve, station, building or entrance id (by kind)
    Point location;
    std::string message;  ///< English, for logs and JSON
};
const char* to_string(TopologyProblem::Kind k);  ///< "dangle", "disconnected_part", ...

struct TopologyReport {
    std::size_t pipes = 0, nodes = 0, valves = 0, sources = 0, entrances_served = 0;
    std::size_t parts = 0;  ///< connected groups of pipes
    std::vector<TopologyProblem> problems;
    bool clean() const { return problems.empty(); }
};

/// The result of isolating one or more pipes. Every list is sorted ascending and free of duplicates.
struct IsolationTrace {
    std::vector<std::int64_t> target_pipes;
    /// Valves to close: the open, operable valves on the boundary of the valve-bounded zone around the
    /// targets through which gas could still reach it (boundary valves facing only dead ends are left
    /// open).
    std::vector<std::int64_t> valves_to_close;
    std::vector<std::int64_t> valves_already_closed;  ///< closed valves on the zone's boundary
    std::vector<std::int64_t> valves_skipped;         ///< inoperable valves the search went past
    /// Stations inside the zone (no valve separates them from the targets): they must be shut too.
    std::vector<std::int64_t> sources_to_shut;
    std::vector<std::int64_t> zone_pipes;  ///< the valve-bounded zone containing the targets
    /// Pipes that lose supply: supplied before, not reached from any station once the valves are closed.
    std::vector<std::int64_t> pipes_without_supply;
    std::vector<std::int64_t> entrances;  ///< entrances that lose gas
    std::vector<std::int64_t> buildings;  ///< buildings with at least one entrance that loses gas
};

/// A valve found inside or near an area.
struct CoveredValve {
    std::int64_t id = -1;
    Point location;
    double distance_m = 0;
};

class GasNetwork {
  public:
    /// Builds the topology: O(n log n) in the number of pipe segments.
    static GasNetwork build(GasNetworkSpec spec);

    GasNetwork(GasNetwork&&) noexcept;
    GasNetwork& operator=(GasNetwork&&) noexcept;
    ~GasNetwork();

    const GasNetworkSpec& spec() const;
    std::size_t node_count() const;
    std::size_t edge_count() const;
    const PipeSpec* pipe(std::int64_t id) const;    ///< nullptr when unknown
    const ValveSpec* valve(std::int64_t id) const;  ///< nullptr when unknown

    /// Dangles, parts without a station, unsupplied pipes, valves and stations off the network,
    /// buildings and entrances without service.
    TopologyReport check() const;

    /// Isolation trace for one pipe. NotFound for an unknown pipe id.
    Result<IsolationTrace> isolate(std::int64_t pipe_id) const;
    /// Isolation of several pipes at once (the union of their zones, e.g. for renewal works).
    /// NotFound names the first unknown id; BadInput when `pipe_ids` is empty.
    Result<IsolationTrace> isolate(const std::vector<std::int64_t>& pipe_ids) const;

    /// The pipe nearest to `p`, if one lies within `max_distance` metres.
    std::optional<std::int64_t> nearest_pipe(const Point& p, double max_distance) const;
    /// Valves inside `area` or within `margin` metres of it (e.g. a paving polygon or a trench line),
    /// nearest first. Uses a spatial index; fast enough to call while drawing.
    std::vector<CoveredValve> valves_covered(const Geometry& area, double margin = 0) const;

  private:
    struct Impl;
    explicit GasNetwork(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::network
