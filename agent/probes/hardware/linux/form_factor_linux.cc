#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "agent/probes/hardware/form_factor_probe.h"
#include "agent/probes/hardware/linux/text_files.h"
#include "agent/probes/status.h"

namespace minspec::agent::hardware {
namespace {

using linux_text::ReadTrimmed;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// SMBIOS 3.x System Enclosure type -> the classes hw.form_factor speaks of.
std::string ChassisClass(uint64_t type) {
  switch (type) {
    case 3: case 4: case 5: case 6: case 7: case 13: case 15: case 16: case 24: case 35: case 36:
      return "desktop";
    case 8: case 9: case 10: case 14: case 31:  // 31 convertible: a laptop that folds
      return "laptop";
    case 30: case 32:  // 32 detachable: a tablet with a keyboard
      return "tablet";
    case 11:  // hand held
      return "phone";
    case 17: case 23: case 25: case 28: case 29:
      return "server";
    case 2:
      return "unknown";
    default:
      return "other";
  }
}

// HP thin clients are named "HP t<digits>" (t5740, t610, t620 Dual Core TC, t640).
bool IsHpThinClientModel(std::string_view product_lower) {
  size_t pos = 0;
  while (pos < product_lower.size()) {
    const size_t end = std::min(product_lower.find(' ', pos), product_lower.size());
    std::string_view token = product_lower.substr(pos, end - pos);
    if (token.size() >= 4 && token.size() <= 5 && token[0] == 't' &&
        std::all_of(token.begin() + 1, token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

struct Dmi {
  std::string vendor, product, version, family, board_vendor, board_name;
};

std::vector<std::string> ThinClientSigns(const Dmi& dmi) {
  std::vector<std::string> signs;
  const std::string vendor = Lower(dmi.vendor);
  const std::string all = Lower(absl::StrCat(dmi.vendor, " | ", dmi.product, " | ", dmi.version, " | ",
                                             dmi.family, " | ", dmi.board_vendor, " | ", dmi.board_name));
  if (Contains(all, "thin client")) signs.push_back("dmi: \"thin client\"");
  if ((Contains(vendor, "hp") || Contains(vendor, "hewlett")) && IsHpThinClientModel(Lower(dmi.product))) {
    signs.push_back(absl::StrCat("dmi: HP t-series ", dmi.product));
  }
  if (Contains(all, "wyse")) signs.push_back("dmi: Dell Wyse");
  if (Contains(all, "igel")) signs.push_back("dmi: IGEL");
  if (Contains(all, "10zig")) signs.push_back("dmi: 10ZiG");
  if (Contains(all, "futro")) signs.push_back("dmi: Fujitsu FUTRO");
  if (Contains(all, "ncomputing")) signs.push_back("dmi: NComputing");
  return signs;
}

// Hypervisor named by DMI; empty when DMI names none.
std::string DmiHypervisor(const Dmi& dmi) {
  const std::string vendor = Lower(dmi.vendor);
  const std::string product = Lower(dmi.product);
  if (Contains(vendor, "qemu") || Contains(product, "kvm") || Contains(product, "standard pc (")) return "kvm";
  if (Contains(vendor, "vmware")) return "vmware";
  if (Contains(vendor, "innotek") || Contains(product, "virtualbox")) return "virtualbox";
  if (Contains(vendor, "microsoft") && Contains(product, "virtual machine")) return "hyper-v";
  if (Contains(vendor, "xen")) return "xen";
  if (Contains(vendor, "parallels")) return "parallels";
  if (Contains(vendor, "bochs")) return "bochs";
  if (Contains(vendor, "amazon ec2")) return "amazon-ec2";
  if (Contains(vendor, "google") && Contains(product, "compute engine")) return "google-compute-engine";
  return {};
}

struct Process {
  std::string comm;
  std::string pid;
};

// Process names of every /proc/<pid>. Unreadable entries (processes that
// exited meanwhile) are skipped.
std::optional<std::vector<Process>> ListProcesses(const ProbeContext& ctx) {
  std::error_code ec;
  std::vector<Process> out;
  const std::filesystem::path proc = ctx.Path("/proc");
  std::filesystem::directory_iterator it(proc, ec), end;
  if (ec) return std::nullopt;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string pid = it->path().filename().string();
    if (pid.empty() || !std::all_of(pid.begin(), pid.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    auto comm = ReadTrimmed(ctx, absl::StrCat("/proc/", pid, "/comm"));
    if (comm) out.push_back({std::move(*comm), pid});
  }
  // Directory order is arbitrary: sort by pid so signs come out stable.
  std::sort(out.begin(), out.end(), [](const Process& a, const Process& b) {
    return a.pid.size() != b.pid.size() ? a.pid.size() < b.pid.size() : a.pid < b.pid;
  });
  return out;
}

// Parent pid from /proc/<pid>/stat: "pid (comm) state ppid ...". comm may
// contain spaces and parentheses, so parse after the last ')'.
std::string ParentPid(const ProbeContext& ctx, const std::string& pid) {
  auto stat = linux_text::Read(ctx, absl::StrCat("/proc/", pid, "/stat"));
  if (!stat.ok()) return {};
  std::string_view s = *stat;
  const size_t close = s.rfind(')');
  if (close == std::string_view::npos) return {};
  s.remove_prefix(close + 1);
  s = linux_text::Trim(s);
  const size_t sp = s.find(' ');
  if (sp == std::string_view::npos) return {};
  s.remove_prefix(sp + 1);
  return std::string(s.substr(0, s.find(' ')));
}

struct RemoteSessionVerdict {
  std::string kind;
  std::vector<std::string> session_signs;
  std::vector<std::string> client_signs;
};

RemoteSessionVerdict DetectRemoteSession(const ProbeContext& ctx, const std::vector<Process>& processes) {
  // comm is at most 15 characters: names here are the truncated forms.
  static const std::unordered_map<std::string_view, std::string_view> kSessionHosts = {
      {"xrdp", "xrdp"},           {"xrdp-sesman", "xrdp"},     {"xrdp-chansrv", "xrdp"},
      {"ctxhdx", "citrix"},       {"ctxgfx", "citrix"},        {"ctxvda", "citrix"},
      {"ctxsession", "citrix"},   {"vmware-viewagen", "vdi"},  {"VMwareBlastServ", "vdi"},
      {"pcoip-server", "vdi"},    {"Xvnc", "vnc"},             {"Xtigervnc", "vnc"},
      {"x11vnc", "vnc"},          {"x2goagent", "x2go"},       {"nxnode.bin", "nx"},
  };
  static const std::unordered_map<std::string_view, std::string_view> kClients = {
      {"wfica", "citrix"}, {"vmware-view", "vdi"}, {"xfreerdp", "rdp"}, {"remmina", "rdp"}, {"rdesktop", "rdp"},
  };
  static const std::vector<std::string_view> kLocalDisplay = {
      "Xorg", "X", "Xwayland", "gnome-shell", "kwin_wayland", "kwin_x11", "weston",
      "sway", "mutter", "Hyprland", "labwc", "wayfire", "cage"};

  RemoteSessionVerdict verdict;
  std::unordered_map<std::string, const Process*> by_pid;
  bool local_display = false;
  for (const Process& p : processes) {
    by_pid.emplace(p.pid, &p);
    if (auto it = kSessionHosts.find(p.comm); it != kSessionHosts.end()) {
      if (verdict.kind.empty()) verdict.kind = std::string(it->second);
      if (std::find(verdict.session_signs.begin(), verdict.session_signs.end(), p.comm) == verdict.session_signs.end())
        verdict.session_signs.push_back(p.comm);
    }
    if (kClients.contains(p.comm) &&
        std::find(verdict.client_signs.begin(), verdict.client_signs.end(), p.comm) == verdict.client_signs.end()) {
      verdict.client_signs.push_back(p.comm);
    }
    if (std::find(kLocalDisplay.begin(), kLocalDisplay.end(), p.comm) != kLocalDisplay.end()) local_display = true;
  }
  if (!verdict.kind.empty() || local_display) return verdict;

  // SSH-only: a per-connection sshd (OpenSSH >= 9.8 names it sshd-session;
  // before, it is an sshd child of the listening sshd) and no local display.
  for (const Process& p : processes) {
    bool session = p.comm == "sshd-session";
    if (!session && p.comm == "sshd") {
      auto parent = by_pid.find(ParentPid(ctx, p.pid));
      session = parent != by_pid.end() && parent->second->comm == "sshd";
    }
    if (session) {
      verdict.kind = "ssh";
      verdict.session_signs.push_back(absl::StrCat(p.comm, " session without a local display"));
      break;
    }
  }
  return verdict;
}

class FormFactorProbeLinux final : public Probe {
 public:
  std::string_view Name() const override { return "hardware.form_factor"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* ff = facts.mutable_hardware()->mutable_form_factor();
    constexpr const char* kDmi = "/sys/class/dmi/id/";
    auto dmi_read = [&](const char* file) {
      return ReadTrimmed(ctx, absl::StrCat(kDmi, file)).value_or("");
    };
    Dmi dmi{dmi_read("sys_vendor"),   dmi_read("product_name"), dmi_read("product_version"),
            dmi_read("product_family"), dmi_read("board_vendor"), dmi_read("board_name")};
    ff->set_vendor(dmi.vendor);
    ff->set_product(dmi.product);

    // Virtual machine: any of three independent signs.
    std::string hypervisor = DmiHypervisor(dmi);
    if (!hypervisor.empty()) ff->add_virtual_machine_signs(absl::StrCat("dmi: ", dmi.vendor, " ", dmi.product));
    if (auto type = ReadTrimmed(ctx, "/sys/hypervisor/type"); type && !type->empty()) {
      ff->add_virtual_machine_signs(absl::StrCat("/sys/hypervisor/type: ", *type));
      if (hypervisor.empty()) hypervisor = *type;
    }
    bool cpuinfo_read = false;
    if (auto cpuinfo = linux_text::Read(ctx, "/proc/cpuinfo"); cpuinfo.ok()) {
      cpuinfo_read = true;
      bool flagged = false;
      linux_text::ForEachLine(*cpuinfo, [&](std::string_view line) {
        std::string_view key, value;
        if (flagged || !linux_text::SplitKeyValue(line, ':', key, value) || key != "flags") return;
        flagged = Contains(absl::StrCat(" ", std::string(value), " "), " hypervisor ");
      });
      if (flagged) ff->add_virtual_machine_signs("/proc/cpuinfo: hypervisor flag");
    }
    if (ff->virtual_machine_signs_size() > 0) {
      ff->set_virtual_machine(true);
      ff->set_hypervisor(hypervisor);
    } else if (cpuinfo_read) {
      ff->set_virtual_machine(false);
    }

    // Remote or virtual desktop session.
    if (auto processes = ListProcesses(ctx)) {
      RemoteSessionVerdict remote = DetectRemoteSession(ctx, *processes);
      ff->set_remote_session(!remote.kind.empty());
      ff->set_remote_session_kind(remote.kind);
      for (auto& s : remote.session_signs) ff->add_remote_session_signs(std::move(s));
      for (auto& s : remote.client_signs) ff->add_remote_client_signs(std::move(s));
    }

    // Thin client and chassis.
    std::vector<std::string> thin = ThinClientSigns(dmi);
    ff->set_thin_client(!thin.empty());
    for (auto& s : thin) ff->add_thin_client_signs(std::move(s));

    auto chassis_text = linux_text::Read(ctx, absl::StrCat(kDmi, "chassis_type"));
    if (!chassis_text.ok()) {
      ff->set_chassis("unknown");
      if (!thin.empty()) ff->set_chassis("thin_client");
      MarkError(*ff->mutable_status(), chassis_text.status());
      return;
    }
    auto type = linux_text::ParseUint(*chassis_text);
    if (!type) {
      ff->set_chassis("unknown");
      MarkError(*ff->mutable_status(), absl::StrCat("not a number in ", ctx.Path(absl::StrCat(kDmi, "chassis_type")).string()));
      return;
    }
    ff->set_dmi_chassis_type(static_cast<uint32_t>(*type));
    ff->set_chassis(thin.empty() ? ChassisClass(*type) : "thin_client");
    MarkOk(*ff->mutable_status(), "/sys/class/dmi/id; /sys/hypervisor/type; /proc/cpuinfo flags; /proc/*/comm");
  }
};

}  // namespace

std::unique_ptr<Probe> MakeFormFactorProbe() { return std::make_unique<FormFactorProbeLinux>(); }

}  // namespace minspec::agent::hardware
