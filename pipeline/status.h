// Status and Result<T>: expected failures as values (after leveldb's Status).
//
// Every stage returns a Status or a Result<T> for failures a user can cause
// (bad input, missing file, unsupported format). Exceptions from libraries are
// caught where the library is called and turned into a Status.
//
//   Result<Bytes> r = ReadFile(path);
//   if (!r.ok()) return r.status();
//   Use(r.value());
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace gongwen {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,        // path does not exist
    kIoError,         // exists but cannot be read or written
    kInvalidInput,    // malformed content: binary, undecodable, empty
    kUnsupported,     // a type this build does not handle
    kTooLarge,        // above a documented limit
    kDatabase,        // SQLite failed
    kInternal,        // a bug: should never reach a user
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status IoError(std::string m) { return Status(Code::kIoError, std::move(m)); }
  static Status InvalidInput(std::string m) { return Status(Code::kInvalidInput, std::move(m)); }
  static Status Unsupported(std::string m) { return Status(Code::kUnsupported, std::move(m)); }
  static Status TooLarge(std::string m) { return Status(Code::kTooLarge, std::move(m)); }
  static Status Database(std::string m) { return Status(Code::kDatabase, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid input: not UTF-8 nor GB18030 text (byte 0x9f at offset 12)"
  std::string ToString() const;

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

const char* CodeName(Status::Code code);

// A value or the Status that explains why there is none.
// REQUIRES: ok() before value().
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}     // NOLINT: implicit by design
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace gongwen
