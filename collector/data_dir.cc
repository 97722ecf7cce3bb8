#include "collector/data_dir.h"

#include <sys/stat.h>

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/io/file_util.h"

namespace minspec::collector {
namespace fs = std::filesystem;
namespace {

constexpr absl::Duration kCaValidity = absl::Hours(24 * 365 * 10);
constexpr absl::Duration kServerValidity = absl::Hours(24 * 825);

// Reads `name` if present. Missing -> nullopt; present but unreadable/empty -> error.
absl::StatusOr<std::optional<std::string>> ReadOptional(const fs::path& dir,
                                                        const std::string& name) {
  const fs::path p = dir / name;
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::optional<std::string>();
  auto data = io::ReadFile(p);
  if (!data.ok()) return data.status();
  std::string trimmed(absl::StripAsciiWhitespace(*data));
  if (trimmed.empty())
    return absl::DataLossError(absl::StrCat(p.string(), " is empty: the data directory is corrupt"));
  return std::optional<std::string>(*data);
}

absl::Status Corrupt(const fs::path& dir, const std::string& what) {
  return absl::DataLossError(absl::StrCat("data directory ", dir.string(), " is corrupt: ", what,
                                          " (restore it from backup, or start with an empty "
                                          "directory and re-enroll agents)"));
}

}  // namespace

absl::StatusOr<DataDir> DataDir::OpenOrInit(const fs::path& dir,
                                            const std::vector<std::string>& server_names) {
  DataDir d;
  d.dir_ = dir;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    return absl::FailedPreconditionError(absl::StrCat(dir.string(), " is not a directory"));
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec)
      return absl::FailedPreconditionError(
          absl::StrCat("cannot create ", dir.string(), ": ", ec.message()));
  }
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  auto ca_key = ReadOptional(dir, "ca.key");
  if (!ca_key.ok()) return ca_key.status();
  auto ca_crt = ReadOptional(dir, "ca.crt");
  if (!ca_crt.ok()) return ca_crt.status();

  if (!ca_key->has_value() && !ca_crt->has_value()) {
    if (fs::exists(d.db_file(), ec))
      return Corrupt(dir, "collector.db exists but the CA (ca.key, ca.crt) is gone");
    auto ca = tls::CreateCa("minspec fleet CA", kCaValidity);
    if (!ca.ok()) return ca.status();
    if (auto s = io::WriteFileAtomic(dir / "ca.key", ca->key_pem); !s.ok()) return s;
    if (auto s = io::WriteFileAtomic(dir / "ca.crt", ca->cert_pem); !s.ok()) return s;
    d.ca_ = *ca;
    d.created_ = true;
  } else if (!ca_key->has_value() || !ca_crt->has_value()) {
    return Corrupt(dir, "one of ca.key / ca.crt is missing");
  } else {
    d.ca_ = {**ca_key, **ca_crt};
    if (auto cn = tls::CommonName(d.ca_.cert_pem); !cn.ok())
      return Corrupt(dir, absl::StrCat("ca.crt: ", std::string(cn.status().message())));
  }

  auto srv_key = ReadOptional(dir, "server.key");
  if (!srv_key.ok()) return srv_key.status();
  auto srv_crt = ReadOptional(dir, "server.crt");
  if (!srv_crt.ok()) return srv_crt.status();
  if (srv_key->has_value() && srv_crt->has_value()) {
    d.server_ = {**srv_key, **srv_crt};
    if (auto s = tls::VerifyIssuedBy(d.server_.cert_pem, d.ca_.cert_pem); !s.ok())
      return Corrupt(dir, absl::StrCat("server.crt: ", std::string(s.message())));
  } else {
    std::vector<std::string> dns = {"localhost", "minspec-collector"};
    std::vector<std::string> ips = {"127.0.0.1", "::1"};
    for (const auto& n : server_names) {
      bool is_ip = n.find_first_not_of("0123456789.:abcdefABCDEF") == std::string::npos &&
                   (n.find('.') != std::string::npos || n.find(':') != std::string::npos) &&
                   n.find_first_of("0123456789") != std::string::npos;
      (is_ip ? ips : dns).push_back(n);
    }
    auto srv = tls::CreateServerCert(d.ca_, "minspec-collector", dns, ips, kServerValidity);
    if (!srv.ok()) return srv.status();
    if (auto s = io::WriteFileAtomic(dir / "server.key", srv->key_pem); !s.ok()) return s;
    if (auto s = io::WriteFileAtomic(dir / "server.crt", srv->cert_pem); !s.ok()) return s;
    d.server_ = *srv;
  }

  for (auto [name, field] : {std::pair{"enroll.secret", &d.enroll_secret_},
                             std::pair{"admin.token", &d.admin_token_}}) {
    auto existing = ReadOptional(dir, name);
    if (!existing.ok()) return existing.status();
    if (existing->has_value()) {
      *field = std::string(absl::StripAsciiWhitespace(**existing));
    } else {
      *field = tls::RandomHex(32);
      if (auto s = io::WriteFileAtomic(dir / name, *field + "\n"); !s.ok()) return s;
    }
  }
  return d;
}

}  // namespace minspec::collector
