#pragma once

// STUN message codec (RFC 8489), just what the RTC probes need: Binding and
// Allocate requests out, responses in. Depends on the C++ standard library
// only, so the libFuzzer target can build it alone.
//
// Parsing is strict and bounds-checked: every length is checked against the
// bytes actually present before it is used, and a message that is not exactly
// one well-formed STUN frame is rejected with a reason.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace minspec::agent::rtc {

inline constexpr uint32_t kStunMagicCookie = 0x2112A442;
inline constexpr size_t kStunHeaderSize = 20;
// Largest frame we accept over a stream; a UDP datagram can't exceed 65535 either.
inline constexpr size_t kStunMaxMessageSize = 65535;

enum class StunMethod : uint16_t { kBinding = 0x001, kAllocate = 0x003 };
enum class StunClass : uint8_t { kRequest = 0, kIndication = 1, kSuccess = 2, kError = 3 };

namespace stun_attr {
inline constexpr uint16_t kMappedAddress = 0x0001;
inline constexpr uint16_t kUsername = 0x0006;
inline constexpr uint16_t kMessageIntegrity = 0x0008;
inline constexpr uint16_t kErrorCode = 0x0009;
inline constexpr uint16_t kUnknownAttributes = 0x000A;
inline constexpr uint16_t kRealm = 0x0014;
inline constexpr uint16_t kNonce = 0x0015;
inline constexpr uint16_t kRequestedTransport = 0x0019;  // RFC 8656
inline constexpr uint16_t kXorMappedAddress = 0x0020;
inline constexpr uint16_t kSoftware = 0x8022;
inline constexpr uint16_t kFingerprint = 0x8028;
}  // namespace stun_attr

using StunTransactionId = std::array<uint8_t, 12>;

struct StunAttribute {
  uint16_t type = 0;
  std::vector<uint8_t> value;  // without padding
};

struct StunAddress {
  int family = 0;  // 4 or 6
  std::string ip;  // textual, e.g. "127.0.0.1"
  uint16_t port = 0;
};

struct StunErrorCode {
  int code = 0;  // 300..699, e.g. 401
  std::string reason;
};

struct StunParseResult;

class StunMessage {
 public:
  uint16_t method = static_cast<uint16_t>(StunMethod::kBinding);  // 12 bits
  StunClass message_class = StunClass::kRequest;
  StunTransactionId transaction_id{};
  std::vector<StunAttribute> attributes;

  // A request with a fresh random transaction id.
  static StunMessage Request(StunMethod method);

  // Wire bytes; with `fingerprint`, a FINGERPRINT attribute (CRC-32 ^ 0x5354554E) last.
  std::vector<uint8_t> Encode(bool fingerprint = false) const;

  // Exactly one message: `bytes` must hold the header and all of its attributes.
  static StunParseResult Parse(std::span<const uint8_t> bytes);

  const StunAttribute* Find(uint16_t type) const;
  // XOR-MAPPED-ADDRESS, else the legacy MAPPED-ADDRESS; nullopt when absent or malformed.
  std::optional<StunAddress> MappedAddress() const;
  std::optional<StunErrorCode> ErrorCode() const;
  std::optional<std::string> Realm() const;
  bool HasNonce() const { return Find(stun_attr::kNonce) != nullptr; }
};

struct StunParseResult {
  std::optional<StunMessage> message;
  std::string error;               // why parsing failed; empty on success
  bool has_fingerprint = false;    // a FINGERPRINT attribute was present and verified
};

// For stream transports (TCP, TLS): given at least the 20 header bytes,
// the full frame length (header + attributes), or 0 when the header cannot
// start a STUN message (bad leading bits, cookie, or length).
size_t StunFrameLength(std::span<const uint8_t> header);

// CRC-32 (IEEE 802.3, as zlib), for FINGERPRINT.
uint32_t Crc32(std::span<const uint8_t> bytes);

// Attribute decoders, usable on their own (and by the fuzzer).
std::optional<StunAddress> DecodeXorAddress(std::span<const uint8_t> value,
                                            const StunTransactionId& txid);
std::optional<StunAddress> DecodePlainAddress(std::span<const uint8_t> value);
std::optional<StunErrorCode> DecodeErrorCode(std::span<const uint8_t> value);

}  // namespace minspec::agent::rtc
