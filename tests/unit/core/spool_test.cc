#include "agent/spool/spool.h"

#include <gtest/gtest.h>

#include "tests/testing/subprocess.h"

namespace minspec::agent {
namespace {

using minspec::testing::TempDir;

minspec::v1::Facts Named(const std::string& name) {
  minspec::v1::Facts f;
  f.mutable_host()->set_hostname(name);
  return f;
}

TEST(Spool, KeepsReportsUntilAckedAcrossReopen) {
  TempDir tmp;
  {
    auto spool = Spool::Open(tmp.path() / "s.db");
    ASSERT_TRUE(spool.ok());
    EXPECT_EQ(*(*spool)->Enqueue(Named("a")), 1u);
    EXPECT_EQ(*(*spool)->Enqueue(Named("b")), 2u);
    ASSERT_TRUE((*spool)->Ack(1).ok());
  }
  auto spool = Spool::Open(tmp.path() / "s.db");
  auto pending = (*spool)->Pending();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].seq, 2u);
  EXPECT_EQ((*pending)[0].facts.host().hostname(), "b");
}

TEST(Spool, SequenceNumbersNeverRepeatAfterAcks) {
  TempDir tmp;
  auto spool = Spool::Open(tmp.path() / "s.db");
  auto s1 = (*spool)->Enqueue(Named("a"));
  ASSERT_TRUE((*spool)->Ack(*s1).ok());
  auto s2 = (*spool)->Enqueue(Named("b"));
  EXPECT_GT(*s2, *s1) << "(host, seq) must stay unique for idempotent ingest";
}

TEST(Spool, BoundedDuringLongOutageKeepsNewest) {
  TempDir tmp;
  auto spool = Spool::Open(tmp.path() / "s.db", /*max_reports=*/3);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE((*spool)->Enqueue(Named(std::to_string(i))).ok());
  EXPECT_EQ(*(*spool)->Size(), 3u);
  auto pending = (*spool)->Pending();
  EXPECT_EQ((*pending)[0].facts.host().hostname(), "7");
}

TEST(Spool, UnopenablePathIsAClearError) {
  auto spool = Spool::Open("/nonexistent-dir/spool.db");
  ASSERT_FALSE(spool.ok());
  EXPECT_NE(std::string(spool.status().message()).find("/nonexistent-dir/spool.db"),
            std::string::npos);
}

}  // namespace
}  // namespace minspec::agent
