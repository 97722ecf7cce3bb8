#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "agent/probes/hardware/camera_probe.h"
#include "agent/probes/hardware/linux/text_files.h"
#include "agent/probes/status.h"

namespace minspec::agent::hardware {
namespace {

using linux_text::ReadTrimmed;

struct Capabilities {
  std::vector<std::string> names;
  std::string source;
};

// Capability names from VIDIOC_QUERYCAP flags, spelled as udev's v4l_id.
std::vector<std::string> CapabilityNames(uint32_t caps) {
  std::vector<std::string> names;
  if (caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) names.push_back("capture");
  if (caps & (V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE)) names.push_back("video_output");
  if (caps & V4L2_CAP_VIDEO_OVERLAY) names.push_back("overlay");
  if (caps & V4L2_CAP_AUDIO) names.push_back("audio");
  if (caps & V4L2_CAP_TUNER) names.push_back("tuner");
  if (caps & V4L2_CAP_RADIO) names.push_back("radio");
  return names;
}

// udev database record of the node: "E:ID_V4L_CAPABILITIES=:capture:".
std::optional<Capabilities> FromUdev(const ProbeContext& ctx, std::string_view major_minor) {
  const std::string path = absl::StrCat("/run/udev/data/c", std::string(major_minor));
  auto text = linux_text::Read(ctx, path);
  if (!text.ok()) return std::nullopt;
  std::optional<Capabilities> found;
  linux_text::ForEachLine(*text, [&](std::string_view line) {
    constexpr std::string_view kKey = "E:ID_V4L_CAPABILITIES=";
    if (!line.starts_with(kKey)) return;
    Capabilities caps;
    caps.source = absl::StrCat("udev:", path);
    std::string_view rest = line.substr(kKey.size());
    while (!rest.empty()) {
      const size_t colon = rest.find(':');
      std::string_view name = rest.substr(0, colon);
      if (!name.empty()) caps.names.emplace_back(name);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
    found = std::move(caps);
  });
  return found;
}

absl::StatusOr<Capabilities> FromIoctl(const ProbeContext& ctx, std::string_view node) {
  const std::filesystem::path dev = ctx.Path(absl::StrCat("/dev/", std::string(node)));
  const int fd = ::open(dev.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot open ", dev.string(), ": ", std::strerror(errno)));
  }
  v4l2_capability cap{};
  int rc;
  do {
    rc = ::ioctl(fd, VIDIOC_QUERYCAP, &cap);
  } while (rc < 0 && errno == EINTR);
  const int err = errno;
  ::close(fd);
  if (rc < 0) {
    return absl::UnavailableError(absl::StrCat("VIDIOC_QUERYCAP on ", dev.string(), ": ", std::strerror(err)));
  }
  // device_caps describes this node; capabilities the whole physical device.
  const uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  return Capabilities{CapabilityNames(caps), "ioctl:VIDIOC_QUERYCAP"};
}

// "videoN" -> N for numeric ordering (video10 after video9).
uint64_t NodeNumber(std::string_view node) {
  return linux_text::ParseUint(node.substr(5)).value_or(UINT64_MAX);
}

class CameraProbeLinux final : public Probe {
 public:
  std::string_view Name() const override { return "hardware.cameras"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* cameras = facts.mutable_hardware()->mutable_cameras();
    std::error_code ec;
    const std::filesystem::path sys_class = ctx.Path("/sys/class");
    if (!std::filesystem::is_directory(sys_class, ec)) {
      MarkError(*cameras->mutable_status(),
                absl::StrCat("cannot read ", sys_class.string(), ": ",
                             ec ? ec.message() : std::string("not a directory (no sysfs)")));
      return;
    }
    const std::filesystem::path class_dir = ctx.Path("/sys/class/video4linux");
    std::vector<std::string> nodes;
    if (std::filesystem::exists(class_dir, ec)) {
      for (std::filesystem::directory_iterator it(class_dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        // v4l-subdev*, vbi*, radio*, swradio* are not video nodes.
        if (name.starts_with("video")) nodes.push_back(std::move(name));
      }
      if (ec) {
        MarkError(*cameras->mutable_status(), absl::StrCat("cannot list ", class_dir.string(), ": ", ec.message()));
        return;
      }
    }
    std::sort(nodes.begin(), nodes.end(),
              [](const std::string& a, const std::string& b) { return NodeNumber(a) < NodeNumber(b); });

    uint32_t capture = 0;
    std::vector<std::string> unknown;  // "video1: reason"
    for (const std::string& node : nodes) {
      const std::string dir = absl::StrCat("/sys/class/video4linux/", node, "/");
      auto* device = cameras->add_devices();
      device->set_node(node);
      if (auto name = ReadTrimmed(ctx, dir + "name")) device->set_name(*name);
      std::filesystem::path driver = std::filesystem::read_symlink(ctx.Path(dir + "device/driver"), ec);
      if (!ec) device->set_driver(driver.filename().string());
      if (auto modalias = ReadTrimmed(ctx, dir + "device/modalias")) {
        device->set_bus(modalias->substr(0, modalias->find(':')));
      }

      std::optional<Capabilities> caps;
      std::string why_unknown;
      if (auto dev = ReadTrimmed(ctx, dir + "dev")) caps = FromUdev(ctx, *dev);
      if (!caps) {
        auto from_ioctl = FromIoctl(ctx, node);
        if (from_ioctl.ok()) {
          caps = std::move(*from_ioctl);
        } else {
          why_unknown = absl::StrCat(node, ": no udev record (", ctx.Path("/run/udev/data").string(),
                                     ") and ", std::string(from_ioctl.status().message()));
        }
      }
      if (!caps) {
        unknown.push_back(std::move(why_unknown));
        continue;
      }
      device->set_capability_known(true);
      device->set_capability_source(caps->source);
      for (auto& name : caps->names) {
        if (name == "capture") device->set_can_capture(true);
        device->add_capabilities(std::move(name));
      }
      if (device->can_capture()) ++capture;
    }
    cameras->set_capture_devices(capture);
    if (capture == 0 && !unknown.empty()) {
      cameras->clear_capture_devices();  // "0" would be a guess
      MarkError(*cameras->mutable_status(),
                absl::StrCat("capture capability unknown: ", absl::StrJoin(unknown, "; ")));
      return;
    }
    MarkOk(*cameras->mutable_status(), "/sys/class/video4linux; udev database or VIDIOC_QUERYCAP");
  }
};

}  // namespace

std::unique_ptr<Probe> MakeCameraProbe() { return std::make_unique<CameraProbeLinux>(); }

}  // namespace minspec::agent::hardware
