#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/tls/tls_util.h"

namespace minspec::collector {

// The collector's state directory. First start creates, each readable only by
// the collector's user (0600, directory 0700):
//   ca.key, ca.crt          the fleet CA; agents and the CLI trust ca.crt
//   server.key, server.crt  the collector's TLS identity, signed by the CA
//   enroll.secret           what agents present once, with their CSR
//   admin.token             a first admin token for the CLI
//   collector.db            SQLite (WAL)
// and, once listening, collector.port.
class DataDir {
 public:
  // Creates what is missing; refuses a directory whose files are corrupt or
  // inconsistent (a key without its certificate, a certificate not from the CA).
  static absl::StatusOr<DataDir> OpenOrInit(const std::filesystem::path& dir,
                                            const std::vector<std::string>& server_names);

  const std::filesystem::path& path() const { return dir_; }
  std::filesystem::path db_file() const { return dir_ / "collector.db"; }
  std::filesystem::path port_file() const { return dir_ / "collector.port"; }
  const tls::KeyAndCert& ca() const { return ca_; }
  const tls::KeyAndCert& server() const { return server_; }
  const std::string& enroll_secret() const { return enroll_secret_; }
  const std::string& admin_token() const { return admin_token_; }
  bool created() const { return created_; }

 private:
  std::filesystem::path dir_;
  tls::KeyAndCert ca_;
  tls::KeyAndCert server_;
  std::string enroll_secret_;
  std::string admin_token_;
  bool created_ = false;
};

}  // namespace minspec::collector
