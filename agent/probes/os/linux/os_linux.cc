#include <sys/utsname.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "agent/probes/hardware/linux/text_files.h"
#include "agent/probes/os/os_probe.h"
#include "agent/probes/status.h"

namespace minspec::agent::os {
namespace {

using linux_text::ReadTrimmed;

// os-release(5) / lsb-release: KEY=value, value optionally quoted with ' or "
// and backslash escapes inside double quotes.
std::map<std::string, std::string> ParseShellAssignments(std::string_view text) {
  std::map<std::string, std::string> out;
  linux_text::ForEachLine(text, [&](std::string_view line) {
    line = linux_text::Trim(line);
    if (line.empty() || line.front() == '#') return;
    std::string_view key, value;
    if (!linux_text::SplitKeyValue(line, '=', key, value)) return;
    std::string unquoted;
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      const char quote = value.front();
      value = value.substr(1, value.size() - 2);
      for (size_t i = 0; i < value.size(); ++i) {
        if (quote == '"' && value[i] == '\\' && i + 1 < value.size()) ++i;
        unquoted.push_back(value[i]);
      }
    } else {
      unquoted = std::string(value);
    }
    out[std::string(key)] = std::move(unquoted);
  });
  return out;
}

class OsProbeLinux final : public Probe {
 public:
  std::string_view Name() const override { return "os"; }

  void Collect(const ProbeContext& ctx, minspec::v1::Facts& facts) const override {
    auto* os = facts.mutable_os();
    os->set_family("linux");
    if (auto kernel = ReadTrimmed(ctx, "/proc/sys/kernel/osrelease")) os->set_kernel(*kernel);
    if (auto arch = ReadTrimmed(ctx, "/proc/sys/kernel/arch"); arch && !arch->empty()) {
      os->set_arch(*arch);
    } else if (ctx.root == "/") {
      utsname u{};
      if (::uname(&u) == 0) os->set_arch(u.machine);
    }

    std::string source = "/etc/os-release";
    auto text = linux_text::Read(ctx, source);
    if (!text.ok()) {
      auto fallback = linux_text::Read(ctx, "/usr/lib/os-release");
      if (!fallback.ok()) {
        MarkError(*os->mutable_status(), absl::StrCat(std::string(text.status().message()), "; ",
                                                      std::string(fallback.status().message())));
        return;
      }
      text = std::move(fallback);
      source = "/usr/lib/os-release";
    }
    auto fields = ParseShellAssignments(*text);
    auto get = [&](const char* key) -> std::string {
      auto it = fields.find(key);
      return it == fields.end() ? std::string() : it->second;
    };
    os->set_distribution(get("ID"));
    os->set_version(get("VERSION_ID"));
    os->set_name(get("NAME"));
    os->set_pretty_name(get("PRETTY_NAME"));
    std::string codename = get("VERSION_CODENAME");
    if (codename.empty()) codename = get("UBUNTU_CODENAME");
    if (codename.empty()) {
      if (auto lsb = linux_text::Read(ctx, "/etc/lsb-release"); lsb.ok()) {
        auto lsb_fields = ParseShellAssignments(*lsb);
        if (auto it = lsb_fields.find("DISTRIB_CODENAME"); it != lsb_fields.end()) codename = it->second;
      }
    }
    os->set_codename(codename);
    std::string_view like = fields.count("ID_LIKE") ? std::string_view(fields["ID_LIKE"]) : std::string_view();
    while (!like.empty()) {
      const size_t sp = like.find(' ');
      if (sp != 0) os->add_id_like(std::string(like.substr(0, sp)));
      if (sp == std::string_view::npos) break;
      like.remove_prefix(sp + 1);
    }
    if (os->distribution().empty()) {
      MarkError(*os->mutable_status(), absl::StrCat("no ID= in ", ctx.Path(source).string()));
      return;
    }
    MarkOk(*os->mutable_status(), source);
  }
};

}  // namespace

std::unique_ptr<Probe> MakeOsProbe() { return std::make_unique<OsProbeLinux>(); }

}  // namespace minspec::agent::os
