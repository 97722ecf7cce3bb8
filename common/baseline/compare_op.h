#pragma once

#include <string>

#include "minspec/v1/baseline.pb.h"

namespace minspec::baseline {

// ">=", "<", ... as the evaluator's reasons and lint's findings print them.
inline std::string CompareOpSymbol(minspec::v1::CompareCheck::Op op) {
  switch (op) {
    case minspec::v1::CompareCheck::GE: return ">=";
    case minspec::v1::CompareCheck::GT: return ">";
    case minspec::v1::CompareCheck::LE: return "<=";
    case minspec::v1::CompareCheck::LT: return "<";
    case minspec::v1::CompareCheck::EQ: return "==";
    case minspec::v1::CompareCheck::NE: return "!=";
    default: return "?";
  }
}

}  // namespace minspec::baseline
