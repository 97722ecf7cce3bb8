#include "collector/store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <array>

#include "absl/strings/str_cat.h"

namespace minspec::collector {
namespace {

// Ordered, append-only. Never edit a shipped migration: add the next one.
constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
    CREATE TABLE hosts (
      host_id TEXT PRIMARY KEY,
      hostname TEXT NOT NULL,
      machine_id TEXT NOT NULL,
      cert_fingerprint TEXT NOT NULL,
      enrolled_at INTEGER NOT NULL,
      last_report_at INTEGER,
      last_seq INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX hosts_hostname ON hosts(hostname);
    CREATE INDEX hosts_machine_id ON hosts(machine_id);
    -- Every report kept: the history. Idempotent on (host_id, seq).
    CREATE TABLE reports (
      host_id TEXT NOT NULL REFERENCES hosts(host_id),
      seq INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      facts BLOB NOT NULL,
      PRIMARY KEY (host_id, seq)
    );
    -- The evaluation of each host's latest report.
    CREATE TABLE evaluations (
      host_id TEXT PRIMARY KEY REFERENCES hosts(host_id),
      seq INTEGER NOT NULL,
      evaluated_at INTEGER NOT NULL,
      evaluation BLOB NOT NULL
    );
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      detail TEXT NOT NULL
    );
    )sql",
};

int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }

absl::Status DbError(const std::exception& e, std::string_view what) {
  return absl::InternalError(absl::StrCat("database: ", std::string(what), ": ", e.what()));
}

HostRecord ReadHost(SQLite::Statement& q) {
  HostRecord h;
  h.host_id = q.getColumn(0).getString();
  h.hostname = q.getColumn(1).getString();
  h.machine_id = q.getColumn(2).getString();
  h.cert_fingerprint = q.getColumn(3).getString();
  h.enrolled_at = FromMicros(q.getColumn(4).getInt64());
  if (!q.getColumn(5).isNull()) h.last_report_at = FromMicros(q.getColumn(5).getInt64());
  h.last_seq = static_cast<uint64_t>(q.getColumn(6).getInt64());
  return h;
}

constexpr char kHostColumns[] =
    "host_id, hostname, machine_id, cert_fingerprint, enrolled_at, last_report_at, last_seq";

template <typename Msg>
bool ParseBlob(const SQLite::Column& col, Msg& msg) {
  return msg.ParseFromArray(col.getBlob(), col.getBytes());
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
SqliteStore::~SqliteStore() = default;

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::filesystem::path& file) {
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(file.string(),
                                            SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA foreign_keys=ON");
    db->setBusyTimeout(5000);
  } catch (const std::exception& e) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open database ", file.string(), ": ", e.what()));
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
  if (auto s = store->Migrate(); !s.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("database ", file.string(), ": ", std::string(s.message())));
  }
  return store;
}

absl::Status SqliteStore::Migrate() {
  try {
    db_->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at INTEGER NOT NULL)");
    int current = db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
                      .getInt();
    if (current > static_cast<int>(kMigrations.size())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "schema version ", current, " is newer than this collector knows (",
          kMigrations.size(), "); upgrade the collector"));
    }
    for (int v = current + 1; v <= static_cast<int>(kMigrations.size()); ++v) {
      SQLite::Transaction tx(*db_);
      db_->exec(kMigrations[v - 1]);
      SQLite::Statement q(*db_, "INSERT INTO schema_migrations VALUES (?, ?)");
      q.bind(1, v);
      q.bind(2, static_cast<int64_t>(ToMicros(absl::Now())));
      q.exec();
      tx.commit();
    }
    schema_version_ = static_cast<int>(kMigrations.size());
  } catch (const std::exception& e) {
    return DbError(e, "migration failed");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SqliteStore::UpsertEnrolledHost(const HostRecord& host) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement q(*db_,
                        "INSERT INTO hosts (host_id, hostname, machine_id, cert_fingerprint, "
                        "enrolled_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(host_id) DO UPDATE SET "
                        "hostname=excluded.hostname, cert_fingerprint=excluded.cert_fingerprint");
    q.bind(1, host.host_id);
    q.bind(2, host.hostname);
    q.bind(3, host.machine_id);
    q.bind(4, host.cert_fingerprint);
    q.bind(5, static_cast<int64_t>(ToMicros(host.enrolled_at)));
    q.exec();
  } catch (const std::exception& e) {
    return DbError(e, "enroll host");
  }
  return host.host_id;
}

absl::StatusOr<std::optional<HostRecord>> SqliteStore::FindHost(const std::string& host_id) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement q(*db_, absl::StrCat("SELECT ", kHostColumns, " FROM hosts WHERE host_id=?"));
    q.bind(1, host_id);
    if (q.executeStep()) return ReadHost(q);
    return std::nullopt;
  } catch (const std::exception& e) {
    return DbError(e, "find host");
  }
}

absl::StatusOr<std::optional<HostRecord>> SqliteStore::FindHostByMachineId(
    const std::string& machine_id) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement q(
        *db_, absl::StrCat("SELECT ", kHostColumns,
                           " FROM hosts WHERE machine_id=? ORDER BY enrolled_at DESC LIMIT 1"));
    q.bind(1, machine_id);
    if (q.executeStep()) return ReadHost(q);
    return std::nullopt;
  } catch (const std::exception& e) {
    return DbError(e, "find host by machine id");
  }
}

