#include <gtest/gtest.h>

#include "app/view/core/map_options.hpp"

using namespace app::view;

TEST(MapOptions, SizeParses) {
    auto s = parse_size("1920x1080");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s.value(), (PixelSize{1920, 1080}));
    EXPECT_EQ(parse_size("640X360").value(), (PixelSize{640, 360}));
}

TEST(MapOptions, BadSizesAreRefusedWithTheReason) {
    for (const char* bad :
         {"", "1920", "x1080", "1920x", "axb", "1920x1080x3", "-5x10", "10x10", "9000x100"}) {
        auto s = parse_size(bad);
        ASSERT_FALSE(s.ok()) << bad;
        EXPECT_EQ(s.error().code, gis::ErrorCode::BadInput);
        EXPECT_NE(s.error().message.find("--size"), std::string::npos);
    }
}

TEST(MapOptions, BoxParses) {
    auto b = parse_bbox("530000,3400000, 530500.5,3400300");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b.value(), (gis::BBox{530000, 3400000, 530500.5, 3400300}));
    EXPECT_FALSE(parse_bbox("1,2,3").ok());
    EXPECT_FALSE(parse_bbox("1,2,3,4,5").ok());
    EXPECT_FALSE(parse_bbox("3,2,1,4").ok());  // maxx < minx
    EXPECT_FALSE(parse_bbox("1,2,3,nan").ok());
    EXPECT_FALSE(parse_bbox("a,b,c,d").ok());
}

TEST(MapOptions, SelectionParses) {
    auto s = parse_selection("buildings:12");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->layer, "buildings");
    EXPECT_EQ(s->id, 12);
    EXPECT_FALSE(parse_selection("buildings").ok());
    EXPECT_FALSE(parse_selection(":3").ok());
    EXPECT_FALSE(parse_selection("buildings:x").ok());
}

TEST(MapOptions, ListsTrimAndDropEmpties) {
    EXPECT_EQ(parse_list(" streets, buildings,,pois "),
              (std::vector<std::string>{"streets", "buildings", "pois"}));
    EXPECT_TRUE(parse_list("").empty());
}

TEST(ScaleBar, RoundLengthsThatFit) {
    auto b = scale_bar(0.5, 160);  // 80 m fit: 50 m
    EXPECT_DOUBLE_EQ(b.metres, 50);
    EXPECT_DOUBLE_EQ(b.pixels, 100);
    EXPECT_EQ(b.label, "50 m");
    EXPECT_EQ(scale_bar(1.0, 160).label, "100 m");
    EXPECT_EQ(scale_bar(2.0, 160).label, "200 m");
    EXPECT_EQ(scale_bar(30.0, 160).label, "2 km");
    EXPECT_EQ(scale_bar(0.01, 160).label, "1 m");
    for (double mpp : {0.013, 0.2, 0.77, 3.3, 41.0, 900.0}) {
        auto s = scale_bar(mpp, 160);
        EXPECT_LE(s.pixels, 160 + 1e-9) << mpp;
        EXPECT_GT(s.pixels, 160 / 2.5 - 1e-9) << mpp;  // never less than 1/2.5 of the room (1-2-5 steps)
    }
}

TEST(ScaleBar, ScaleText) {
    EXPECT_EQ(scale_text(2433.7), "1:2,400");
    EXPECT_EQ(scale_text(999), "1:1,000");
    EXPECT_EQ(scale_text(56), "1:56");
    EXPECT_EQ(scale_text(0), "1:?");
}

// An export of the window's view at 3x the pixels: the scale bar measures the export's own pixels (its
// camera's metres per pixel) and the 1:N text is that picture's scale shown at 3x the density, so the
// bar's length in pixels times the export's pixel size is the length its label names.
TEST(MapScale, AnExportShowsItsOwnScale) {
    Camera window(1280, 720);
    window.fit(gis::BBox{0, 0, 640, 360}, 0);  // 0.5 m a window pixel
    const PixelSize size{3840, 2160};
    const Camera picture = export_camera(window, size);
    const float ratio = export_pixel_ratio(window, size);
    EXPECT_FLOAT_EQ(ratio, 3.0f);
    EXPECT_NEAR(picture.metres_per_pixel(), 0.5 / 3, 1e-12);
    // The same area: the georeference of the PNG is the window's view.
    EXPECT_NEAR(picture.visible_bbox().minx, window.visible_bbox().minx, 1e-9);
    EXPECT_NEAR(picture.visible_bbox().maxy, window.visible_bbox().maxy, 1e-9);

    const MapScale shown = map_scale(picture, ratio, 160);
    EXPECT_NEAR(shown.bar.pixels * picture.metres_per_pixel(), shown.bar.metres, 1e-9);
    EXPECT_LE(shown.bar.pixels, 160 * 3);
    EXPECT_GT(shown.bar.pixels, 160 * 3 / 2.5);  // the longest round length that fits
    EXPECT_EQ(shown.text, scale_text(picture.metres_per_pixel() / (0.0254 / (96.0 * ratio))));
    // Drawn at 3x, the picture at 288 dpi is the window's map at 96 dpi: the same 1:N.
    EXPECT_EQ(shown.text, scale_text(window.scale_denominator()));
    // A picture at the window's size and density shows the window's bar.
    const MapScale same = map_scale(export_camera(window, {1280, 720}), 1.0f, 160);
    EXPECT_EQ(same.bar.label, scale_bar(window.metres_per_pixel(), 160).label);
}
