#include "agent/probes/network/rtc/stun_message.h"

#include <arpa/inet.h>

#include <random>

namespace minspec::agent::rtc {
namespace {

constexpr uint32_t kFingerprintXor = 0x5354554E;
constexpr size_t kMaxRealmBytes = 763;  // RFC 8489 14.9

uint16_t Load16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t Load32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}
void Put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void Put32(std::vector<uint8_t>& out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v >> 16));
  Put16(out, static_cast<uint16_t>(v));
}
void Set16(std::vector<uint8_t>& out, size_t at, uint16_t v) {
  out[at] = static_cast<uint8_t>(v >> 8);
  out[at + 1] = static_cast<uint8_t>(v);
}

// Message type bits: M11..M7 C1 M6..M4 C0 M3..M0 (RFC 8489 5).
uint16_t MessageType(uint16_t method, StunClass c) {
  const uint16_t cls = static_cast<uint16_t>(c);
  return static_cast<uint16_t>((method & 0x000F) | ((method & 0x0070) << 1) |
                               ((method & 0x0F80) << 2) | ((cls & 1) << 4) | ((cls & 2) << 7));
}

std::string Hex16(uint16_t v) {
  static const char* digits = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) s.push_back(digits[(v >> shift) & 0xF]);
  return s;
}

StunParseResult Fail(std::string why) {
  StunParseResult r;
  r.error = std::move(why);
  return r;
}

}  // namespace

