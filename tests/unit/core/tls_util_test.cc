#include "common/tls/tls_util.h"

#include <gtest/gtest.h>

namespace minspec::tls {
namespace {

TEST(Tls, CaSignsClientCsrWithSubjectChosenByTheCollector) {
  auto ca = CreateCa("fleet", absl::Hours(24));
  ASSERT_TRUE(ca.ok()) << ca.status();
  auto key = GeneratePrivateKeyPem();
  ASSERT_TRUE(key.ok());
  auto csr = CreateCsr(*key, "claims-to-be-admin");
  ASSERT_TRUE(csr.ok());
  auto cert = SignClientCsr(*ca, *csr, "host-1234", absl::Hours(24));
  ASSERT_TRUE(cert.ok()) << cert.status();
  EXPECT_EQ(*CommonName(*cert), "host-1234");
  EXPECT_TRUE(VerifyIssuedBy(*cert, ca->cert_pem).ok());
  EXPECT_EQ(Sha256Fingerprint(*cert)->size(), 64u);
}

TEST(Tls, ForeignCaDoesNotVerify) {
  auto ca = CreateCa("fleet", absl::Hours(24));
  auto rogue = CreateCa("rogue", absl::Hours(24));
  auto server = CreateServerCert(*rogue, "x", {"localhost"}, {"127.0.0.1"}, absl::Hours(1));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_FALSE(VerifyIssuedBy(server->cert_pem, ca->cert_pem).ok());
  EXPECT_TRUE(VerifyIssuedBy(server->cert_pem, rogue->cert_pem).ok());
}

TEST(Tls, GarbageIsRefusedNotCrashed) {
  auto ca = CreateCa("fleet", absl::Hours(24));
  EXPECT_FALSE(SignClientCsr(*ca, "not a csr", "h", absl::Hours(1)).ok());
  EXPECT_FALSE(CommonName("garbage").ok());
  EXPECT_FALSE(CreateCsr("not a key", "h").ok());
}

TEST(Tls, SecretsCompareExactly) {
  EXPECT_TRUE(SecretEquals("abc", "abc"));
  EXPECT_FALSE(SecretEquals("abc", "abd"));
  EXPECT_FALSE(SecretEquals("abc", "abcd"));
  EXPECT_EQ(RandomHex(16).size(), 32u);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

}  // namespace
}  // namespace minspec::tls
