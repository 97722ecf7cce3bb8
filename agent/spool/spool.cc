#include "agent/spool/spool.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace minspec::agent {
namespace {
absl::Status DbError(const std::exception& e, std::string_view what) {
  return absl::InternalError(absl::StrCat("spool: ", std::string(what), ": ", e.what()));
}
}  // namespace

Spool::Spool(std::unique_ptr<SQLite::Database> db, size_t max_reports)
    : db_(std::move(db)), max_reports_(max_reports) {}
Spool::~Spool() = default;

absl::StatusOr<std::unique_ptr<Spool>> Spool::Open(const std::filesystem::path& file,
                                                   size_t max_reports) {
  try {
    auto db = std::make_unique<SQLite::Database>(file.string(),
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=FULL");
    db->setBusyTimeout(5000);
    db->exec(
        "CREATE TABLE IF NOT EXISTS reports (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "created INTEGER NOT NULL, facts BLOB NOT NULL)");
    return std::unique_ptr<Spool>(new Spool(std::move(db), max_reports));
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open spool ", file.string(), ": ", e.what()));
  }
}

absl::StatusOr<uint64_t> Spool::Enqueue(const minspec::v1::Facts& facts) {
  const std::string blob = facts.SerializeAsString();
  std::lock_guard lock(mu_);
  try {
    SQLite::Transaction tx(*db_);
    SQLite::Statement q(*db_, "INSERT INTO reports (created, facts) VALUES (?, ?)");
    q.bind(1, static_cast<int64_t>(absl::ToUnixSeconds(absl::Now())));
    q.bind(2, blob.data(), static_cast<int>(blob.size()));
    q.exec();
    const uint64_t seq = static_cast<uint64_t>(db_->getLastInsertRowid());
    // Bounded: during a long outage keep the newest reports, drop the oldest.
    SQLite::Statement trim(*db_,
                           "DELETE FROM reports WHERE seq <= (SELECT MAX(seq) FROM reports) - ?");
    trim.bind(1, static_cast<int64_t>(max_reports_));
    trim.exec();
    tx.commit();
    return seq;
  } catch (const std::exception& e) {
    return DbError(e, "enqueue");
  }
}

absl::StatusOr<std::vector<SpooledReport>> Spool::Pending(size_t limit) {
  std::lock_guard lock(mu_);
  std::vector<SpooledReport> out;
  try {
    SQLite::Statement q(*db_, "SELECT seq, created, facts FROM reports ORDER BY seq LIMIT ?");
    q.bind(1, static_cast<int64_t>(limit));
    while (q.executeStep()) {
      SpooledReport r;
      r.seq = static_cast<uint64_t>(q.getColumn(0).getInt64());
      r.created_unix = q.getColumn(1).getInt64();
      const auto& col = q.getColumn(2);
      if (!r.facts.ParseFromArray(col.getBlob(), col.getBytes()))
        return absl::DataLossError(absl::StrCat("spool: report ", r.seq, " is corrupt"));
      out.push_back(std::move(r));
    }
  } catch (const std::exception& e) {
    return DbError(e, "read");
  }
  return out;
}

absl::Status Spool::Ack(uint64_t seq) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement q(*db_, "DELETE FROM reports WHERE seq = ?");
    q.bind(1, static_cast<int64_t>(seq));
    q.exec();
  } catch (const std::exception& e) {
    return DbError(e, "ack");
  }
  return absl::OkStatus();
}

absl::StatusOr<size_t> Spool::Size() {
  std::lock_guard lock(mu_);
  try {
    return static_cast<size_t>(db_->execAndGet("SELECT COUNT(*) FROM reports").getInt64());
  } catch (const std::exception& e) {
    return DbError(e, "count");
  }
}

}  // namespace minspec::agent
