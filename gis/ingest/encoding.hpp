#pragma once
/// @file
/// Text encoding of a community's own files. Survey offices still hand out GBK (CP936) shapefiles with no
/// .cpg beside them; this tells GBK from UTF-8 by the bytes and decodes GBK to UTF-8, so that the import
/// and the manifest check see the same text as the people who typed it.

#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::ingest {

/// True when `s` is well-formed UTF-8 in the strict sense of RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF. (Strict because GBK bytes such as C0 A1 would pass a lenient check.)
bool is_valid_utf8(std::string_view s);

/// Decodes GBK/GB18030 bytes to UTF-8 with ICU (ucnv, GB18030 which contains GBK); invalid or truncated
/// sequences become U+FFFD.
std::string gbk_to_utf8(std::string_view s);

enum class TextEncoding { Ascii, Utf8, Gbk, Unknown };

/// "ASCII", "UTF-8", "CP936" (the name a .cpg file and GDAL's SHAPE_ENCODING use for GBK), "unknown".
const char* to_string(TextEncoding e);

/// Decides from samples (field names, a few values): all ASCII -> Ascii; all valid UTF-8 and some
/// non-ASCII -> Utf8; otherwise, when every sample decodes as GBK without an invalid sequence and at least
/// one is not valid UTF-8 -> Gbk; else Unknown. No samples -> Ascii.
TextEncoding detect_encoding(const std::vector<std::string>& samples);

/// Reads a shapefile's .dbf header field names and the first `rows` records' raw bytes (no GDAL decoding)
/// and detects their encoding. `shp_or_dbf_path` names the .shp, the .dbf or any other member of the
/// shapefile (the .dbf beside it is read). A .cpg beside it is honoured: "UTF-8" -> Utf8; "GBK", "CP936",
/// "936", "GB2312", "GB18030" -> Gbk; "ASCII"/"US-ASCII" -> Ascii; another code page -> Unknown; an empty
/// .cpg is ignored. Text values cut at the field width in the middle of a UTF-8 character still count as
/// UTF-8. Errors: NotFound (no .dbf), BadInput (the file is not a dBASE table), Io (unreadable).
Result<TextEncoding> detect_shapefile_encoding(const std::string& shp_or_dbf_path, int rows = 50);

}  // namespace gis::ingest