absl::StatusOr<IngestOutcome> SqliteStore::Ingest(const std::string& host_id, uint64_t seq,
                                                  const minspec::v1::Facts& facts,
                                                  const minspec::v1::Evaluation& evaluation) {
  const std::string facts_blob = facts.SerializeAsString();
  const std::string eval_blob = evaluation.SerializeAsString();
  const int64_t now = ToMicros(absl::Now());
  std::lock_guard lock(mu_);
  try {
    SQLite::Transaction tx(*db_);
    SQLite::Statement ins(*db_,
                          "INSERT OR IGNORE INTO reports (host_id, seq, received_at, facts) "
                          "VALUES (?, ?, ?, ?)");
    ins.bind(1, host_id);
    ins.bind(2, static_cast<int64_t>(seq));
    ins.bind(3, now);
    ins.bind(4, facts_blob.data(), static_cast<int>(facts_blob.size()));
    if (ins.exec() == 0) return IngestOutcome::kDuplicate;  // tx rolls back: nothing changed
    // Only a newer report replaces the evaluation: reports may arrive late.
    SQLite::Statement ev(*db_,
                         "INSERT INTO evaluations (host_id, seq, evaluated_at, evaluation) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT(host_id) DO UPDATE SET "
                         "seq=excluded.seq, evaluated_at=excluded.evaluated_at, "
                         "evaluation=excluded.evaluation WHERE excluded.seq > evaluations.seq");
    ev.bind(1, host_id);
    ev.bind(2, static_cast<int64_t>(seq));
    ev.bind(3, now);
    ev.bind(4, eval_blob.data(), static_cast<int>(eval_blob.size()));
    ev.exec();
    SQLite::Statement up(*db_,
                         "UPDATE hosts SET last_report_at=?, last_seq=MAX(last_seq, ?), "
                         "hostname=CASE WHEN ?<>'' THEN ? ELSE hostname END WHERE host_id=?");
    up.bind(1, now);
    up.bind(2, static_cast<int64_t>(seq));
    up.bind(3, facts.host().hostname());
    up.bind(4, facts.host().hostname());
    up.bind(5, host_id);
    up.exec();
    tx.commit();
    return IngestOutcome::kStored;
  } catch (const std::exception& e) {
    return DbError(e, "ingest report");
  }
}

absl::StatusOr<std::vector<HostState>> SqliteStore::ListHosts(bool with_facts) {
  std::lock_guard lock(mu_);
  std::vector<HostState> out;
  try {
    SQLite::Statement q(
        *db_, absl::StrCat("SELECT h.host_id, h.hostname, h.machine_id, h.cert_fingerprint, "
                           "h.enrolled_at, h.last_report_at, h.last_seq, e.evaluation, ",
                           with_facts ? "r.facts" : "NULL",
                           " FROM hosts h LEFT JOIN evaluations e ON e.host_id=h.host_id ",
                           with_facts ? "LEFT JOIN reports r ON r.host_id=e.host_id AND r.seq=e.seq "
                                      : "",
                           "ORDER BY h.hostname, h.host_id"));
    while (q.executeStep()) {
      HostState st;
      st.host = ReadHost(q);
      if (!q.getColumn(7).isNull()) {
        minspec::v1::Evaluation ev;
        if (ParseBlob(q.getColumn(7), ev)) st.evaluation = std::move(ev);
      }
      if (!q.getColumn(8).isNull()) {
        minspec::v1::Facts f;
        if (ParseBlob(q.getColumn(8), f)) st.facts = std::move(f);
      }
      out.push_back(std::move(st));
    }
  } catch (const std::exception& e) {
    return DbError(e, "list hosts");
  }
  return out;
}

absl::StatusOr<std::optional<HostState>> SqliteStore::GetHost(const std::string& name) {
  auto hosts = ListHosts(/*with_facts=*/true);
  if (!hosts.ok()) return hosts.status();
  for (auto& h : *hosts) {
    if (h.host.host_id == name || h.host.hostname == name) return std::move(h);
  }
  return std::nullopt;
}

absl::Status SqliteStore::AppendAudit(const AuditEntry& entry) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement q(*db_,
                        "INSERT INTO audit_log (at, actor, action, target, detail) "
                        "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(ToMicros(entry.at)));
    q.bind(2, entry.actor);
    q.bind(3, entry.action);
    q.bind(4, entry.target);
    q.bind(5, entry.detail);
    q.exec();
  } catch (const std::exception& e) {
    return DbError(e, "audit");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AuditEntry>> SqliteStore::ListAudit(int limit) {
  std::lock_guard lock(mu_);
  std::vector<AuditEntry> out;
  try {
    SQLite::Statement q(*db_,
                        "SELECT at, actor, action, target, detail FROM audit_log "
                        "ORDER BY id DESC LIMIT ?");
    q.bind(1, limit);
    while (q.executeStep()) {
      out.push_back({FromMicros(q.getColumn(0).getInt64()), q.getColumn(1).getString(),
                     q.getColumn(2).getString(), q.getColumn(3).getString(),
                     q.getColumn(4).getString()});
    }
  } catch (const std::exception& e) {
    return DbError(e, "list audit");
  }
  return out;
}

}  // namespace minspec::collector
