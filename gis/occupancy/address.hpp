#pragma once
/// @file
/// Flat addresses as community staff type them: `12-2-301`, `12栋2单元301`, `12号楼2单元301室`,
/// `12-2-301室`, `１２-２-３０１` (full-width), with spaces or any dash variant. The room number is
/// floor × 100 + flat: 301 is the first flat of floor 3, 1204 the fourth flat of floor 12.

#include <compare>
#include <string>
#include <string_view>
#include <utility>

#include "gis/core/result.hpp"

namespace gis::occupancy {

/// One flat: residential building number (楼号), entrance (单元), floor, and flat position on the floor
/// within the entrance (1-based).
struct FlatRef {
    int building = 0;
    int entrance = 0;
    int floor = 0;
    int flat = 0;

    /// The canonical address, e.g. "12-2-301".
    std::string address() const;
    friend auto operator<=>(const FlatRef&, const FlatRef&) = default;
};

/// What an address names: a building, one entrance of it, or one flat. Parts not given are 0. A flat
/// given without its entrance (`52栋301`) has entrance 0 and floor > 0; the index resolves it when the
/// building has a single entrance.
struct AddressQuery {
    int building = 0;
    int entrance = 0;
    int floor = 0;
    int flat = 0;

    bool names_flat() const { return floor > 0; }
    friend bool operator==(const AddressQuery&, const AddressQuery&) = default;
};

/// Folds the ways people type the same thing into one form: full-width ASCII (`１２－Ａ`) to ASCII, every
/// dash variant (‐ ‑ ‒ – — ― − ﹣ ﹘) to '-', ideographic and other spaces and control characters to a
/// single space; trims both ends. Invalid UTF-8 bytes become U+FFFD.
std::string normalize_text(std::string_view text);

/// True when normalized `text` reads as an address: only digits, '-', '#', spaces and the words
/// 栋 幢 号 楼 单 元 门 室 房, with at least one digit and at least one separator or word.
bool looks_like_address(std::string_view text);

/// Parses an address in any of the forms above; `12栋` and `12-2` name a building and an entrance.
/// Errors (BadInput) say what is wrong and show the expected form, e.g. a room number without a flat
/// (`12-2-3`), a zero or oversized part, or an unexpected word.
Result<AddressQuery> parse_address(std::string_view text);

/// A flat's floor and number from a register's 房号 and 楼层: a door number as registers write it (502:
/// floor 5, flat 2; 1203: floor 12, flat 3), which a 楼层 given beside it must agree with, or a flat's
/// number on its floor (2, with 楼层 5). `floor` 0: not given. The one rule of `households import` and
/// `district import`. BadInput saying which value disagrees or is missing.
Result<std::pair<int, int>> floor_and_flat(int room, int floor);

}  // namespace gis::occupancy
