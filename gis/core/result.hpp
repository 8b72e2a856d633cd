#pragma once
/// @file
/// Expected failures come back as values: `Result<T>` holds either a T or an `Error` whose message a
/// user can act on (it names the file, layer and feature where there is one).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace gis {

/// Kinds of expected failure. Each maps to a distinct CLI exit code (see `exit_code`).
enum class ErrorCode {
    BadInput = 2,         ///< malformed argument, address, WKT, option value
    NotFound = 3,         ///< file, record or feature does not exist
    NotGis = 4,           ///< the file exists but no GDAL driver can read it as vector data
    MissingLayer = 5,     ///< a required layer or field is absent
    WrongCrs = 6,         ///< geographic or unknown CRS where metres are needed
    InvalidGeometry = 7,  ///< geometry fails validity checks
    ReadOnly = 8,         ///< file is read-only or locked by another process
    CheckFailed = 9,      ///< data quality checks found problems
    Io = 10,              ///< other I/O failure while reading or writing
    Damaged = 11,         ///< the file is damaged (SQLite integrity, unreadable records): restore a backup
    Internal = 70,        ///< a library threw or failed unexpectedly
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
};

/// Exit status a command-line front end should return for an error.
inline int exit_code(ErrorCode c) { return static_cast<int>(c); }

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}  // NOLINT

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(v_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(v_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(v_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(v_);
    }

  private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const {
        assert(!ok_);
        return error_;
    }

  private:
    Error error_;
    bool ok_ = true;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace gis
