// minspec: the admin CLI. Asks a collector who fails which requirement, why
// and where; lints baseline files.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "common/baseline/lint.h"
#include "tools/cli/commands/commands.h"

namespace {
std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"minspec: fleet compliance with the video-consulting minimums"};
  app.require_subcommand(1);
  minspec::cli::ConnectionOptions conn{Env("MINSPEC_COLLECTOR"), Env("MINSPEC_CA"),
                                       Env("MINSPEC_TOKEN_FILE")};
  minspec::cli::OutputOptions out_opts;
  app.add_option("--collector", conn.collector, "collector host:port [MINSPEC_COLLECTOR]");
  app.add_option("--ca", conn.ca_file, "collector CA certificate [MINSPEC_CA]");
  app.add_option("--token-file", conn.token_file, "admin token file [MINSPEC_TOKEN_FILE]");
  app.add_flag("--json", out_opts.json, "JSON (protobuf mapping) instead of a table");

  auto* summary = app.add_subcommand("summary", "fleet compliance per requirement");
  auto* hosts = app.add_subcommand("hosts", "every enrolled host");
  std::string host_name;
  auto* host = app.add_subcommand("host", "one host: verdicts, observed values, why");
  host->add_option("name", host_name, "hostname or host id")->required();
  auto* baseline = app.add_subcommand("baseline", "baseline files");
  baseline->require_subcommand(1);
  std::string lint_file;
  auto* lint = baseline->add_subcommand("lint", "check a baseline file");
  lint->add_option("file", lint_file, "baseline .textproto")->required();
  for (auto* sub : {summary, hosts, host}) sub->add_flag("--json", out_opts.json, "JSON output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (lint->parsed()) return minspec::baseline::RunBaselineLint(lint_file, std::cout, std::cerr);

  auto client = minspec::cli::AdminClient::Connect(conn);
  if (!client.ok()) {
    std::cerr << "minspec: " << client.status().message() << "\n";
    return 2;
  }
  if (summary->parsed()) return minspec::cli::RunSummary(*client, out_opts, std::cout, std::cerr);
  if (hosts->parsed()) return minspec::cli::RunHosts(*client, out_opts, std::cout, std::cerr);
  if (host->parsed())
    return minspec::cli::RunHost(*client, host_name, out_opts, std::cout, std::cerr);
  return 2;
}
