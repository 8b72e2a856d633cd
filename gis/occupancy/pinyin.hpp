#pragma once
/// @file
/// Names to pinyin syllables through ICU's "Han-Latin/Names; Latin-ASCII" transliteration (surname
/// readings: 曾 zeng, 单 shan, 仇 qiu, ...). Transliterating is slow in ICU (tens of microseconds a
/// character), so readings are cached per character and position: a name costs a few hash look-ups.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"

namespace gis::occupancy {

/// Turns names into lower-case ASCII syllables. Not thread-safe: use one per thread.
class PinyinTranscriber {
  public:
    /// Creates the ICU transliterator (the first one in a process compiles ICU's rules: about a second).
    /// Error Internal when ICU lacks the Han-Latin data.
    static Result<PinyinTranscriber> create();
    PinyinTranscriber(PinyinTranscriber&&) noexcept;
    PinyinTranscriber& operator=(PinyinTranscriber&&) noexcept;
    ~PinyinTranscriber();

    /// 张小伟 -> {"zhang", "xiao", "wei"}; 曾国强 -> {"zeng", "guo", "qiang"}; a run of Latin letters is one
    /// syllable ("Anna Li" -> {"anna", "li"}); 'v' is written 'u' (吕 -> "lu"); other characters separate.
    std::vector<std::string> syllables(std::string_view name);

  private:
    struct Impl;
    explicit PinyinTranscriber(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gis::occupancy
