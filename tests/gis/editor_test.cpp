// Transactional edits: commit makes changes durable, rollback and destruction discard them, read-only
// files are refused before anything is written.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "gis/generate/district_generator.hpp"
#include "gis/io/editor.hpp"

namespace fs = std::filesystem;
using namespace gis;

namespace {
std::string fresh_copy(const char* tag) {
    auto dir = fs::temp_directory_path() / ("nbhd-editor-" + std::to_string(::getpid()) + "-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto path = (dir / "d.gpkg").string();
    fs::copy_file(NBHD_ASSET_FILE, path);
    return path;
}
const std::vector<io::FieldDef> kFields = {{"name", io::FieldType::String}, {"n", io::FieldType::Integer}};
}  // namespace

TEST(Editor, CommitPersistsAndRollbackDiscards) {
    auto path = fresh_copy("commit");
    {
        auto ed = io::Editor::open(path);
        ASSERT_TRUE(ed.ok()) << ed.error().message;
        ASSERT_TRUE(ed->ensure_layer("notes", "Point", kFields).ok());
        auto fid = ed->insert("notes", Geometry::from(Point{530100, 3400100}),
                              {{"name", std::string("甲")}, {"n", std::int64_t{1}}});
        ASSERT_TRUE(fid.ok()) << fid.error().message;
        ASSERT_TRUE(ed->commit().ok());
    }
    {
        auto ed = io::Editor::open(path);
        ASSERT_TRUE(ed.ok());
        ASSERT_TRUE(ed->insert("notes", Geometry::from(Point{1, 2}), {{"name", std::string("乙")}}).ok());
        ed->rollback();
    }
    {
        auto ed = io::Editor::open(path);
        ASSERT_TRUE(ed.ok());
        ASSERT_TRUE(ed->insert("notes", Geometry::from(Point{1, 2}), {{"name", std::string("丙")}}).ok());
        // destroyed without commit
    }
    auto ds = io::Dataset::open(path);
    ASSERT_TRUE(ds.ok());
    auto layer = ds->read_layer("notes");
    ASSERT_TRUE(layer.ok());
    ASSERT_EQ(layer->features.size(), 1u);
    EXPECT_EQ(std::get<std::string>(layer->features[0].values[0]), "甲");
    EXPECT_EQ(layer->features[0].geometry.points.at(0), (Point{530100, 3400100}));
}

TEST(Editor, UpdateAndRemove) {
    auto path = fresh_copy("update");
    auto ed = io::Editor::open(path);
    ASSERT_TRUE(ed.ok());
    ASSERT_TRUE(ed->ensure_layer("notes", "None", kFields).ok());
    auto fid = ed->insert("notes", {}, {{"n", std::int64_t{5}}});
    ASSERT_TRUE(fid.ok());
    ASSERT_TRUE(ed->update("notes", fid.value(), nullptr, {{"n", std::int64_t{6}}}).ok());
    auto bad_field = ed->insert("notes", {}, {{"nope", std::int64_t{1}}});
    ASSERT_FALSE(bad_field.ok());
    EXPECT_EQ(bad_field.error().code, ErrorCode::BadInput);
    auto missing = ed->remove("notes", 9999);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    auto layer = ed->read("notes");
    ASSERT_TRUE(layer.ok());
    EXPECT_EQ(std::get<std::int64_t>(layer->features.at(0).values[1]), 6);
    ASSERT_TRUE(ed->remove("notes", fid.value()).ok());
    ASSERT_TRUE(ed->commit().ok());
}

TEST(Editor, ReadOnlyFileIsRefusedAndUnchanged) {
    auto path = fresh_copy("readonly");
    ::chmod(path.c_str(), 0444);
    auto size_before = fs::file_size(path);
    auto ed = io::Editor::open(path);
    ASSERT_FALSE(ed.ok());
    EXPECT_EQ(ed.error().code, ErrorCode::ReadOnly);
    EXPECT_NE(ed.error().message.find("read-only"), std::string::npos);
    EXPECT_EQ(fs::file_size(path), size_before);
}

namespace {
/// Forks a child that starts a large save into `path` and is killed (SIGKILL) before committing.
void kill_during_save(const std::string& path) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        auto ed = io::Editor::open(path);
        if (!ed.ok()) ::_exit(2);
        if (!ed->ensure_layer("notes", "Point", kFields).ok()) ::_exit(3);
        for (int i = 0; i < 20000; ++i)  // more than the page cache holds: pages reach the file
            if (!ed->insert("notes", Geometry::from(Point{530100.0 + i, 3400100}),
                            {{"name", std::string(200, 'x')}, {"n", std::int64_t{i}}})
                     .ok())
                ::_exit(4);
        ::kill(::getpid(), SIGKILL);  // dies with the transaction open
        ::_exit(5);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child exited with " << WEXITSTATUS(status);
    ASSERT_TRUE(fs::exists(path + "-journal")) << "the killed save left no journal";
}

std::size_t households(const std::string& path) {
    auto ds = io::Dataset::open(path);
    return ds.ok() ? ds->read_layer("households")->features.size() : 0;
}
}  // namespace

