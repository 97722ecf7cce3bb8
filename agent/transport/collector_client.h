#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "agent/spool/spool.h"
#include "minspec/v1/agent_service.grpc.pb.h"

namespace minspec::agent {

// Files the agent keeps in its state directory (0700, files 0600).
struct AgentStateFiles {
  explicit AgentStateFiles(std::filesystem::path dir) : dir(std::move(dir)) {}
  std::filesystem::path dir;
  std::filesystem::path key() const { return dir / "client.key"; }
  std::filesystem::path cert() const { return dir / "client.crt"; }
  std::filesystem::path ca() const { return dir / "ca.crt"; }
  std::filesystem::path host_id() const { return dir / "host.id"; }
  std::filesystem::path baseline_cache() const { return dir / "baseline.pb"; }
  std::filesystem::path spool() const { return dir / "spool.db"; }
  bool enrolled() const;
};

// The agent's side of AgentService over TLS. Before enrollment it presents
// no certificate; after, every call is mutual TLS with the enrolled key.
class CollectorClient {
 public:
  // `ca_pem` is the collector CA the agent trusts; key/cert empty before enrollment.
  CollectorClient(const std::string& address, const std::string& ca_pem,
                  const std::string& key_pem = "", const std::string& cert_pem = "");

  absl::StatusOr<minspec::v1::EnrollResponse> Enroll(const minspec::v1::EnrollRequest& request);
  absl::StatusOr<minspec::v1::Baseline> GetBaseline();
  // Sends every spooled report in order, deleting each once acked.
  // Returns how many were acked; an error leaves the rest in the spool.
  absl::StatusOr<size_t> Deliver(Spool& spool);

 private:
  std::string address_;
  std::unique_ptr<minspec::v1::AgentService::Stub> stub_;
};

// Enrolls once: makes a key and CSR, presents the enrollment secret, stores
// the signed certificate. Does nothing when already enrolled.
absl::Status EnsureEnrolled(const AgentStateFiles& state, const std::string& address,
                            const std::filesystem::path& ca_file,
                            const std::filesystem::path& secret_file,
                            const minspec::v1::HostIdentity& identity);

}  // namespace minspec::agent
