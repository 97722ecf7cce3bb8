#include "common/baseline/fact_path.h"

#include <cmath>
#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace minspec::baseline {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

const FieldDescriptor* StatusFieldOf(const Descriptor* type) {
  const FieldDescriptor* f = type->FindFieldByName("status");
  return (f != nullptr && IsProbeStatus(f)) ? f : nullptr;
}

bool IsProbeStatus(const FieldDescriptor* f) {
  return f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated() &&
         f->message_type()->full_name() == minspec::v1::ProbeStatus::descriptor()->full_name();
}

bool IsNumericField(const FieldDescriptor* f) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return true;
    default:
      return false;
  }
}

bool IsStringField(const FieldDescriptor* f) {
  return f->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
}

bool IsBoolField(const FieldDescriptor* f) { return f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL; }

absl::StatusOr<FactPath> ResolveFactPath(const Descriptor* type, std::string_view path) {
  FactPath out;
  out.text = std::string(path);
  if (path.empty()) return absl::InvalidArgumentError("empty fact path");
  const Descriptor* current = type;
  std::vector<std::string> parts = absl::StrSplit(absl::string_view(path.data(), path.size()), '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& name = parts[i];
    if (current == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "fact '", out.text, "': '", parts[i - 1], "' is not a message, cannot select '", name,
          "'"));
    }
    const FieldDescriptor* f = current->FindFieldByName(name);
    if (f == nullptr) {
      std::vector<std::string> known;
      for (int k = 0; k < current->field_count(); ++k) known.push_back(current->field(k)->name());
      return absl::InvalidArgumentError(absl::StrCat("unknown fact '", out.text, "': ",
                                                     current->full_name(), " has no field '", name,
                                                     "' (it has: ", absl::StrJoin(known, ", "),
                                                     ")"));
    }
    const bool last = i + 1 == parts.size();
    if (!last && f->is_repeated()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "fact '", out.text, "' crosses the repeated field '", name,
          "': use an each or count check over it and name the element's fields relative to it"));
    }
    out.fields.push_back(f);
    current = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ? f->message_type() : nullptr;
  }
  return out;
}

FactLookup LookupFact(const Message& start, const FactPath& path) {
  FactLookup out;
  const Message* msg = &start;
  std::string owner;
  auto note_status = [&](const Message& m, const std::string& where) {
    const FieldDescriptor* sf = StatusFieldOf(m.GetDescriptor());
    if (sf == nullptr) return;
    out.status = static_cast<const minspec::v1::ProbeStatus*>(
        &m.GetReflection()->GetMessage(m, sf));
    out.status_owner = where;
  };
  note_status(*msg, owner);
  for (size_t i = 0; i < path.fields.size(); ++i) {
    const FieldDescriptor* f = path.fields[i];
    const bool last = i + 1 == path.fields.size();
    if (last) {
      out.holder = msg;
      out.field = f;
      // A message-typed leaf (a probe's own message) is governed by its own status.
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_repeated()) {
        const Message& leaf = msg->GetReflection()->GetMessage(*msg, f);
        note_status(leaf, owner.empty() ? f->name() : absl::StrCat(owner, ".", f->name()));
      }
      break;
    }
    // Unset messages read as their default instance: their status is
    // CODE_UNSPECIFIED, i.e. "the probe did not run".
    msg = &msg->GetReflection()->GetMessage(*msg, f);
    owner = owner.empty() ? f->name() : absl::StrCat(owner, ".", f->name());
    note_status(*msg, owner);
  }
  return out;
}

std::optional<std::string> StatusProblem(const minspec::v1::ProbeStatus* status,
                                         std::string_view owner) {
  if (status == nullptr) return std::nullopt;
  const std::string who = owner.empty() ? std::string("facts") : std::string(owner);
  switch (status->code()) {
    case minspec::v1::ProbeStatus::OK:
      return std::nullopt;
    case minspec::v1::ProbeStatus::ERROR:
      return absl::StrCat(who, " probe failed: ",
                          status->error().empty() ? std::string("no reason given") : status->error());
    case minspec::v1::ProbeStatus::NOT_SUPPORTED:
      return absl::StrCat(who, " is not supported on this platform",
                          status->error().empty() ? std::string() : absl::StrCat(": ", status->error()));
    default:
      return absl::StrCat(who, " not collected (the probe did not run)");
  }
}

std::optional<std::string> WhyUnknown(const FactLookup& lookup, const FactPath& path) {
  if (auto problem = StatusProblem(lookup.status, lookup.status_owner)) return problem;
  const FieldDescriptor* f = lookup.field;
  if (f->is_repeated()) return std::nullopt;
  const Reflection* r = lookup.holder->GetReflection();
  if (f->has_presence() && !r->HasField(*lookup.holder, f)) {
    return absl::StrCat(path.text, " not collected");
  }
  if (IsStringField(f) && r->GetString(*lookup.holder, f).empty()) {
    return absl::StrCat(path.text, " not collected (empty)");
  }
  return std::nullopt;
}

double ReadNumber(const FactLookup& l) {
  const Reflection* r = l.holder->GetReflection();
  switch (l.field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: return r->GetInt32(*l.holder, l.field);
    case FieldDescriptor::CPPTYPE_INT64: return static_cast<double>(r->GetInt64(*l.holder, l.field));
    case FieldDescriptor::CPPTYPE_UINT32: return r->GetUInt32(*l.holder, l.field);
    case FieldDescriptor::CPPTYPE_UINT64: return static_cast<double>(r->GetUInt64(*l.holder, l.field));
    case FieldDescriptor::CPPTYPE_DOUBLE: return r->GetDouble(*l.holder, l.field);
    case FieldDescriptor::CPPTYPE_FLOAT: return r->GetFloat(*l.holder, l.field);
    default: return 0;
  }
}

std::string ReadString(const FactLookup& l) {
  return l.holder->GetReflection()->GetString(*l.holder, l.field);
}

bool ReadBool(const FactLookup& l) { return l.holder->GetReflection()->GetBool(*l.holder, l.field); }

std::string FormatNumber(double value) {
  if (std::isfinite(value) && std::fabs(value) < 1e15 && value == std::floor(value)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace minspec::baseline
