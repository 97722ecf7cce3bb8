// minspec-collector: enrolls agents, ingests their facts over mutual TLS,
// evaluates them against the baseline and answers the admin CLI.
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/server_credentials.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "collector/data_dir.h"
#include "collector/services/admin_service.h"
#include "collector/services/agent_service.h"
#include "collector/store/sqlite_store.h"
#include "common/baseline/loader.h"
#include "common/io/file_util.h"
#include "common/paths/default_baseline.h"

namespace {

std::atomic<bool> g_stop{false};

int Fail(const std::string& what) {
  std::cerr << "minspec-collector: " << what << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"minspec-collector: fleet compliance collector (gRPC, mutual TLS, SQLite)"};
  std::string listen = "127.0.0.1:7443";
  std::string data_dir = "/var/lib/minspec-collector";
  std::string baseline_file;
  std::vector<std::string> server_names;
  std::string log_level = "info";
  app.add_option("--listen", listen, "host:port to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--data-dir", data_dir, "state directory (CA, keys, secrets, database)")
      ->capture_default_str();
  app.add_option("--baseline", baseline_file, "baseline file (default: the shipped one)");
  app.add_option("--server-name", server_names,
                 "extra DNS name or IP for the server certificate (repeatable)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));

  namespace fs = std::filesystem;
  const fs::path baseline_path = baseline_file.empty() ? minspec::DefaultBaselinePath()
                                                       : fs::path(baseline_file);
  auto baseline = minspec::baseline::LoadBaselineFile(baseline_path);
  if (!baseline.ok()) return Fail(std::string(baseline.status().message()));
  minspec::baseline::Evaluator evaluator(*baseline);

  auto dir = minspec::collector::DataDir::OpenOrInit(data_dir, server_names);
  if (!dir.ok()) return Fail(std::string(dir.status().message()));
  auto store = minspec::collector::SqliteStore::Open(dir->db_file());
  if (!store.ok()) return Fail(std::string(store.status().message()));

  minspec::collector::CollectorContext ctx{store->get(), &*dir, &evaluator};
  minspec::collector::AgentServiceImpl agent_service(ctx);
  minspec::collector::AdminServiceImpl admin_service(ctx);

  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = dir->ca().cert_pem;
  tls.pem_key_cert_pairs.push_back({dir->server().key_pem, dir->server().cert_pem});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::SslServerCredentials(tls), &port);
  builder.RegisterService(&agent_service);
  builder.RegisterService(&admin_service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) return Fail(absl::StrCat("cannot listen on ", listen));

  if (auto s = minspec::io::WriteFileAtomic(dir->port_file(), absl::StrCat(port, "\n")); !s.ok())
    return Fail(std::string(s.message()));
  const std::string host = listen.substr(0, listen.rfind(':'));
  spdlog::info("minspec-collector listening on {}:{} (TLS), baseline {} {} from {}", host, port,
               baseline->name(), baseline->version(), baseline_path.string());
  spdlog::info("data directory {}{}", dir->path().string(),
               dir->created() ? " (created: new CA, enrollment secret and admin token)" : "");
  spdlog::info("  agents trust    {}", (dir->path() / "ca.crt").string());
  spdlog::info("  enroll secret   {}", (dir->path() / "enroll.secret").string());
  spdlog::info("  admin token     {}", (dir->path() / "admin.token").string());

  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  spdlog::info("shutting down");
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return 0;
}