uint32_t Crc32(std::span<const uint8_t> bytes) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (uint8_t b : bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

StunMessage StunMessage::Request(StunMethod m) {
  StunMessage msg;
  msg.method = static_cast<uint16_t>(m);
  msg.message_class = StunClass::kRequest;
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  for (auto& b : msg.transaction_id) b = static_cast<uint8_t>(rng());
  return msg;
}

std::vector<uint8_t> StunMessage::Encode(bool fingerprint) const {
  std::vector<uint8_t> out;
  out.reserve(kStunHeaderSize + 64);
  Put16(out, MessageType(method, message_class));
  Put16(out, 0);  // length, patched below
  Put32(out, kStunMagicCookie);
  out.insert(out.end(), transaction_id.begin(), transaction_id.end());
  for (const auto& a : attributes) {
    Put16(out, a.type);
    Put16(out, static_cast<uint16_t>(a.value.size()));
    out.insert(out.end(), a.value.begin(), a.value.end());
    while (out.size() % 4 != 0) out.push_back(0);
  }
  if (fingerprint) {
    // The length must already count the FINGERPRINT attribute when the CRC is taken.
    Set16(out, 2, static_cast<uint16_t>(out.size() + 8 - kStunHeaderSize));
    const uint32_t crc = Crc32(out) ^ kFingerprintXor;
    Put16(out, stun_attr::kFingerprint);
    Put16(out, 4);
    Put32(out, crc);
  }
  Set16(out, 2, static_cast<uint16_t>(out.size() - kStunHeaderSize));
  return out;
}

size_t StunFrameLength(std::span<const uint8_t> header) {
  if (header.size() < kStunHeaderSize) return 0;
  if ((header[0] & 0xC0) != 0) return 0;
  if (Load32(header.data() + 4) != kStunMagicCookie) return 0;
  const size_t length = Load16(header.data() + 2);
  if (length % 4 != 0) return 0;
  return kStunHeaderSize + length;
}

StunParseResult StunMessage::Parse(std::span<const uint8_t> bytes) {
  if (bytes.size() < kStunHeaderSize) {
    return Fail("short message: " + std::to_string(bytes.size()) + " bytes, header needs 20");
  }
  if (bytes.size() > kStunMaxMessageSize) return Fail("message larger than 65535 bytes");
  const uint8_t* p = bytes.data();
  const uint16_t type = Load16(p);
  if ((type & 0xC000) != 0) return Fail("leading bits not zero: not a STUN message");
  if (Load32(p + 4) != kStunMagicCookie) return Fail("magic cookie mismatch");
  const size_t length = Load16(p + 2);
  if (length % 4 != 0) return Fail("length " + std::to_string(length) + " not a multiple of 4");
  if (kStunHeaderSize + length != bytes.size()) {
    return Fail("length field " + std::to_string(length) + " disagrees with " +
                std::to_string(bytes.size() - kStunHeaderSize) + " attribute bytes present");
  }

  StunMessage msg;
  msg.method = static_cast<uint16_t>((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
  msg.message_class = static_cast<StunClass>(((type >> 4) & 1) | ((type >> 7) & 2));
  std::copy(p + 8, p + 20, msg.transaction_id.begin());

  StunParseResult result;
  size_t pos = kStunHeaderSize;
  const size_t end = bytes.size();
  while (pos < end) {
    if (end - pos < 4) return Fail("truncated attribute header at offset " + std::to_string(pos));
    const uint16_t attr_type = Load16(p + pos);
    const size_t attr_len = Load16(p + pos + 2);
    const size_t padded = (attr_len + 3) & ~size_t{3};
    if (padded > end - pos - 4) {
      return Fail("attribute " + Hex16(attr_type) + " length " + std::to_string(attr_len) +
                  " runs past the message end");
    }
    if (result.has_fingerprint) return Fail("attribute after FINGERPRINT");
    if (attr_type == stun_attr::kFingerprint) {
      if (attr_len != 4) return Fail("FINGERPRINT length is not 4");
      // CRC over everything before this attribute, with the header length as sent.
      const uint32_t want = Crc32(bytes.first(pos)) ^ kFingerprintXor;
      if (Load32(p + pos + 4) != want) return Fail("FINGERPRINT mismatch");
      result.has_fingerprint = true;
    }
    StunAttribute attr;
    attr.type = attr_type;
    attr.value.assign(p + pos + 4, p + pos + 4 + attr_len);
    msg.attributes.push_back(std::move(attr));
    pos += 4 + padded;
  }
  result.message = std::move(msg);
  return result;
}

const StunAttribute* StunMessage::Find(uint16_t type) const {
  for (const auto& a : attributes) {
    if (a.type == type) return &a;
  }
  return nullptr;
}

namespace {

std::optional<StunAddress> DecodeAddress(std::span<const uint8_t> v, const StunTransactionId* txid) {
  if (v.size() < 4 || v[0] != 0) return std::nullopt;
  const uint8_t family = v[1];
  uint16_t port = Load16(v.data() + 2);
  uint8_t raw[16];
  size_t n = 0;
  if (family == 0x01 && v.size() == 8) {
    n = 4;
  } else if (family == 0x02 && v.size() == 20) {
    n = 16;
  } else {
    return std::nullopt;
  }
  std::copy(v.begin() + 4, v.begin() + 4 + static_cast<std::ptrdiff_t>(n), raw);
  if (txid != nullptr) {
    // XOR with the magic cookie (and, for IPv6, the transaction id).
    port ^= static_cast<uint16_t>(kStunMagicCookie >> 16);
    uint8_t key[16];
    key[0] = kStunMagicCookie >> 24;
    key[1] = (kStunMagicCookie >> 16) & 0xFF;
    key[2] = (kStunMagicCookie >> 8) & 0xFF;
    key[3] = kStunMagicCookie & 0xFF;
    std::copy(txid->begin(), txid->end(), key + 4);
    for (size_t i = 0; i < n; ++i) raw[i] ^= key[i];
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(n == 4 ? AF_INET : AF_INET6, raw, text, sizeof text) == nullptr) return std::nullopt;
  return StunAddress{n == 4 ? 4 : 6, text, port};
}

}  // namespace

std::optional<StunAddress> DecodeXorAddress(std::span<const uint8_t> value,
                                            const StunTransactionId& txid) {
  return DecodeAddress(value, &txid);
}

std::optional<StunAddress> DecodePlainAddress(std::span<const uint8_t> value) {
  return DecodeAddress(value, nullptr);
}

std::optional<StunErrorCode> DecodeErrorCode(std::span<const uint8_t> v) {
  if (v.size() < 4) return std::nullopt;
  const int cls = v[2] & 0x07;
  const int number = v[3];
  if (cls < 3 || cls > 6 || number > 99) return std::nullopt;
  StunErrorCode ec;
  ec.code = cls * 100 + number;
  // Reason phrase: UTF-8 text, at most 763 bytes; keep printable ASCII only.
  for (size_t i = 4; i < v.size() && ec.reason.size() < 128; ++i) {
    ec.reason.push_back((v[i] >= 0x20 && v[i] < 0x7F) ? static_cast<char>(v[i]) : '?');
  }
  return ec;
}

std::optional<StunAddress> StunMessage::MappedAddress() const {
  if (const auto* a = Find(stun_attr::kXorMappedAddress)) return DecodeXorAddress(a->value, transaction_id);
  if (const auto* a = Find(stun_attr::kMappedAddress)) return DecodePlainAddress(a->value);
  return std::nullopt;
}

std::optional<StunErrorCode> StunMessage::ErrorCode() const {
  const auto* a = Find(stun_attr::kErrorCode);
  if (a == nullptr) return std::nullopt;
  return DecodeErrorCode(a->value);
}

std::optional<std::string> StunMessage::Realm() const {
  const auto* a = Find(stun_attr::kRealm);
  if (a == nullptr || a->value.size() > kMaxRealmBytes) return std::nullopt;
  std::string realm;
  for (uint8_t b : a->value) realm.push_back((b >= 0x20 && b < 0x7F) ? static_cast<char>(b) : '?');
  return realm;
}

}  // namespace minspec::agent::rtc
