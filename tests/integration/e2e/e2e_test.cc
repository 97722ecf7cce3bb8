// The whole path, for real: a collector on loopback with its own CA, an agent
// that enrolls over TLS and reports, the CLI reading the result back.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/tls/tls_util.h"
#include "minspec/v1/agent_service.grpc.pb.h"
#include "tests/testing/subprocess.h"

namespace minspec::testing {
namespace {
namespace fs = std::filesystem;

const std::string kBin = MINSPEC_BIN_DIR;
// The default requirements with every network target on a closed loopback
// port (kept in step with the default by LoopbackBaselineTest): the whole
// path runs here without a packet leaving the machine.
const fs::path kLoopbackBaseline =
    MINSPEC_SOURCE_DIR "/tests/fixtures/baselines/loopback.textproto";

class CollectorAgentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = tmp_.path() / "collector";
    baseline_ = kLoopbackBaseline;
    StartCollector();
  }

  void StartCollector() {
    fs::remove(data_ / "collector.port");
    ASSERT_TRUE(collector_.Start({kBin + "/minspec-collector", "--listen", "127.0.0.1:0",
                                  "--data-dir", data_.string(), "--baseline", baseline_.string()},
                                 tmp_.path() / "collector.log"));
    ASSERT_TRUE(WaitForFile(data_ / "collector.port", absl::Seconds(30)))
        << ReadFileOrDie(tmp_.path() / "collector.log");
    port_ = std::string(absl::StripAsciiWhitespace(ReadFileOrDie(data_ / "collector.port")));
    address_ = "127.0.0.1:" + port_;
  }

  CommandResult Agent(const std::string& state, const std::string& secret_file = "") {
    return RunCommand({kBin + "/minspec-agent", "run", "--once", "--collector", address_, "--ca",
                       (data_ / "ca.crt").string(), "--enroll-secret-file",
                       secret_file.empty() ? (data_ / "enroll.secret").string() : secret_file,
                       "--state-dir", (tmp_.path() / state).string()},
                      absl::Seconds(90));
  }

  CommandResult Cli(std::vector<std::string> args, const std::string& token_file = "") {
    std::vector<std::string> argv = {kBin + "/minspec", "--collector", address_, "--ca",
                                     (data_ / "ca.crt").string(), "--token-file",
                                     token_file.empty() ? (data_ / "admin.token").string()
                                                        : token_file};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, absl::Seconds(30));
  }

  TempDir tmp_;
  fs::path data_;
  fs::path baseline_;
  BackgroundProcess collector_;
  std::string port_;
  std::string address_;
};

