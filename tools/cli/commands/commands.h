#pragma once

#include <ostream>
#include <string>

#include "tools/cli/admin_client.h"

// One file per admin command in this folder. Each prints a human table by
// default or protobuf's JSON mapping with --json, and returns the exit code.
namespace minspec::cli {

struct OutputOptions {
  bool json = false;
};

int RunSummary(AdminClient& client, const OutputOptions& out_opts, std::ostream& out,
               std::ostream& err);
int RunHosts(AdminClient& client, const OutputOptions& out_opts, std::ostream& out,
             std::ostream& err);
int RunHost(AdminClient& client, const std::string& name, const OutputOptions& out_opts,
            std::ostream& out, std::ostream& err);

// Prints a message as JSON (protobuf mapping, enums as names).
void PrintJson(const google::protobuf::Message& msg, std::ostream& out);
std::string VerdictName(int verdict);
std::string FormatTime(const google::protobuf::Timestamp& ts);

}  // namespace minspec::cli
