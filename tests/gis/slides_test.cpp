// Slides: saved presentation views round-trip through the data set's `slides` table; bad values are
// refused and leave the stored slides as they were.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "gis/io/dataset.hpp"
#include "gis/io/editor.hpp"
#include "gis/present/slides.hpp"

namespace fs = std::filesystem;
using namespace gis;
using present::PlanView;
using present::Slide;

namespace {
std::string fresh_copy(const char* tag) {
    auto dir = fs::temp_directory_path() / ("nbhd-slides-" + std::to_string(::getpid()) + "-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto path = (dir / "d.gpkg").string();
    fs::copy_file(NBHD_ASSET_FILE, path);
    return path;
}

Slide sample(const char* caption, double x) {
    Slide s;
    s.caption = caption;
    s.caption_en = std::string("EN ") + caption;
    s.extent = {530000 + x, 3400010, 530250.5 + x, 3400200.25};
    s.layers = {"buildings", "streets", "plan.paving"};
    s.phases = {2, 3};
    s.view = PlanView::Split;
    s.split = 0.35;
    return s;
}
}  // namespace

TEST(Slides, ShippedDataSetHasTheCompoundPresentation) {
    auto slides = present::read_slides(NBHD_ASSET_FILE);
    ASSERT_TRUE(slides.ok()) << slides.error().message;
    ASSERT_EQ(slides->size(), 7u);
    EXPECT_EQ(slides->front().caption, "重华社区全貌");
    EXPECT_EQ(slides->front().extent, (BBox{529955, 3399955, 530745, 3400616}));
    EXPECT_EQ((*slides)[1].view, PlanView::Before);
    EXPECT_EQ((*slides)[2].phases, (std::vector<int>{2}));
    EXPECT_EQ((*slides)[5].view, PlanView::Split);
    EXPECT_EQ((*slides)[5].caption_en, "Before and after");
}

TEST(Slides, WriteReopenSameValuesInOrder) {
    const auto path = fresh_copy("roundtrip");
    std::vector<Slide> in = {sample("第二张", 20), sample("第一张", 0)};
    in[1].view = PlanView::Before;
    in[1].phases = {};
    in[1].layers = {};
    in[1].split = 0.5;
    ASSERT_TRUE(present::write_slides(path, in).ok());
    auto out = present::read_slides(path);
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(*out, in);

    // Reordered and shortened: the table is replaced, not appended to.
    std::vector<Slide> again = {in[1]};
    ASSERT_TRUE(present::write_slides(path, again).ok());
    out = present::read_slides(path);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->size(), 1u);
    EXPECT_EQ(out->front().caption, "第一张");
    auto ds = io::Dataset::open(path);
    ASSERT_TRUE(ds.ok());
    EXPECT_EQ(ds->read_layer("slides")->features.size(), 1u);
}

TEST(Slides, BadValuesAreRefusedAndNothingIsWritten) {
    const auto path = fresh_copy("bad");
    const auto before = present::read_slides(path);
    ASSERT_TRUE(before.ok());
    auto refuse = [&](Slide s, const char* expect) {
        std::vector<Slide> list = {sample("好", 0), s};
        auto r = present::write_slides(path, list);
        ASSERT_FALSE(r.ok()) << expect;
        EXPECT_EQ(r.error().code, ErrorCode::BadInput);
        EXPECT_NE(r.error().message.find("slide 2"), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find(expect), std::string::npos) << r.error().message;
    };
    Slide s = sample("坏", 0);
    s.caption = "";
    refuse(s, "caption is empty");
    s = sample("坏", 0);
    s.extent = {10, 10, 5, 20};
    refuse(s, "extent is empty");
    s.extent = {0, 0, std::nan(""), 20};
    refuse(s, "not a finite box");
    s = sample("坏", 0);
    s.phases = {0};
    refuse(s, "outside 1..99");
    s = sample("坏", 0);
    s.layers = {"buildings; drop table"};
    refuse(s, "not a layer name");
    s = sample("坏", 0);
    s.split = 1.5;
    refuse(s, "split position");
    auto after = present::read_slides(path);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(*after, *before);
}

TEST(Slides, PhasesParseAndPrint) {
    auto p = present::parse_phases("1, 2,4");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<int>{1, 2, 4}));
    EXPECT_EQ(present::phases_text(*p), "1,2,4");
    EXPECT_TRUE(present::parse_phases("")->empty());
    EXPECT_FALSE(present::parse_phases("1,x").ok());
    EXPECT_FALSE(present::parse_phases("1,,2").ok());
    PlanView v;
    EXPECT_TRUE(present::parse_plan_view("split", v));
    EXPECT_EQ(v, PlanView::Split);
    EXPECT_FALSE(present::parse_plan_view("sideways", v));
}

TEST(Slides, StoredRowWithBadViewIsReportedOnRead) {
    const auto path = fresh_copy("badrow");
    {
        auto ed = io::Editor::open(path);
        ASSERT_TRUE(ed.ok());
        ASSERT_TRUE(ed->insert("slides", Geometry{},
                               {{"slide_no", std::int64_t{99}},
                                {"caption", std::string("x")},
                                {"minx", 0.0},
                                {"miny", 0.0},
                                {"maxx", 10.0},
                                {"maxy", 10.0},
                                {"view", std::string("sideways")}})
                        .ok());
        ASSERT_TRUE(ed->commit().ok());
    }
    auto r = present::read_slides(path);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::BadInput);
    EXPECT_NE(r.error().message.find("sideways"), std::string::npos);
}

TEST(Slides, DataSetWithoutTableHasNoSlides) {
    const auto path =
        (fs::temp_directory_path() / ("nbhd-slides-" + std::to_string(::getpid()) + "-plain.geojson")).string();
    {
        std::FILE* f = std::fopen(path.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},)"
                   R"("geometry":{"type":"Point","coordinates":[111.0,30.7]}}]})",
                   f);
        std::fclose(f);
    }
    auto none = present::read_slides(path);
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_TRUE(none->empty());
    auto missing = present::read_slides((fs::temp_directory_path() / "nbhd-no-such-file.gpkg").string());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    fs::remove(path);
}
