#include "agent/probes/network/path/websocket.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace minspec::agent::netpath {
namespace {

std::string Base64(const unsigned char* data, size_t len) {
  std::string out(4 * ((len + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string MaskedTextFrame(const std::string& payload) {
  std::string frame;
  frame.push_back(static_cast<char>(0x81));  // FIN + text
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(0x80 | payload.size()));
  } else {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
    frame.push_back(static_cast<char>(payload.size() & 0xff));
  }
  unsigned char mask[4];
  RAND_bytes(mask, sizeof mask);
  frame.append(reinterpret_cast<char*>(mask), 4);
  for (size_t i = 0; i < payload.size(); ++i) frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return frame;
}

// Parses one complete server frame from `buf`; false when more bytes are needed.
bool ParseFrame(const std::string& buf, int* opcode, std::string* payload, size_t* consumed,
                absl::Status* error) {
  if (buf.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(buf[0]);
  const auto b1 = static_cast<unsigned char>(buf[1]);
  size_t pos = 2;
  uint64_t len = b1 & 0x7f;
  if (len == 126) {
    if (buf.size() < 4) return false;
    len = (static_cast<unsigned char>(buf[2]) << 8) | static_cast<unsigned char>(buf[3]);
    pos = 4;
  } else if (len == 127) {
    if (buf.size() < 10) return false;
    len = 0;
    for (int i = 2; i < 10; ++i) len = (len << 8) | static_cast<unsigned char>(buf[i]);
    pos = 10;
  }
  if (len > (1u << 20)) {
    *error = absl::DataLossError("server frame larger than 1 MiB");
    return true;
  }
  unsigned char mask[4] = {0, 0, 0, 0};
  const bool masked = (b1 & 0x80) != 0;
  if (masked) {
    if (buf.size() < pos + 4) return false;
    for (int i = 0; i < 4; ++i) mask[i] = static_cast<unsigned char>(buf[pos + i]);
    pos += 4;
  }
  if (buf.size() < pos + len) return false;
  *opcode = b0 & 0x0f;
  *consumed = pos + len;
  payload->assign(buf, pos, len);
  if (masked) for (size_t i = 0; i < payload->size(); ++i) (*payload)[i] ^= static_cast<char>(mask[i % 4]);
  return true;
}

}  // namespace

std::string WebSocketAccept(const std::string& key) {
  const std::string text = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return Base64(digest, sizeof digest);
}

absl::Status WebSocketEcho(TlsStream& stream, const std::string& host_header, const std::string& path,
                           absl::Time deadline, std::string* detail) {
  unsigned char nonce[16];
  RAND_bytes(nonce, sizeof nonce);
  const std::string key = Base64(nonce, sizeof nonce);
  const std::string request = absl::StrCat(
      "GET ", path, " HTTP/1.1\r\nHost: ", host_header,
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ", key,
      "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: minspec-agent/0.1\r\n\r\n");
  if (absl::Status s = stream.WriteAll(request, deadline); !s.ok()) return s;

  std::string buf;
  size_t header_end = std::string::npos;
  while ((header_end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (buf.size() > 16384) return absl::DataLossError("upgrade answer headers exceed 16 KiB");
    absl::StatusOr<std::string> more = stream.ReadSome(deadline);
    if (!more.ok()) {
      return absl::Status(more.status().code(), absl::StrCat("waiting for 101: ", more.status().message()));
    }
    buf += *more;
  }
  const std::string head = buf.substr(0, header_end);
  buf.erase(0, header_end + 4);
  std::vector<std::string> lines = absl::StrSplit(head, "\r\n");
  const std::string status_line = lines.empty() ? "" : lines.front();
  std::vector<std::string> status_parts = absl::StrSplit(status_line, ' ');
  int status = 0;
  if (status_parts.size() < 2 || !absl::SimpleAtoi(status_parts[1], &status)) {
    return absl::DataLossError(absl::StrCat("not an HTTP answer: ", status_line.substr(0, 80)));
  }
  if (status != 101) {
    return absl::FailedPreconditionError(absl::StrCat("upgrade refused: ", status_line.substr(0, 80)));
  }
  std::string accept;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(lines[i].substr(0, colon)), "sec-websocket-accept")) {
      accept = std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
    }
  }
  if (accept != WebSocketAccept(key)) {
    return absl::DataLossError(absl::StrCat("101 but Sec-WebSocket-Accept is wrong: '", accept, "'"));
  }

  unsigned char tag[6];
  RAND_bytes(tag, sizeof tag);
  std::string text = "minspec-echo-";
  for (unsigned char c : tag) absl::StrAppend(&text, absl::Hex(c, absl::kZeroPad2));
  if (absl::Status s = stream.WriteAll(MaskedTextFrame(text), deadline); !s.ok()) return s;
  for (;;) {
    int opcode = 0;
    std::string payload;
    size_t consumed = 0;
    absl::Status frame_error;
    if (ParseFrame(buf, &opcode, &payload, &consumed, &frame_error)) {
      if (!frame_error.ok()) return frame_error;
      if (opcode == 0x1 || opcode == 0x2) {
        if (payload != text) return absl::DataLossError("101, but the echoed frame differs from what was sent");
        *detail = "101 Switching Protocols, frame echoed";
        return absl::OkStatus();
      }
      if (opcode == 0x8) return absl::UnavailableError("101, then the server closed the WebSocket instead of echoing");
      // Ping/pong or other control frames: skip and keep reading.
      buf.erase(0, consumed);
      continue;
    }
    absl::StatusOr<std::string> more = stream.ReadSome(deadline);
    if (!more.ok()) {
      return absl::Status(more.status().code(), absl::StrCat("101, waiting for the echo: ", more.status().message()));
    }
    buf += *more;
  }
}

}  // namespace minspec::agent::netpath
