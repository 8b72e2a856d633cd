#pragma once
/// @file
/// The Chinese font nbhd draws with (the viewer, `nbhd render`, the PDF brief): a fallback list of the
/// Debian CJK fonts, the first one installed wins. No font found is reported with the package to
/// install, never left to show "?" boxes silently.

#include <optional>
#include <string>
#include <vector>

namespace gis {

/// One font file nbhd can use for Chinese text.
struct CjkFont {
    std::string path;     ///< the font file (TrueType or OpenType, a collection allowed)
    int face = 0;         ///< the face of a collection (Noto Sans CJK: 2 is Simplified Chinese)
    std::string family;   ///< its fontconfig family name (for cairo); empty for $NBHD_FONT
    std::string package;  ///< the Debian package that ships it; empty for $NBHD_FONT
};

/// The fallback list, in order: $NBHD_FONT (when set), wqy-microhei, wqy-zenhei, Noto Sans CJK.
std::vector<CjkFont> cjk_font_candidates();

/// The first candidate whose file exists; nullopt when none does.
std::optional<CjkFont> find_cjk_font();

/// The family name cairo should ask fontconfig for: the found font's, else wqy-microhei's.
std::string cjk_font_family();

/// What to tell a user who has no Chinese font: the files looked for and the package to install.
std::string missing_cjk_font_message();

}  // namespace gis