// A process killed in the middle of a save leaves its rollback journal next to the file. Opening the
// file read-only (info, render, the viewer) rolls the unfinished save back and reads the old state,
// instead of failing with SQLite's "attempt to write a readonly database".
TEST(Editor, ReadOnlyOpenAfterAKilledSaveRollsItBack) {
    auto path = fresh_copy("killed");
    const std::size_t before = households(path);
    ASSERT_GT(before, 0u);
    kill_during_save(path);
    auto ds = io::Dataset::open(path);  // read-only
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    EXPECT_FALSE(ds->has_layer("notes"));
    EXPECT_EQ(ds->read_layer("households")->features.size(), before);
}

// Without write permission the unfinished save cannot be rolled back: a clear error that names the
// journal, and the file unchanged; with permission back, it opens with the old state.
TEST(Editor, AKilledSaveInAReadOnlyFileIsExplained) {
    auto path = fresh_copy("killed-ro");
    const std::size_t before = households(path);
    kill_during_save(path);
    ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
    auto ds = io::Dataset::open(path);
    ASSERT_FALSE(ds.ok());
    EXPECT_EQ(ds.error().code, ErrorCode::ReadOnly) << ds.error().message;
    EXPECT_NE(ds.error().message.find("-journal"), std::string::npos) << ds.error().message;
    EXPECT_TRUE(fs::exists(path + "-journal"));
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
    EXPECT_EQ(households(path), before);
}

// A layer declared Polygon stores polygons only: a one-part multipolygon (as shapefiles and OSM give
// them) goes in as its polygon; of several parts the largest is kept.
TEST(Editor, RowsTakeTheLayersDeclaredGeometryType) {
    Geometry one;
    one.type = Geometry::Type::MultiPolygon;
    one.polygons = {rect(0, 0, 10, 10)};
    EXPECT_EQ(conform_to(one, "Polygon").type, Geometry::Type::Polygon);
    Geometry two = one;
    two.polygons.push_back(rect(20, 0, 50, 30));
    std::size_t dropped = 0;
    const Geometry kept = conform_to(two, "Polygon", &dropped);
    EXPECT_EQ(kept.type, Geometry::Type::Polygon);
    EXPECT_EQ(kept.polygons.front(), two.polygons[1]);
    EXPECT_EQ(dropped, 1u);
    Geometry lines;
    lines.type = Geometry::Type::MultiLineString;
    lines.lines = {{{0, 0}, {1, 0}}, {{0, 0}, {5, 0}}};
    EXPECT_EQ(conform_to(lines, "LineString").lines.front(), lines.lines[1]);
    EXPECT_EQ(conform_to(lines, "Geometry"), lines);  // a generic layer keeps what it is given

    auto path = fresh_copy("types");
    std::int64_t fid = 0;
    {
        auto ed = io::Editor::open(path);
        ASSERT_TRUE(ed.ok()) << ed.error().message;
        ASSERT_TRUE(ed->ensure_layer("areas", "Polygon", kFields).ok());
        auto r = ed->insert("areas", one, {{"name", std::string("甲")}});
        ASSERT_TRUE(r.ok()) << r.error().message;
        fid = r.value();
        ASSERT_TRUE(ed->commit().ok());
    }
    auto ds = io::Dataset::open(path);
    ASSERT_TRUE(ds.ok());
    auto layer = ds->read_layer("areas");
    ASSERT_TRUE(layer.ok());
    ASSERT_EQ(layer->features.size(), 1u);
    EXPECT_EQ(layer->features.front().fid, fid);
    EXPECT_EQ(layer->features.front().geometry.type, Geometry::Type::Polygon);
}
