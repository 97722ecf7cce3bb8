#include "agent/probes/network/path/tls_chain.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace minspec::agent::netpath {
namespace {

struct X509Free { void operator()(X509* x) const { X509_free(x); } };
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr FromDer(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

std::string NameText(const X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

std::string Base64(const unsigned char* data, size_t len) {
  std::string out(4 * ((len + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
  out.resize(static_cast<size_t>(n));
  return out;
}

absl::StatusOr<std::string> PinOf(X509* cert) {
  unsigned char* der = nullptr;
  const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
  if (len <= 0) return absl::InternalError("cannot encode SubjectPublicKeyInfo");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(len), digest);
  OPENSSL_free(der);
  return Base64(digest, sizeof digest);
}

}  // namespace

absl::StatusOr<std::string> SpkiPin(const std::string& cert_der) {
  X509Ptr cert = FromDer(cert_der);
  if (!cert) return absl::InvalidArgumentError("not a DER certificate");
  return PinOf(cert.get());
}

absl::Status AnalyzeChain(const std::vector<std::string>& chain_der, const std::string& host,
                          const std::vector<std::string>& spki_pins,
                          const std::string& extra_roots_pem_file, minspec::v1::TlsChain& out) {
  if (chain_der.empty()) return absl::InvalidArgumentError("peer presented no certificate");
  std::vector<X509Ptr> certs;
  for (const std::string& der : chain_der) {
    X509Ptr c = FromDer(der);
    if (!c) return absl::InvalidArgumentError("peer presented an unparsable certificate");
    certs.push_back(std::move(c));
  }
  out.set_leaf_subject(NameText(X509_get_subject_name(certs.front().get())));
  for (const auto& c : certs) out.add_chain_subjects(NameText(X509_get_subject_name(c.get())));
  // The CA that vouches for this chain: the issuer of its topmost certificate.
  out.set_issuer(NameText(X509_get_issuer_name(certs.back().get())));

  X509_STORE* store = X509_STORE_new();
  X509_STORE_set_default_paths(store);
  std::string detail;
  if (!extra_roots_pem_file.empty() && X509_STORE_load_file(store, extra_roots_pem_file.c_str()) != 1) {
    ERR_clear_error();
    detail = absl::StrCat("extra roots file unreadable: ", extra_roots_pem_file, "; ");
  }
  STACK_OF(X509)* untrusted = sk_X509_new_null();
  for (size_t i = 1; i < certs.size(); ++i) sk_X509_push(untrusted, certs[i].get());
  X509_STORE_CTX* vctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(vctx, store, certs.front().get(), untrusted);
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(vctx);
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  unsigned char ipbuf[16];
  if (!host.empty()) {
    if (inet_pton(AF_INET, host.c_str(), ipbuf) == 1 || inet_pton(AF_INET6, host.c_str(), ipbuf) == 1) {
      X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    }
  }
  const bool trusted = X509_verify_cert(vctx) == 1;
  const int verify_error = X509_STORE_CTX_get_error(vctx);
  X509_STORE_CTX_free(vctx);
  sk_X509_free(untrusted);
  X509_STORE_free(store);
  ERR_clear_error();
  out.set_chains_to_trusted_root(trusted);
  if (!trusted) {
    absl::StrAppend(&detail, "chain does not verify: ", X509_verify_cert_error_string(verify_error));
  }

  bool pins_fail = false;
  if (!spki_pins.empty()) {
    bool match = false;
    for (const auto& c : certs) {
      absl::StatusOr<std::string> pin = PinOf(c.get());
      if (!pin.ok()) continue;
      for (const std::string& want : spki_pins) match |= (*pin == want);
    }
    out.set_pin_match(match);
    pins_fail = !match;
    if (pins_fail) absl::StrAppend(&detail, detail.empty() ? "" : "; ", "no certificate matches the SPKI pins");
  }
  out.set_intercepted(!trusted || pins_fail);
  if (!out.intercepted()) absl::StrAppend(&detail, "chain verifies to a trusted root");
  out.set_detail(detail);
  return absl::OkStatus();
}

}  // namespace minspec::agent::netpath
