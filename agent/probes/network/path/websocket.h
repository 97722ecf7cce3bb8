#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "agent/probes/network/path/tls_stream.h"

namespace minspec::agent::netpath {

// RFC 6455 over an established TLS stream: sends the HTTP/1.1 Upgrade for
// `host_header` + `path`, requires "101" and the Sec-WebSocket-Accept derived
// from our key, then sends one masked text frame and requires the same text
// back. `detail` gets what happened, success or not.
absl::Status WebSocketEcho(TlsStream& stream, const std::string& host_header,
                           const std::string& path, absl::Time deadline, std::string* detail);

// base64(SHA-1(key + RFC 6455 GUID)): what the server must answer.
std::string WebSocketAccept(const std::string& key);

}  // namespace minspec::agent::netpath
