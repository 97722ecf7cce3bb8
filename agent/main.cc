// minspec-agent: probes this workstation and reports facts to the collector.
//   minspec-agent run    enroll if needed, probe on a schedule, deliver over mutual TLS
//   minspec-agent check  probe once and print this workstation's own verdict
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>
#include <random>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "agent/check/check_command.h"
#include "agent/probes/probe.h"
#include "agent/spool/spool.h"
#include "agent/transport/collector_client.h"
#include "agent/version.h"
#include "common/baseline/loader.h"
#include "common/io/file_util.h"
#include "common/paths/default_baseline.h"

namespace {
namespace fs = std::filesystem;
using minspec::agent::AgentStateFiles;

std::atomic<bool> g_stop{false};

struct RunOptions {
  std::string collector;
  std::string ca_file;
  std::string secret_file;
  std::string state_dir = "/var/lib/minspec-agent";
  bool once = false;
  int interval_minutes = 60;
  std::string mail_domain;
  std::string root = "/";
};

// The collector's baseline (targets for the network probes), cached so a
// cycle during an outage still measures against the last known targets.
std::optional<minspec::v1::Baseline> FetchBaseline(minspec::agent::CollectorClient& client,
                                                   const AgentStateFiles& state) {
  auto fresh = client.GetBaseline();
  if (fresh.ok()) {
    (void)minspec::io::WriteFileAtomic(state.baseline_cache(), fresh->SerializeAsString());
    return *fresh;
  }
  spdlog::warn("{}; using the cached baseline", std::string(fresh.status().message()));
  auto cached = minspec::io::ReadFile(state.baseline_cache());
  minspec::v1::Baseline b;
  if (cached.ok() && b.ParseFromString(*cached)) return b;
  spdlog::warn("no cached baseline: network probes will report UNKNOWN this cycle");
  return std::nullopt;
}

absl::Status RunOneCycle(const RunOptions& opt, const AgentStateFiles& state,
                         minspec::agent::Spool& spool) {
  auto key = minspec::io::ReadFile(state.key());
  auto cert = minspec::io::ReadFile(state.cert());
  auto ca = minspec::io::ReadFile(state.ca());
  for (const auto* s : {&key, &cert, &ca})
    if (!s->ok()) return s->status();
  minspec::agent::CollectorClient client(opt.collector, *ca, *key, *cert);
  auto baseline = FetchBaseline(client, state);

  minspec::agent::ProbeContext ctx;
  ctx.root = opt.root;
  ctx.mail_domain = opt.mail_domain;
  if (baseline) ctx.baseline = &*baseline;
  const absl::Time start = absl::Now();
  minspec::v1::Facts facts = minspec::agent::RunProbeCycle(minspec::agent::AllProbes(), ctx);
  auto seq = spool.Enqueue(facts);
  if (!seq.ok()) return seq.status();
  spdlog::info("probe cycle took {} ms, spooled as seq {}",
               absl::ToInt64Milliseconds(absl::Now() - start), *seq);
  auto acked = client.Deliver(spool);
  if (!acked.ok()) return acked.status();
  auto left = spool.Size();
  spdlog::info("delivered {} report(s); {} waiting in the spool", *acked, left.ok() ? *left : 0);
  if (left.ok() && *left > 0)
    return absl::UnavailableError(absl::StrCat(*left, " report(s) not acked yet"));
  return absl::OkStatus();
}

int Run(const RunOptions& opt) {
  AgentStateFiles state(opt.state_dir);
  std::error_code ec;
  fs::create_directories(state.dir, ec);
  if (ec) {
    std::cerr << "minspec-agent: cannot create state directory " << opt.state_dir << ": "
              << ec.message() << "\n";
    return 1;
  }
  fs::permissions(state.dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (!state.enrolled() && (opt.ca_file.empty() || opt.secret_file.empty())) {
    std::cerr << "minspec-agent: not enrolled yet: give --ca and --enroll-secret-file\n";
    return 2;
  }
  minspec::agent::ProbeContext id_ctx;
  id_ctx.root = opt.root;
  minspec::v1::Facts id_facts;
  minspec::agent::ProbeList id_probe;
  for (auto& p : minspec::agent::AllProbes())
    if (p->Name() == "host") p->Collect(id_ctx, id_facts);
  if (auto s = minspec::agent::EnsureEnrolled(state, opt.collector, opt.ca_file, opt.secret_file,
                                              id_facts.host());
      !s.ok()) {
    std::cerr << "minspec-agent: " << s.message() << "\n";
    return 1;
  }
  auto spool = minspec::agent::Spool::Open(state.spool());
  if (!spool.ok()) {
    std::cerr << "minspec-agent: " << spool.status().message() << "\n";
    return 1;
  }
  std::mt19937 rng(std::random_device{}());
  for (;;) {
    absl::Status s = RunOneCycle(opt, state, **spool);
    if (opt.once) {
      if (!s.ok()) {
        std::cerr << "minspec-agent: " << s.message() << "\n";
        return 1;
      }
      return 0;
    }
    if (!s.ok()) spdlog::warn("{} (will retry next cycle)", std::string(s.message()));
    // Spread 20,000 agents over the interval instead of a thundering herd.
    std::uniform_int_distribution<int> jitter(0, std::max(1, opt.interval_minutes * 6));
    const auto wait = std::chrono::minutes(opt.interval_minutes) + std::chrono::seconds(jitter(rng));
    const auto until = std::chrono::steady_clock::now() + wait;
    while (!g_stop && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (g_stop) return 0;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"minspec-agent: checks this workstation against the video-consulting minimums"};
  app.require_subcommand(1);
  bool show_version = false;
  app.add_flag("--version", show_version, "print the version");

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "enroll if needed, probe on a schedule and report");
  run_cmd->add_option("--collector", run.collector, "collector host:port")->required();
  run_cmd->add_option("--ca", run.ca_file, "the collector's CA certificate (needed to enroll)");
  run_cmd->add_option("--enroll-secret-file", run.secret_file,
                      "file holding the enrollment secret (needed to enroll)");
  run_cmd->add_option("--state-dir", run.state_dir, "keys, certificate, spool")
      ->capture_default_str();
  run_cmd->add_flag("--once", run.once, "one probe cycle, deliver, wait for the ack, exit");
  run_cmd->add_option("--interval-minutes", run.interval_minutes, "minutes between cycles")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  run_cmd->add_option("--mail-domain", run.mail_domain, "mail domain for the autodiscover check");
  run_cmd->add_option("--root", run.root, "read the machine under this root (tests)")
      ->capture_default_str();

  minspec::agent::CheckOptions check;
  std::string check_baseline;
  auto* check_cmd = app.add_subcommand("check", "probe once and print this workstation's verdict");
  check_cmd->add_option("--baseline", check_baseline, "baseline file (default: the shipped one)");
  check_cmd->add_flag("--json", check.json, "one JSON object with facts and results");
  check_cmd->add_option("--mail-domain", check.mail_domain, "mail domain for autodiscover");
  std::string check_root = "/";
  check_cmd->add_option("--root", check_root, "read the machine under this root (tests)");

  auto* version_cmd = app.add_subcommand("version", "print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (show_version) {
      std::cout << "minspec-agent " << minspec::agent::kAgentVersion << "\n";
      return 0;
    }
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (version_cmd->parsed()) {
    std::cout << "minspec-agent " << minspec::agent::kAgentVersion << "\n";
    return 0;
  }
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  if (check_cmd->parsed()) {
    spdlog::set_level(spdlog::level::warn);
    check.baseline = check_baseline.empty() ? minspec::DefaultBaselinePath() : fs::path(check_baseline);
    check.root = check_root;
    return minspec::agent::RunCheck(check, std::cout, std::cerr);
  }
  return Run(run);
}
