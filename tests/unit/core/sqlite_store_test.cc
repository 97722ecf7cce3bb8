#include "collector/store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "tests/testing/subprocess.h"

namespace minspec::collector {
namespace {

using minspec::testing::TempDir;

HostRecord Host(const std::string& id, const std::string& machine) {
  return HostRecord{id, "desk-" + id, machine, "fp", absl::Now(), std::nullopt, 0};
}

minspec::v1::Evaluation EvalWith(minspec::v1::Verdict v) {
  minspec::v1::Evaluation e;
  auto* r = e.add_results();
  r->set_id("hw.cpu");
  r->set_severity(minspec::v1::MUST);
  r->set_verdict(v);
  return e;
}

TEST(SqliteStore, MigratesAFreshFileAndReopens) {
  TempDir tmp;
  {
    auto store = SqliteStore::Open(tmp.path() / "c.db");
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ((*store)->schema_version(), 1);
    ASSERT_TRUE((*store)->UpsertEnrolledHost(Host("h1", "m1")).ok());
  }
  auto again = SqliteStore::Open(tmp.path() / "c.db");
  ASSERT_TRUE(again.ok());
  auto h = (*again)->FindHost("h1");
  ASSERT_TRUE(h.ok());
  ASSERT_TRUE(h->has_value());
  EXPECT_EQ((*h)->hostname, "desk-h1");
}

TEST(SqliteStore, IngestIsIdempotentOnHostAndSeq) {
  TempDir tmp;
  auto store = SqliteStore::Open(tmp.path() / "c.db");
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->UpsertEnrolledHost(Host("h1", "m1")).ok());
  minspec::v1::Facts facts;
  facts.mutable_host()->set_hostname("desk-1");
  auto first = (*store)->Ingest("h1", 1, facts, EvalWith(minspec::v1::PASS));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, IngestOutcome::kStored);
  auto dup = (*store)->Ingest("h1", 1, facts, EvalWith(minspec::v1::FAIL));
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(*dup, IngestOutcome::kDuplicate);
  auto state = (*store)->GetHost("desk-1");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->evaluation->results(0).verdict(), minspec::v1::PASS)
      << "a duplicate must not overwrite what was stored";
  EXPECT_EQ((*state)->host.last_seq, 1u);
}

TEST(SqliteStore, LateOlderReportDoesNotReplaceNewerEvaluation) {
  TempDir tmp;
  auto store = SqliteStore::Open(tmp.path() / "c.db");
  ASSERT_TRUE((*store)->UpsertEnrolledHost(Host("h1", "m1")).ok());
  minspec::v1::Facts facts;
  ASSERT_TRUE((*store)->Ingest("h1", 5, facts, EvalWith(minspec::v1::PASS)).ok());
  ASSERT_TRUE((*store)->Ingest("h1", 4, facts, EvalWith(minspec::v1::FAIL)).ok());
  auto state = (*store)->GetHost("h1");
  EXPECT_EQ((*state)->evaluation->results(0).verdict(), minspec::v1::PASS);
  EXPECT_EQ((*state)->host.last_seq, 5u);
}

TEST(SqliteStore, ReenrollingMachineIsFoundByMachineId) {
  TempDir tmp;
  auto store = SqliteStore::Open(tmp.path() / "c.db");
  ASSERT_TRUE((*store)->UpsertEnrolledHost(Host("h1", "machine-abc")).ok());
  auto found = (*store)->FindHostByMachineId("machine-abc");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->host_id, "h1");
  auto none = (*store)->FindHostByMachineId("other");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(SqliteStore, RefusesNewerSchemaAndNonDatabaseFiles) {
  TempDir tmp;
  {
    auto store = SqliteStore::Open(tmp.path() / "c.db");
    ASSERT_TRUE(store.ok());
  }
  {
    SQLite::Database db((tmp.path() / "c.db").string(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_migrations VALUES (99, 0)");
  }
  auto newer = SqliteStore::Open(tmp.path() / "c.db");
  EXPECT_FALSE(newer.ok());
  EXPECT_NE(std::string(newer.status().message()).find("newer"), std::string::npos);

  minspec::testing::WriteFileOrDie(tmp.path() / "junk.db", std::string(4096, 'x'));
  auto junk = SqliteStore::Open(tmp.path() / "junk.db");
  EXPECT_FALSE(junk.ok());
}

TEST(SqliteStore, AuditLogKeepsEntriesNewestFirst) {
  TempDir tmp;
  auto store = SqliteStore::Open(tmp.path() / "c.db");
  ASSERT_TRUE((*store)->AppendAudit({absl::Now(), "admin:x", "enroll", "h1", "a"}).ok());
  ASSERT_TRUE((*store)->AppendAudit({absl::Now(), "admin:x", "enroll", "h2", "b"}).ok());
  auto entries = (*store)->ListAudit(10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].target, "h2");
}

}  // namespace
}  // namespace minspec::collector
