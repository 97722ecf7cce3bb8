#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

// Certificate work for enrollment and mutual TLS, on OpenSSL. Keys are EC P-256.
namespace minspec::tls {

struct KeyAndCert {
  std::string key_pem;
  std::string cert_pem;
};

absl::StatusOr<std::string> GeneratePrivateKeyPem();

// A self-signed CA for one collector's fleet.
absl::StatusOr<KeyAndCert> CreateCa(std::string_view common_name, absl::Duration validity);

// A server certificate signed by `ca`, valid for the listed names and addresses.
absl::StatusOr<KeyAndCert> CreateServerCert(const KeyAndCert& ca, std::string_view common_name,
                                            const std::vector<std::string>& dns_names,
                                            const std::vector<std::string>& ip_addresses,
                                            absl::Duration validity);

// A PKCS#10 request for `key_pem`, as the agent sends it at enrollment.
absl::StatusOr<std::string> CreateCsr(std::string_view key_pem, std::string_view common_name);

// Signs a client certificate for the CSR's key. The subject is set by the
// collector (`common_name`), never taken from the request.
absl::StatusOr<std::string> SignClientCsr(const KeyAndCert& ca, std::string_view csr_pem,
                                          std::string_view common_name, absl::Duration validity);

// `bytes` random bytes from the OpenSSL CSPRNG, as lowercase hex.
std::string RandomHex(size_t bytes);

// Constant-time comparison for secrets and tokens.
bool SecretEquals(std::string_view a, std::string_view b);

absl::StatusOr<std::string> CommonName(std::string_view cert_pem);
absl::StatusOr<std::string> Sha256Fingerprint(std::string_view cert_pem);

// True when `cert_pem` is signed by `ca_pem` and currently valid.
absl::Status VerifyIssuedBy(std::string_view cert_pem, std::string_view ca_pem);

}  // namespace minspec::tls
