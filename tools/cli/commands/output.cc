#include <google/protobuf/util/json_util.h>

#include "absl/time/time.h"
#include "minspec/v1/common.pb.h"
#include "tools/cli/commands/commands.h"

namespace minspec::cli {

void PrintJson(const google::protobuf::Message& msg, std::ostream& out) {
  std::string json;
  google::protobuf::util::JsonPrintOptions opts;
  opts.add_whitespace = true;
  opts.always_print_primitive_fields = true;
  opts.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(msg, &json, opts);
  out << json;
}

std::string VerdictName(int verdict) {
  return minspec::v1::Verdict_Name(static_cast<minspec::v1::Verdict>(verdict));
}

std::string FormatTime(const google::protobuf::Timestamp& ts) {
  if (ts.seconds() == 0) return "never";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixSeconds(ts.seconds()),
                          absl::UTCTimeZone());
}

}  // namespace minspec::cli
