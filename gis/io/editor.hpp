#pragma once
/// @file
/// Transactional edits of a data set. Every write happens inside one transaction: commit() makes all of
/// it durable at once; an Editor destroyed without commit() rolls everything back. With a GeoPackage
/// (SQLite), a crash or kill at any moment leaves either the old or the new state, never part of an edit.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/geometry.hpp"
#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"

namespace gis::io {

/// Field values by name, for insert and update.
using Values = std::vector<std::pair<std::string, FieldValue>>;

class Editor {
  public:
    /// Opens `path` for update and starts a transaction. Errors: NotFound, NotGis, ReadOnly (read-only
    /// file or folder, or another program holds a write lock).
    static Result<Editor> open(const std::string& path);

    Editor(Editor&&) noexcept;
    Editor& operator=(Editor&&) noexcept;
    ~Editor();  ///< rolls back unless committed

    /// Creates the layer when absent (geometry "None" for an attribute table), or adds missing fields.
    Result<void> ensure_layer(const std::string& name, const std::string& geometry,
                              const std::vector<FieldDef>& fields, const std::string& crs = "EPSG:4546");
    /// Inserts a feature; returns its new fid. Unknown field names are an error (BadInput).
    Result<std::int64_t> insert(const std::string& layer, const Geometry& geometry, const Values& values);
    /// Updates the given fields (and the geometry when `geometry` is not null) of feature `fid`.
    Result<void> update(const std::string& layer, std::int64_t fid, const Geometry* geometry,
                        const Values& values);
    /// Deletes feature `fid`. NotFound when it does not exist.
    Result<void> remove(const std::string& layer, std::int64_t fid);
    /// Reads a layer as it stands inside this transaction.
    Result<Layer> read(const std::string& layer) const;
    bool has_layer(const std::string& layer) const;
    /// The data set as it stands inside this transaction (for reads that must see what the edit sees).
    const Dataset& dataset() const;

    /// Makes every change durable. After commit (or on failure) the editor is closed.
    Result<void> commit();
    /// Discards every change.
    void rollback();

  private:
    struct Impl;
    explicit Editor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::io
