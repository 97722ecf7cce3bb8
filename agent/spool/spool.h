#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "minspec/v1/facts.pb.h"

namespace SQLite {
class Database;
}

namespace minspec::agent {

struct SpooledReport {
  uint64_t seq;
  minspec::v1::Facts facts;
  int64_t created_unix;
};

// Reports waiting for the collector's ack, in a local SQLite file. A report
// leaves the spool only when its sequence number is acked, so a crash, a
// reboot or a collector outage loses nothing. Sequence numbers only grow,
// even across deletions (AUTOINCREMENT), so (host, seq) stays unique.
class Spool {
 public:
  static absl::StatusOr<std::unique_ptr<Spool>> Open(const std::filesystem::path& file,
                                                     size_t max_reports = 1000);
  ~Spool();

  absl::StatusOr<uint64_t> Enqueue(const minspec::v1::Facts& facts);
  absl::StatusOr<std::vector<SpooledReport>> Pending(size_t limit = 100);
  absl::Status Ack(uint64_t seq);
  absl::StatusOr<size_t> Size();

 private:
  explicit Spool(std::unique_ptr<SQLite::Database> db, size_t max_reports);
  std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
  size_t max_reports_;
};

}  // namespace minspec::agent
