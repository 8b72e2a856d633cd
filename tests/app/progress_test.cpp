#include "app/cli/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "app/i18n/i18n.hpp"

using app::cli::ProgressReporter;

namespace {

/// What a reporter wrote, with a clock the test moves.
struct Capture {
    std::FILE* f = std::tmpfile();
    double t = 0;
    ~Capture() { std::fclose(f); }
    std::string text() {
        std::fflush(f);
        std::rewind(f);
        std::string s;
        char buf[4096];
        while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) s.append(buf, n);
        return s;
    }
};

int count(const std::string& s, const std::string& what) {
    int n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

}  // namespace

TEST(ProgressReporter, ALogGetsALineAtEachTenthAndTheTimeItTook) {
    app::i18n::set_language(app::i18n::Lang::En);
    Capture c;
    {
        ProgressReporter p(ProgressReporter::Mode::Log, c.f, [&] { return c.t; });
        for (int i = 1; i <= 1000; ++i) {
            c.t = i * 0.01;  // 100 rows a second
            p("progress.checking", i, 1000);
        }
        c.t = 10.5;
        p("progress.writing", 0, 10);
        p("progress.writing", 10, 10);
    }
    const std::string log = c.text();
    EXPECT_EQ(count(log, "Checking …\n"), 1) << log;
    EXPECT_EQ(count(log, "Checking: "), 10) << log;  // 10 %, 20 %, ... 90 %, and the closing line
    EXPECT_NE(log.find("Checking: 500 / 1,000 (50%)  100/s  left 0:05\n"), std::string::npos) << log;
    EXPECT_NE(log.find("Checking: 1,000 / 1,000, took 0:10\n"), std::string::npos) << log;
    EXPECT_NE(log.find("Writing: 10 / 10, took 0:00\n"), std::string::npos) << log;
    EXPECT_EQ(log.find('\r'), std::string::npos) << "no bar in a log";
}

TEST(ProgressReporter, ATerminalGetsABarRedrawnAtMostTenTimesASecondThenCleared) {
    app::i18n::set_language(app::i18n::Lang::Zh);
    Capture c;
    {
        ProgressReporter p(ProgressReporter::Mode::Terminal, c.f, [&] { return c.t; });
        for (int i = 1; i <= 1000; ++i) {
            c.t = i * 0.001;  // a second in all
            p("progress.checking", i, 1000);
        }
    }
    const std::string out = c.text();
    EXPECT_LE(count(out, "\r检查"), 12) << "redrawn at most ten times a second";
    EXPECT_GE(count(out, "\r检查"), 9);
    EXPECT_NE(out.find("[########################] 100%  1,000 / 1,000"), std::string::npos) << out;
    EXPECT_EQ(out.substr(out.size() - 4), "\r\x1b[K") << "the bar is cleared at the end";
    EXPECT_EQ(out.find('\n'), std::string::npos);
    app::i18n::set_language(app::i18n::Lang::En);
}

TEST(ProgressReporter, QuietWritesNothingAndNamesFromDataAreMadeHarmless) {
    Capture quiet;
    {
        ProgressReporter p(ProgressReporter::Mode::Quiet, quiet.f, [&] { return quiet.t; });
        p("progress.checking", 5, 10);
    }
    EXPECT_EQ(quiet.text(), "");
    Capture log;
    {
        ProgressReporter p(ProgressReporter::Mode::Log, log.f, [&] { return log.t; });
        p("layer\x1b]0;owned\x07", 1, 0);  // a layer's name from a file, with a terminal escape
    }
    EXPECT_EQ(log.text().find('\x1b'), std::string::npos) << log.text();
    EXPECT_EQ(ProgressReporter::mode_for(true), ProgressReporter::Mode::Quiet);
}
