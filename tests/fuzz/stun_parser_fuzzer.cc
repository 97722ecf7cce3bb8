// libFuzzer target for the STUN codec (agent/probes/network/rtc/stun_message.h):
// whatever bytes a server sends, parsing must neither crash nor read out of
// bounds, and what parses must survive the accessors and a re-encode.
// Built by tests/fuzz/run-stun-fuzz.sh (clang-14 -fsanitize=fuzzer,address,undefined)
// and, without libFuzzer, by the corpus regression test in the normal build.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "agent/probes/network/rtc/stun_message.h"

using minspec::agent::rtc::StunFrameLength;
using minspec::agent::rtc::StunMessage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  const size_t frame = StunFrameLength(bytes);
  auto parsed = StunMessage::Parse(bytes);
  if (!parsed.message) {
    if (parsed.error.empty()) std::abort();  // a rejection must say why
    return 0;
  }
  // A parsed message is exactly one frame.
  if (frame != size) std::abort();
  const StunMessage& m = *parsed.message;
  (void)m.MappedAddress();
  (void)m.ErrorCode();
  (void)m.Realm();
  (void)m.HasNonce();
  // Re-encoding what parsed gives a message that parses to the same attributes
  // (without FINGERPRINT: padding bytes are zeroed on encode, so an old CRC may not hold).
  if (!parsed.has_fingerprint) {
    auto again = StunMessage::Parse(m.Encode(false));
    if (!again.message || again.message->attributes.size() != m.attributes.size() ||
        again.message->transaction_id != m.transaction_id || again.message->method != m.method ||
        again.message->message_class != m.message_class) {
      std::abort();
    }
  }
  return 0;
}
