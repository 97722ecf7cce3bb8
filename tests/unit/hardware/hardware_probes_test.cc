// Every hardware and OS probe against every fixture tree, compared field by
// field with the fixture's hand-written expected_facts.textproto; then the
// failure paths (missing, unreadable, partial files) on temporary trees.

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "tests/unit/hardware/fixture_facts.h"

namespace minspec::agent {
namespace {

using google::protobuf::util::MessageDifferencer;
using minspec::v1::Facts;
using minspec::v1::ProbeStatus;
using testing::CollectHardwareAndOs;
using testing::HardwareFixture;

const std::vector<std::string> kFixtures = {
    "laptop_webcam_headset", "desktop_no_camera", "thin_client", "single_core_512mb",
    "camera_metadata_only",  "container_no_sys",  "vm_xrdp",     "server_ssh_only"};

Facts LoadExpected(const std::string& fixture) {
  std::ifstream in(HardwareFixture(fixture) / "expected_facts.textproto");
  std::stringstream buf;
  buf << in.rdbuf();
  Facts expected;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(buf.str(), &expected)) << fixture;
  return expected;
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, FactsMatchExpectedExactly) {
  const Facts expected = LoadExpected(GetParam());
  ASSERT_TRUE(expected.has_hardware() && expected.has_os());
  const Facts actual = CollectHardwareAndOs(HardwareFixture(GetParam()));

  MessageDifferencer diff;
  std::string report;
  diff.ReportDifferencesToString(&report);
  // Time of collection varies; error texts hold the absolute fixture path and
  // are checked by the error tests below.
  diff.IgnoreField(ProbeStatus::descriptor()->FindFieldByName("collected_at"));
  diff.IgnoreField(ProbeStatus::descriptor()->FindFieldByName("error"));
  EXPECT_TRUE(diff.Compare(expected, actual)) << GetParam() << ":\n" << report;
}

TEST_P(FixtureTest, ErrorStatusesNameAPathAndOkOnesNone) {
  const Facts f = CollectHardwareAndOs(HardwareFixture(GetParam()));
  const std::vector<const ProbeStatus*> statuses = {
      &f.hardware().cpu().status(),     &f.hardware().memory().status(), &f.hardware().cameras().status(),
      &f.hardware().audio().status(),   &f.hardware().form_factor().status(), &f.os().status()};
  for (const ProbeStatus* s : statuses) {
    EXPECT_NE(s->code(), ProbeStatus::CODE_UNSPECIFIED);
    EXPECT_TRUE(s->has_collected_at());
    if (s->code() == ProbeStatus::ERROR) {
      EXPECT_NE(s->error().find(HardwareFixture(GetParam()).string()), std::string::npos) << s->error();
    } else {
      EXPECT_TRUE(s->error().empty()) << s->error();
      EXPECT_FALSE(s->source().empty());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFixtures, FixtureTest, ::testing::ValuesIn(kFixtures),
                         [](const auto& info) { return info.param; });

TEST(ContainerWithoutSys, EachUnknownSaysWhichPathAndWhy) {
  const std::string root = HardwareFixture("container_no_sys").string();
  const Facts f = CollectHardwareAndOs(HardwareFixture("container_no_sys"));
  EXPECT_EQ(f.hardware().cameras().status().error(),
            "cannot read " + root + "/sys/class: No such file or directory") << f.hardware().cameras().status().error();
  EXPECT_EQ(f.hardware().audio().status().error(),
            "cannot open " + root + "/proc/asound/cards: No such file or directory");
  EXPECT_EQ(f.hardware().form_factor().status().error(),
            "cannot open " + root + "/sys/class/dmi/id/chassis_type: No such file or directory");
  // Unknown is not zero: no count that a check could read as "none".
  EXPECT_FALSE(f.hardware().cameras().has_capture_devices());
  EXPECT_FALSE(f.hardware().audio().has_playback_devices());
  EXPECT_FALSE(f.hardware().audio().has_capture_devices());
}

// A scratch probe root, removed at the end of the test.
class ScratchRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("minspec-hw-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    auto p = root_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::filesystem::path root_;
};

TEST_F(ScratchRoot, EmptyRootGivesErrorEverywhereNeverAPass) {
  const Facts f = CollectHardwareAndOs(root_);
  EXPECT_EQ(f.hardware().cpu().status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(f.hardware().memory().status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(f.hardware().cameras().status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(f.hardware().audio().status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(f.hardware().form_factor().status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(f.os().status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(f.hardware().cpu().status().error(),
            "cannot open " + (root_ / "proc/cpuinfo").string() + ": No such file or directory");
  EXPECT_EQ(f.os().status().error(),
            "cannot open " + (root_ / "etc/os-release").string() + ": No such file or directory; cannot open " +
                (root_ / "usr/lib/os-release").string() + ": No such file or directory");
  EXPECT_FALSE(f.hardware().cpu().has_effective_mhz());
  EXPECT_FALSE(f.hardware().memory().has_total_bytes());
  EXPECT_FALSE(f.hardware().form_factor().has_dmi_chassis_type());
  EXPECT_TRUE(f.os().distribution().empty());
}

// A directory where a file should be: open works, read fails (EISDIR). Works
// as root too, unlike chmod 000.
TEST_F(ScratchRoot, UnreadableFilesGiveErrorWithPathAndReason) {
  std::filesystem::create_directories(root_ / "proc/cpuinfo");
  std::filesystem::create_directories(root_ / "proc/meminfo");
  std::filesystem::create_directories(root_ / "proc/asound/cards");
  std::filesystem::create_directories(root_ / "etc/os-release");
  Write("usr/lib/os-release", "ID=ubuntu\nVERSION_ID=\"22.04\"\n");
  const Facts f = CollectHardwareAndOs(root_);
  EXPECT_EQ(f.hardware().cpu().status().error(),
            "cannot read " + (root_ / "proc/cpuinfo").string() + ": Is a directory");
  EXPECT_EQ(f.hardware().memory().status().error(),
            "cannot read " + (root_ / "proc/meminfo").string() + ": Is a directory");
  EXPECT_EQ(f.hardware().audio().status().error(),
            "cannot read " + (root_ / "proc/asound/cards").string() + ": Is a directory");
  // The os-release fallback is os-release(5) behaviour, not a guess.
  EXPECT_EQ(f.os().status().code(), ProbeStatus::OK);
  EXPECT_EQ(f.os().status().source(), "/usr/lib/os-release");
  EXPECT_EQ(f.os().version(), "22.04");
}

TEST_F(ScratchRoot, MeminfoWithoutMemTotalIsAnError) {
  Write("proc/meminfo", "MemFree: 100 kB\n");
  const Facts f = CollectHardwareAndOs(root_);
  EXPECT_EQ(f.hardware().memory().status().error(),
            "no \"MemTotal: <n> kB\" line in " + (root_ / "proc/meminfo").string());
}

TEST_F(ScratchRoot, CpuWithoutAnyClockIsAnErrorNotZero) {
  Write("proc/cpuinfo", "processor\t: 0\nmodel name\t: ARMv8 Processor\nphysical id\t: 0\ncore id\t: 0\n\n"
                        "processor\t: 1\nmodel name\t: ARMv8 Processor\nphysical id\t: 0\ncore id\t: 1\n");
  const Facts f = CollectHardwareAndOs(root_);
  EXPECT_EQ(f.hardware().cpu().status().code(), ProbeStatus::ERROR);
  EXPECT_NE(f.hardware().cpu().status().error().find("no clock"), std::string::npos);
  EXPECT_EQ(f.hardware().cpu().physical_cores(), 2u);
  EXPECT_FALSE(f.hardware().cpu().has_effective_mhz());
}

TEST_F(ScratchRoot, CpuTopologyFromSysfsWhenCpuinfoHasNone) {
  // arm64 /proc/cpuinfo: no "physical id"/"core id"; sysfs has the topology.
  Write("proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 48.00\n\nprocessor\t: 1\nBogoMIPS\t: 48.00\n\n"
                        "processor\t: 2\nBogoMIPS\t: 48.00\n\nprocessor\t: 3\nBogoMIPS\t: 48.00\n");
  for (int n = 0; n < 4; ++n) {
    const std::string dir = "sys/devices/system/cpu/cpu" + std::to_string(n);
    Write(dir + "/topology/physical_package_id", "0\n");
    Write(dir + "/topology/core_id", std::to_string(n) + "\n");
    Write(dir + "/cpufreq/cpuinfo_max_freq", n < 2 ? "1800000\n" : "2400000\n");  // big.LITTLE
  }
  const Facts facts = CollectHardwareAndOs(root_);
  const auto& cpu = facts.hardware().cpu();
  EXPECT_EQ(cpu.status().code(), ProbeStatus::OK) << cpu.status().error();
  EXPECT_EQ(cpu.physical_cores(), 4u);
  EXPECT_EQ(cpu.logical_threads(), 4u);
  EXPECT_EQ(cpu.max_mhz(), 2400u);
  EXPECT_EQ(cpu.status().source(), "/sys/devices/system/cpu/*/topology; clock cpufreq:cpuinfo_max_freq");
}

TEST_F(ScratchRoot, SoundCardsWithoutPcmListAreUnknown) {
  Write("proc/asound/cards", " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n");
  const Facts facts = CollectHardwareAndOs(root_);
  const auto& audio = facts.hardware().audio();
  EXPECT_EQ(audio.status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(audio.status().error(), "1 sound card(s) listed but PCM devices unknown: cannot open " +
                                        (root_ / "proc/asound/pcm").string() + ": No such file or directory");
  EXPECT_FALSE(audio.has_playback_devices());
}

TEST_F(ScratchRoot, CameraWithUnknownCapabilitiesIsUnknownNotAbsent) {
  // A video node, but no udev record and no usable /dev node.
  Write("sys/class/video4linux/video0/name", "Some Camera\n");
  Write("sys/class/video4linux/video0/dev", "81:0\n");
  Write("dev/video0", "");  // a plain file: VIDIOC_QUERYCAP fails with ENOTTY
  const Facts facts = CollectHardwareAndOs(root_);
  const auto& cameras = facts.hardware().cameras();
  EXPECT_EQ(cameras.status().code(), ProbeStatus::ERROR);
  EXPECT_EQ(cameras.status().error(),
            "capture capability unknown: video0: no udev record (" + (root_ / "run/udev/data").string() +
                ") and VIDIOC_QUERYCAP on " + (root_ / "dev/video0").string() +
                ": Inappropriate ioctl for device");
  EXPECT_FALSE(cameras.has_capture_devices());
  ASSERT_EQ(cameras.devices_size(), 1);
  EXPECT_FALSE(cameras.devices(0).capability_known());
}

TEST_F(ScratchRoot, OneCapturingCameraIsEnoughEvenIfAnotherIsUnknown) {
  Write("sys/class/video4linux/video0/dev", "81:0\n");
  Write("run/udev/data/c81:0", "E:ID_V4L_CAPABILITIES=:capture:\n");
  Write("sys/class/video4linux/video2/dev", "81:2\n");
  const Facts facts = CollectHardwareAndOs(root_);
  const auto& cameras = facts.hardware().cameras();
  EXPECT_EQ(cameras.status().code(), ProbeStatus::OK);
  EXPECT_EQ(cameras.capture_devices(), 1u);
  ASSERT_EQ(cameras.devices_size(), 2);
  EXPECT_FALSE(cameras.devices(1).capability_known());
}

TEST_F(ScratchRoot, SshSessionUnderSshd98IsRemoteAndLocalDisplayIsNot) {
  Write("sys/class/dmi/id/chassis_type", "3\n");
  Write("proc/10/comm", "sshd\n");
  Write("proc/11/comm", "sshd-session\n");
  EXPECT_EQ(CollectHardwareAndOs(root_).hardware().form_factor().remote_session_kind(), "ssh");
  Write("proc/12/comm", "Xorg\n");  // someone is at the console too
  const Facts facts = CollectHardwareAndOs(root_);
  const auto& ff = facts.hardware().form_factor();
  EXPECT_FALSE(ff.remote_session());
  EXPECT_EQ(ff.remote_session_kind(), "");
}

TEST_F(ScratchRoot, ThinClientVendorsAreRecognised) {
  Write("sys/class/dmi/id/chassis_type", "35\n");
  Write("sys/class/dmi/id/sys_vendor", "FUJITSU\n");
  Write("sys/class/dmi/id/product_name", "FUTRO S740\n");
  auto ff = CollectHardwareAndOs(root_).hardware().form_factor();
  EXPECT_EQ(ff.chassis(), "thin_client");
  EXPECT_EQ(ff.dmi_chassis_type(), 35u);
  // An HP desktop whose name has a "t" word but not a t-series model number.
  Write("sys/class/dmi/id/sys_vendor", "HP\n");
  Write("sys/class/dmi/id/product_name", "HP EliteDesk 800 G4 TWR\n");
  ff = CollectHardwareAndOs(root_).hardware().form_factor();
  EXPECT_EQ(ff.chassis(), "desktop");
  EXPECT_FALSE(ff.thin_client());
}

TEST_F(ScratchRoot, OsReleaseQuotingAndEmptyValues) {
  Write("etc/os-release", "# comment\nNAME='Linux Mint'\nID=linuxmint\nID_LIKE=\"ubuntu debian\"\n"
                          "VERSION_ID=\"21.2\"\nPRETTY_NAME=\"Linux Mint 21.2 \\\"Victoria\\\"\"\n"
                          "VERSION_CODENAME=victoria\nUBUNTU_CODENAME=jammy\n");
  const Facts facts = CollectHardwareAndOs(root_);
  const auto& os = facts.os();
  EXPECT_EQ(os.distribution(), "linuxmint");
  EXPECT_EQ(os.name(), "Linux Mint");
  EXPECT_EQ(os.pretty_name(), "Linux Mint 21.2 \"Victoria\"");
  EXPECT_EQ(os.codename(), "victoria");
  ASSERT_EQ(os.id_like_size(), 2);
  EXPECT_EQ(os.id_like(0), "ubuntu");
  EXPECT_EQ(os.id_like(1), "debian");
}

}  // namespace
}  // namespace minspec::agent
