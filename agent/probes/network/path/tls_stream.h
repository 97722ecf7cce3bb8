#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace minspec::agent::netpath {

// A TLS client over an already connected socket (a Tunnel), every operation
// bounded by a deadline. The certificate is NOT verified here: the caller
// inspects the presented chain itself (TLS inspection) or only needs the bytes
// through (WSS). A server that accepts TCP and never speaks ends as
// DeadlineExceeded.
class TlsStream {
 public:
  ~TlsStream();
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  // `sni` is sent unless it is a numeric address. ALPN offers http/1.1.
  static absl::StatusOr<std::unique_ptr<TlsStream>> Handshake(int fd, const std::string& sni,
                                                              absl::Time deadline);
  absl::Status WriteAll(std::string_view data, absl::Time deadline);
  // At least one byte, or an error (closed, timeout).
  absl::StatusOr<std::string> ReadSome(absl::Time deadline);

  // The chain as sent by the peer, leaf first, each in DER.
  std::vector<std::string> PeerChainDer() const;

 private:
  TlsStream() = default;
  absl::Status Wait(int ssl_error, absl::Time deadline, std::string_view what);
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  int fd_ = -1;
};

}  // namespace minspec::agent::netpath