TEST_F(CollectorAgentTest, FirstStartCreatesPrivateCaSecretAndToken) {
  for (const char* name : {"ca.crt", "ca.key", "server.crt", "server.key", "enroll.secret",
                           "admin.token", "collector.port"}) {
    struct stat st{};
    ASSERT_EQ(stat((data_ / name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600) << name << " must be readable only by the collector";
  }
  const std::string log = ReadFileOrDie(tmp_.path() / "collector.log");
  EXPECT_NE(log.find((data_ / "enroll.secret").string()), std::string::npos) << log;
  // The secret's location is printed, never its value.
  const std::string secret(absl::StripAsciiWhitespace(ReadFileOrDie(data_ / "enroll.secret")));
  EXPECT_EQ(log.find(secret), std::string::npos);
}

TEST_F(CollectorAgentTest, AgentEnrollsReportsAndSummaryShowsIt) {
  CommandResult agent = Agent("agent");
  ASSERT_EQ(agent.exit_code, 0) << agent.err;
  EXPECT_TRUE(fs::exists(tmp_.path() / "agent/client.crt"));

  CommandResult summary = Cli({"summary", "--json"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  auto json = nlohmann::json::parse(summary.out);
  EXPECT_EQ(json["host_count"], 1);
  bool saw_cpu = false;
  for (const auto& r : json["requirements"]) {
    const auto& c = r["counts"];
    const int total = c["pass"].get<int>() + c["fail"].get<int>() + c["unknown"].get<int>() +
                      c["not_applicable"].get<int>() + c["attested"].get<int>();
    EXPECT_EQ(total, 1) << r.dump();
    if (r["id"] == "hw.cpu") saw_cpu = true;
  }
  EXPECT_TRUE(saw_cpu);

  // This machine runs Debian, which the sheet does not list: FAIL, not PASS.
  CommandResult hosts = Cli({"hosts", "--json"});
  ASSERT_EQ(hosts.exit_code, 0) << hosts.err;
  auto hj = nlohmann::json::parse(hosts.out);
  ASSERT_EQ(hj["hosts"].size(), 1u);
  const std::string host_id = hj["hosts"][0]["host_id"];
  CommandResult host = Cli({"host", host_id, "--json"});
  ASSERT_EQ(host.exit_code, 0) << host.err;
  auto detail = nlohmann::json::parse(host.out);
  EXPECT_EQ(detail["facts"]["host"]["host_id"], host_id) << "identity comes from the certificate";

  CommandResult table = Cli({"summary"});
  ASSERT_EQ(table.exit_code, 0);
  EXPECT_NE(table.out.find("Fleet: 1 host(s)"), std::string::npos) << table.out;
}

TEST_F(CollectorAgentTest, WrongEnrollmentSecretIsRefused) {
  WriteFileOrDie(tmp_.path() / "bad.secret", "not-the-secret\n");
  CommandResult agent = Agent("agent", (tmp_.path() / "bad.secret").string());
  EXPECT_EQ(agent.exit_code, 1);
  EXPECT_NE(agent.err.find("wrong enrollment secret"), std::string::npos) << agent.err;
  EXPECT_FALSE(fs::exists(tmp_.path() / "agent/client.crt"));
}

TEST_F(CollectorAgentTest, ReportWithoutClientCertificateIsRefused) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFileOrDie(data_ / "ca.crt");
  auto stub = minspec::v1::AgentService::NewStub(
      grpc::CreateChannel(address_, grpc::SslCredentials(tls)));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->Report(&ctx);
  minspec::v1::ReportRequest req;
  req.set_seq(1);
  stream->Write(req);
  stream->WritesDone();
  minspec::v1::ReportAck ack;
  EXPECT_FALSE(stream->Read(&ack));
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(status.error_message().find("client certificate"), std::string::npos)
      << status.error_message();
}

TEST_F(CollectorAgentTest, CertificateFromAnotherCaIsRefused) {
  auto rogue_ca = minspec::tls::CreateCa("rogue", absl::Hours(1));
  ASSERT_TRUE(rogue_ca.ok());
  auto key = minspec::tls::GeneratePrivateKeyPem();
  auto csr = minspec::tls::CreateCsr(*key, "intruder");
  auto cert = minspec::tls::SignClientCsr(*rogue_ca, *csr, "intruder", absl::Hours(1));
  ASSERT_TRUE(cert.ok());
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFileOrDie(data_ / "ca.crt");
  tls.pem_private_key = *key;
  tls.pem_cert_chain = *cert;
  auto stub = minspec::v1::AgentService::NewStub(
      grpc::CreateChannel(address_, grpc::SslCredentials(tls)));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  minspec::v1::Baseline baseline;
  grpc::Status status = stub->GetBaseline(&ctx, {}, &baseline);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(baseline.requirements_size(), 0);
}

TEST_F(CollectorAgentTest, RestartLosesNothingThatWasAcked) {
  ASSERT_EQ(Agent("agent").exit_code, 0);
  EXPECT_EQ(collector_.Stop(), 0) << "collector exits cleanly on SIGTERM";
  StartCollector();
  CommandResult hosts = Cli({"hosts", "--json"});
  ASSERT_EQ(hosts.exit_code, 0) << hosts.err;
  auto hj = nlohmann::json::parse(hosts.out);
  ASSERT_EQ(hj["hosts"].size(), 1u);
  EXPECT_EQ(hj["hosts"][0]["last_seq"], "1") << hosts.out;  // uint64 maps to a JSON string

  // Same agent, same identity, next sequence number; nothing left in its spool.
  CommandResult again = Agent("agent");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  hosts = Cli({"hosts", "--json"});
  hj = nlohmann::json::parse(hosts.out);
  ASSERT_EQ(hj["hosts"].size(), 1u);
  EXPECT_EQ(hj["hosts"][0]["last_seq"], "2");
}

TEST_F(CollectorAgentTest, WrongAdminTokenIsRefused) {
  WriteFileOrDie(tmp_.path() / "bad.token", "nope\n");
  CommandResult r = Cli({"summary"}, (tmp_.path() / "bad.token").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("token not accepted"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("nope"), std::string::npos) << "the token is never echoed";
}

// Bad input: a clear message and a non-zero exit, never a crash.
TEST(BadInput, UnknownFlagIsAUsageError) {
  for (const std::vector<std::string> cmd :
       {std::vector<std::string>{"minspec", "summary"}, {"minspec-agent", "run", "--collector", "127.0.0.1:9"},
        {"minspec-agent", "check"}, {"minspec-collector"}}) {
    std::vector<std::string> argv = {kBin + "/" + cmd[0]};
    argv.insert(argv.end(), cmd.begin() + 1, cmd.end());
    argv.push_back("--no-such-flag");
    CommandResult r = RunCommand(argv, absl::Seconds(10));
    EXPECT_EQ(r.exit_code, 2) << cmd[0] << ": " << r.err;
    EXPECT_NE(r.err.find("no-such-flag"), std::string::npos) << cmd[0] << ": " << r.err;
  }
  CommandResult none = RunCommand({kBin + "/minspec"}, absl::Seconds(10));
  EXPECT_EQ(none.exit_code, 2) << "a missing subcommand is a usage error too";
}

TEST(BadInput, UnreachableCollector) {
  TempDir tmp;
  auto ca = minspec::tls::CreateCa("x", absl::Hours(1));
  WriteFileOrDie(tmp.path() / "ca.crt", ca->cert_pem);
  WriteFileOrDie(tmp.path() / "secret", "s\n");
  CommandResult agent = RunCommand(
      {kBin + "/minspec-agent", "run", "--once", "--collector", "127.0.0.1:9", "--ca",
       (tmp.path() / "ca.crt").string(), "--enroll-secret-file", (tmp.path() / "secret").string(),
       "--state-dir", (tmp.path() / "state").string()},
      absl::Seconds(60));
  EXPECT_EQ(agent.exit_code, 1);
  EXPECT_NE(agent.err.find("unreachable"), std::string::npos) << agent.err;
  WriteFileOrDie(tmp.path() / "token", "t\n");
  CommandResult cli = RunCommand({kBin + "/minspec", "--collector", "127.0.0.1:9", "--ca",
                                  (tmp.path() / "ca.crt").string(), "--token-file",
                                  (tmp.path() / "token").string(), "summary"},
                                 absl::Seconds(60));
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.err.find("unreachable"), std::string::npos) << cli.err;
}

TEST(BadInput, CorruptDataDirectoryIsRefused) {
  TempDir tmp;
  const fs::path data = tmp.path() / "collector";
  const fs::path baseline = kLoopbackBaseline;
  std::vector<std::string> argv = {kBin + "/minspec-collector", "--listen", "127.0.0.1:0",
                                   "--data-dir", data.string(), "--baseline", baseline.string()};
  {
    BackgroundProcess c;
    ASSERT_TRUE(c.Start(argv, tmp.path() / "c.log"));
    ASSERT_TRUE(WaitForFile(data / "collector.port", absl::Seconds(30)));
    c.Stop();
  }
  WriteFileOrDie(data / "ca.crt", "garbage\n");
  CommandResult r = RunCommand(argv, absl::Seconds(30));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("corrupt"), std::string::npos) << r.err;

  WriteFileOrDie(data / "ca.crt", ReadFileOrDie(data / "server.crt"));
  r = RunCommand(argv, absl::Seconds(30));
  EXPECT_EQ(r.exit_code, 1) << "a CA that did not sign server.crt is refused";

  fs::remove_all(data);
  fs::create_directories(data);
  WriteFileOrDie(data / "collector.db", "this is not a database");
  r = RunCommand(argv, absl::Seconds(30));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(r.err.empty());
}

TEST(BadInput, UnreadableBaselineFile) {
  TempDir tmp;
  CommandResult collector =
      RunCommand({kBin + "/minspec-collector", "--listen", "127.0.0.1:0", "--data-dir",
                  (tmp.path() / "d").string(), "--baseline", "/nonexistent/baseline.textproto"},
                 absl::Seconds(30));
  EXPECT_EQ(collector.exit_code, 1);
  EXPECT_NE(collector.err.find("/nonexistent/baseline.textproto"), std::string::npos)
      << collector.err;
  CommandResult check = RunCommand(
      {kBin + "/minspec-agent", "check", "--baseline", "/nonexistent/baseline.textproto"},
      absl::Seconds(60));
  EXPECT_EQ(check.exit_code, 2) << check.err;
  EXPECT_NE(check.err.find("/nonexistent/baseline.textproto"), std::string::npos) << check.err;
}

}  // namespace
}  // namespace minspec::testing
