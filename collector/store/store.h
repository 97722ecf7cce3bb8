#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "minspec/v1/facts.pb.h"
#include "minspec/v1/results.pb.h"

namespace minspec::collector {

struct HostRecord {
  std::string host_id;
  std::string hostname;
  std::string machine_id;
  std::string cert_fingerprint;
  absl::Time enrolled_at;
  std::optional<absl::Time> last_report_at;
  uint64_t last_seq = 0;
};

struct HostState {
  HostRecord host;
  std::optional<minspec::v1::Facts> facts;          // latest report
  std::optional<minspec::v1::Evaluation> evaluation;  // of the latest facts
};

struct AuditEntry {
  absl::Time at;
  std::string actor;   // "agent:<host_id>", "admin:<token name>", "collector"
  std::string action;  // enroll, ingest-refused, ...
  std::string target;
  std::string detail;
};

enum class IngestOutcome { kStored, kDuplicate };

// Where the collector keeps hosts, reports, evaluations and the audit log.
// SQLite by default; the interface is where a server database plugs in.
class Store {
 public:
  virtual ~Store() = default;

  // Creates the host or, for a re-enrolling machine (same machine id),
  // updates its certificate fingerprint. Returns the host id.
  virtual absl::StatusOr<std::string> UpsertEnrolledHost(const HostRecord& host) = 0;
  virtual absl::StatusOr<std::optional<HostRecord>> FindHost(const std::string& host_id) = 0;
  virtual absl::StatusOr<std::optional<HostRecord>> FindHostByMachineId(
      const std::string& machine_id) = 0;

  // Stores one report and its evaluation atomically. Idempotent on
  // (host_id, seq): a report seen before is kDuplicate and changes nothing.
  virtual absl::StatusOr<IngestOutcome> Ingest(const std::string& host_id, uint64_t seq,
                                               const minspec::v1::Facts& facts,
                                               const minspec::v1::Evaluation& evaluation) = 0;

  // Every host with its latest facts and evaluation.
  virtual absl::StatusOr<std::vector<HostState>> ListHosts(bool with_facts) = 0;
  // By hostname or host id.
  virtual absl::StatusOr<std::optional<HostState>> GetHost(const std::string& name) = 0;

  virtual absl::Status AppendAudit(const AuditEntry& entry) = 0;
  virtual absl::StatusOr<std::vector<AuditEntry>> ListAudit(int limit) = 0;
};

}  // namespace minspec::collector
