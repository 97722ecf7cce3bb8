#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "minspec/v1/network_path.pb.h"

namespace minspec::agent::netpath {

// Judges a presented chain (leaf first, DER): does it chain to a root in the
// system store or `extra_roots_pem_file`, and does any certificate match one
// of `spki_pins` (base64 SHA-256 of SubjectPublicKeyInfo)? A chain that does
// not verify, or misses the pins the baseline carries, is `intercepted`;
// `issuer` then names the CA that signed the top of the presented chain.
// Fills out.leaf_subject, issuer, chain_subjects, chains_to_trusted_root,
// pin_match (only when pins are given), intercepted and detail.
absl::Status AnalyzeChain(const std::vector<std::string>& chain_der, const std::string& host,
                          const std::vector<std::string>& spki_pins,
                          const std::string& extra_roots_pem_file, minspec::v1::TlsChain& out);

// base64(SHA-256(SubjectPublicKeyInfo DER)) of one certificate, as HPKP pins are written.
absl::StatusOr<std::string> SpkiPin(const std::string& cert_der);

}  // namespace minspec::agent::netpath
