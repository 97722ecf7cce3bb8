#include "agent/probes/network/rtc/stun_message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace minspec::agent::rtc {
namespace {

std::vector<uint8_t> Hex(const std::string& hex) {
  std::vector<uint8_t> out;
  std::string digits;
  for (char c : hex) {
    if (std::isxdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// RFC 5769 2.2: IPv4 Binding success response with XOR-MAPPED-ADDRESS
// 192.0.2.1:32853, SOFTWARE, MESSAGE-INTEGRITY and FINGERPRINT.
const char* kRfc5769Ipv4Response =
    "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220"
    "002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
    "80280004c07d4c96";
// RFC 5769 2.3: IPv6 response, XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853.
const char* kRfc5769Ipv6Response =
    "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220"
    "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf1"
    "1784c97c8292c275bfe3ed4180280004c8fb0b4c";

TEST(StunMessage, ParsesRfc5769Ipv4Response) {
  const auto bytes = Hex(kRfc5769Ipv4Response);
  auto r = StunMessage::Parse(bytes);
  ASSERT_TRUE(r.message) << r.error;
  EXPECT_TRUE(r.has_fingerprint);
  EXPECT_EQ(r.message->message_class, StunClass::kSuccess);
  EXPECT_EQ(r.message->method, static_cast<uint16_t>(StunMethod::kBinding));
  auto mapped = r.message->MappedAddress();
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->family, 4);
  EXPECT_EQ(mapped->ip, "192.0.2.1");
  EXPECT_EQ(mapped->port, 32853);
}

TEST(StunMessage, ParsesRfc5769Ipv6Response) {
  auto r = StunMessage::Parse(Hex(kRfc5769Ipv6Response));
  ASSERT_TRUE(r.message) << r.error;
  auto mapped = r.message->MappedAddress();
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->family, 6);
  EXPECT_EQ(mapped->ip, "2001:db8:1234:5678:11:2233:4455:6677");
  EXPECT_EQ(mapped->port, 32853);
}

TEST(StunMessage, EncodeParseRoundTripWithFingerprint) {
  StunMessage req = StunMessage::Request(StunMethod::kAllocate);
  req.attributes.push_back({stun_attr::kRequestedTransport, {17, 0, 0, 0}});
  req.attributes.push_back({stun_attr::kSoftware, {'a', 'b', 'c'}});  // needs padding
  const auto wire = req.Encode(true);
  EXPECT_EQ(wire.size() % 4, 0u);
  EXPECT_EQ(wire[0] & 0xC0, 0);
  EXPECT_EQ(StunFrameLength(wire), wire.size());
  auto r = StunMessage::Parse(wire);
  ASSERT_TRUE(r.message) << r.error;
  EXPECT_TRUE(r.has_fingerprint);
  EXPECT_EQ(r.message->method, static_cast<uint16_t>(StunMethod::kAllocate));
  EXPECT_EQ(r.message->message_class, StunClass::kRequest);
  EXPECT_EQ(r.message->transaction_id, req.transaction_id);
  ASSERT_NE(r.message->Find(stun_attr::kSoftware), nullptr);
  EXPECT_EQ(r.message->Find(stun_attr::kSoftware)->value.size(), 3u);
}

TEST(StunMessage, ClassAndMethodBitsAreInterleaved) {
  StunMessage m;
  m.method = static_cast<uint16_t>(StunMethod::kAllocate);
  m.message_class = StunClass::kError;
  const auto wire = m.Encode();
  EXPECT_EQ(wire[0], 0x01);  // Allocate error response is 0x0113
  EXPECT_EQ(wire[1], 0x13);
  auto r = StunMessage::Parse(wire);
  ASSERT_TRUE(r.message);
  EXPECT_EQ(r.message->message_class, StunClass::kError);
}

TEST(StunMessage, RejectsMalformedInput) {
  const auto good = Hex(kRfc5769Ipv4Response);
  struct Case {
    std::string name;
    std::vector<uint8_t> bytes;
    std::string error_part;
  };
  std::vector<Case> cases;
  cases.push_back({"empty", {}, "short message"});
  cases.push_back({"19 bytes", std::vector<uint8_t>(good.begin(), good.begin() + 19), "short message"});
  auto bad_bits = good;
  bad_bits[0] |= 0x80;
  cases.push_back({"leading bits", bad_bits, "leading bits"});
  auto bad_cookie = good;
  bad_cookie[4] ^= 1;
  cases.push_back({"cookie", bad_cookie, "magic cookie"});
  auto odd_len = good;
  odd_len[3] = 0x3d;
  cases.push_back({"length not /4", odd_len, "multiple of 4"});
  auto truncated = good;
  truncated.pop_back();
  truncated.pop_back();
  truncated.pop_back();
  truncated.pop_back();
  cases.push_back({"length disagrees", truncated, "disagrees"});
  auto overrun = good;
  overrun[22] = 0x00;  // SOFTWARE length 0x0b -> 0xff0b... keep header: set high byte
  overrun[22] = 0xff;
  cases.push_back({"attribute overrun", overrun, "runs past"});
  auto bad_fp = good;
  bad_fp.back() ^= 1;
  cases.push_back({"fingerprint", bad_fp, "FINGERPRINT mismatch"});
  // An attribute after FINGERPRINT.
  auto after_fp = good;
  after_fp.insert(after_fp.end(), {0x80, 0x22, 0x00, 0x00});
  after_fp[3] = static_cast<uint8_t>(after_fp.size() - 20);
  cases.push_back({"after fingerprint", after_fp, ""});
  for (const auto& c : cases) {
    auto r = StunMessage::Parse(c.bytes);
    EXPECT_FALSE(r.message) << c.name;
    EXPECT_NE(r.error.find(c.error_part), std::string::npos) << c.name << ": " << r.error;
    EXPECT_FALSE(r.error.empty()) << c.name;
  }
}

TEST(StunMessage, MalformedAttributesDecodeToNothing) {
  StunTransactionId tx{};
  EXPECT_FALSE(DecodeXorAddress(std::vector<uint8_t>{0, 1, 0, 0, 1, 2, 3}, tx));      // v4 too short
  EXPECT_FALSE(DecodeXorAddress(std::vector<uint8_t>{0, 3, 0, 0, 1, 2, 3, 4}, tx));   // bad family
  EXPECT_FALSE(DecodeXorAddress(std::vector<uint8_t>{0, 2, 0, 0, 1, 2, 3, 4}, tx));   // v6 with 4 bytes
  EXPECT_FALSE(DecodeXorAddress(std::vector<uint8_t>{}, tx));
  EXPECT_FALSE(DecodeErrorCode(std::vector<uint8_t>{0, 0, 4}));                        // short
  EXPECT_FALSE(DecodeErrorCode(std::vector<uint8_t>{0, 0, 7, 1}));                     // class 7
  EXPECT_FALSE(DecodeErrorCode(std::vector<uint8_t>{0, 0, 4, 100}));                   // number 100
  auto ec = DecodeErrorCode(std::vector<uint8_t>{0, 0, 4, 1, 'U', 'n', 0x01});
  ASSERT_TRUE(ec);
  EXPECT_EQ(ec->code, 401);
  EXPECT_EQ(ec->reason, "Un?");
}

TEST(StunMessage, FrameLengthRejectsNonStunHeaders) {
  std::vector<uint8_t> http = {'H', 'T', 'T', 'P', '/', '1', '.', '1', ' ', '4', '0', '0',
                               ' ', 'B', 'a', 'd', ' ', 'R', 'e', 'q'};
  EXPECT_EQ(StunFrameLength(http), 0u);
  EXPECT_EQ(StunFrameLength(std::vector<uint8_t>(10, 0)), 0u);
}

TEST(StunMessage, Crc32MatchesZlib) {
  const std::string s = "123456789";
  EXPECT_EQ(Crc32(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size())),
            0xCBF43926u);
}

}  // namespace
}  // namespace minspec::agent::rtc
