// The probes against the machine the test runs on, compared with what the
// system's own tools say: nproc and sysconf for cores, /proc/meminfo and
// sysinfo(2) for memory, /etc/os-release as the shell sources it.

#include <gtest/gtest.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "tests/unit/hardware/fixture_facts.h"

namespace minspec::agent {
namespace {

using minspec::v1::ProbeStatus;

// Output of a shell command, trailing newline removed ("" if it failed).
std::string ShellOutput(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buf[256];
    while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    if (::pclose(pipe) != 0) return "";
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

class RealMachine : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { facts_ = new minspec::v1::Facts(testing::CollectHardwareAndOs("/")); }
  static void TearDownTestSuite() { delete facts_; }
  static minspec::v1::Facts* facts_;
};
minspec::v1::Facts* RealMachine::facts_ = nullptr;

TEST_F(RealMachine, LogicalThreadsAreTheOnlineCpusNprocSees) {
  const auto& cpu = facts_->hardware().cpu();
  ASSERT_TRUE(cpu.has_logical_threads()) << cpu.status().error();
  EXPECT_EQ(cpu.logical_threads(), static_cast<uint32_t>(::sysconf(_SC_NPROCESSORS_ONLN)));
  // nproc counts the CPUs this process may use (affinity, cpusets): never more.
  const std::string nproc = ShellOutput("nproc --all");
  ASSERT_FALSE(nproc.empty()) << "nproc not runnable";
  EXPECT_EQ(cpu.logical_threads(), std::stoul(nproc));
  EXPECT_GE(cpu.logical_threads(), std::stoul(ShellOutput("nproc")));
  ASSERT_TRUE(cpu.has_physical_cores());
  EXPECT_GE(cpu.physical_cores(), 1u);
  EXPECT_LE(cpu.physical_cores(), cpu.logical_threads());
}

TEST_F(RealMachine, CpuHasAClockWithItsSource) {
  const auto& cpu = facts_->hardware().cpu();
  ASSERT_EQ(cpu.status().code(), ProbeStatus::OK) << cpu.status().error();
  EXPECT_GT(cpu.effective_mhz(), 100u);
  EXPECT_LT(cpu.effective_mhz(), 10000u);
  EXPECT_FALSE(cpu.clock_source().empty());
}

TEST_F(RealMachine, MemoryIsMemTotalAndWhatSysinfoSays) {
  const auto& memory = facts_->hardware().memory();
  ASSERT_EQ(memory.status().code(), ProbeStatus::OK) << memory.status().error();
  const std::string kib = ShellOutput("awk '/^MemTotal:/ {print $2}' /proc/meminfo");
  ASSERT_FALSE(kib.empty());
  EXPECT_EQ(memory.total_bytes(), std::stoull(kib) * 1024);
  struct sysinfo info {};
  ASSERT_EQ(::sysinfo(&info), 0);
  EXPECT_EQ(memory.total_bytes(), static_cast<uint64_t>(info.totalram) * info.mem_unit);
}

TEST_F(RealMachine, OsIsWhatOsReleaseSaysWhenSourced) {
  const auto& os = facts_->os();
  ASSERT_EQ(os.status().code(), ProbeStatus::OK) << os.status().error();
  const std::string file = std::ifstream("/etc/os-release") ? "/etc/os-release" : "/usr/lib/os-release";
  EXPECT_EQ(os.distribution(), ShellOutput(". " + file + " && printf %s \"$ID\""));
  EXPECT_EQ(os.version(), ShellOutput(". " + file + " && printf %s \"$VERSION_ID\""));
  EXPECT_EQ(os.pretty_name(), ShellOutput(". " + file + " && printf %s \"$PRETTY_NAME\""));
  EXPECT_EQ(os.kernel(), ShellOutput("uname -r"));
  EXPECT_EQ(os.arch(), ShellOutput("uname -m"));
  EXPECT_EQ(os.family(), "linux");
}

TEST_F(RealMachine, EveryOtherPartIsEitherReadOrExplained) {
  for (const auto* s : {&facts_->hardware().cameras().status(), &facts_->hardware().audio().status(),
                        &facts_->hardware().form_factor().status()}) {
    ASSERT_TRUE(s->code() == ProbeStatus::OK || s->code() == ProbeStatus::ERROR);
    if (s->code() == ProbeStatus::ERROR) { EXPECT_FALSE(s->error().empty()); }
  }
  // Cross-check the camera count with the kernel's own class listing.
  if (facts_->hardware().cameras().status().code() == ProbeStatus::OK) {
    const std::string nodes = ShellOutput("ls /sys/class/video4linux 2>/dev/null | grep -c '^video' || true");
    EXPECT_EQ(facts_->hardware().cameras().devices_size(), nodes.empty() ? 0 : std::stoi(nodes));
  }
}

}  // namespace
}  // namespace minspec::agent
