#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "minspec/v1/common.pb.h"

namespace minspec::baseline {

// A fact named by its field path, e.g. "hardware.cpu.physical_cores" in
// minspec.v1.Facts, resolved once against the message type with protobuf
// reflection. Every field but the last must be a singular message: a path
// never crosses a repeated field (each/count checks iterate those).
struct FactPath {
  std::string text;
  std::vector<const google::protobuf::FieldDescriptor*> fields;  // never empty

  const google::protobuf::FieldDescriptor* leaf() const { return fields.back(); }
};

// Resolves `path` against `type`. Errors name the unknown component and the
// fields the message does have.
absl::StatusOr<FactPath> ResolveFactPath(const google::protobuf::Descriptor* type,
                                         std::string_view path);

// Where a fact was read: the message holding the leaf field and the probe
// status that governs it (the nearest enclosing message's `status` field of
// type minspec.v1.ProbeStatus; for a message-typed leaf, its own status).
struct FactLookup {
  const google::protobuf::Message* holder = nullptr;
  const google::protobuf::FieldDescriptor* field = nullptr;
  const minspec::v1::ProbeStatus* status = nullptr;  // null: no status on the path
  std::string status_owner;  // path of the message owning `status`, for messages
};

FactLookup LookupFact(const google::protobuf::Message& start, const FactPath& path);

// Why a looked-up fact cannot be used: the probe did not report OK (its
// error), or the leaf is an unset optional field / empty string ("not
// collected"). nullopt when the value may be read.
std::optional<std::string> WhyUnknown(const FactLookup& lookup, const FactPath& path);

// Why the governing status alone is not OK; nullopt when OK or absent.
std::optional<std::string> StatusProblem(const minspec::v1::ProbeStatus* status,
                                         std::string_view owner);

// Field kinds, for checks and lint.
bool IsNumericField(const google::protobuf::FieldDescriptor* f);
bool IsStringField(const google::protobuf::FieldDescriptor* f);
bool IsBoolField(const google::protobuf::FieldDescriptor* f);
bool IsProbeStatus(const google::protobuf::FieldDescriptor* f);

// Reads a singular numeric/string/bool leaf (caller checked the kind).
double ReadNumber(const FactLookup& lookup);
std::string ReadString(const FactLookup& lookup);
bool ReadBool(const FactLookup& lookup);

// The status field of a message type, if it has one.
const google::protobuf::FieldDescriptor* StatusFieldOf(const google::protobuf::Descriptor* type);

// "4", "2000", "0.5": integers without a fraction, others with up to 2 decimals.
std::string FormatNumber(double value);

}  // namespace minspec::baseline
