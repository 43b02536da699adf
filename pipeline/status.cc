#include "pipeline/status.h"

namespace gongwen {

const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "ok";
    case Status::Code::kNotFound: return "not found";
    case Status::Code::kIoError: return "I/O error";
    case Status::Code::kInvalidInput: return "invalid input";
    case Status::Code::kUnsupported: return "unsupported";
    case Status::Code::kTooLarge: return "too large";
    case Status::Code::kDatabase: return "database error";
    case Status::Code::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace gongwen
