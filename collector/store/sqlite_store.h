#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "collector/store/store.h"

namespace SQLite {
class Database;
}

namespace minspec::collector {

// The embedded default: one SQLite file in WAL mode, schema versioned by
// ordered migrations (table schema_migrations). Thread-safe.
class SqliteStore final : public Store {
 public:
  // Opens or creates the database and applies pending migrations. A file
  // that is not a minspec database, or from a newer version, is refused.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(const std::filesystem::path& file);
  ~SqliteStore() override;

  int schema_version() const { return schema_version_; }

  absl::StatusOr<std::string> UpsertEnrolledHost(const HostRecord& host) override;
  absl::StatusOr<std::optional<HostRecord>> FindHost(const std::string& host_id) override;
  absl::StatusOr<std::optional<HostRecord>> FindHostByMachineId(
      const std::string& machine_id) override;
  absl::StatusOr<IngestOutcome> Ingest(const std::string& host_id, uint64_t seq,
                                       const minspec::v1::Facts& facts,
                                       const minspec::v1::Evaluation& evaluation) override;
  absl::StatusOr<std::vector<HostState>> ListHosts(bool with_facts) override;
  absl::StatusOr<std::optional<HostState>> GetHost(const std::string& name) override;
  absl::Status AppendAudit(const AuditEntry& entry) override;
  absl::StatusOr<std::vector<AuditEntry>> ListAudit(int limit) override;

 private:
  explicit SqliteStore(std::unique_ptr<SQLite::Database> db);
  absl::Status Migrate();

  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
  int schema_version_ = 0;
};

}  // namespace minspec::collector
