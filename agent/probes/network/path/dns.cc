#include "agent/probes/network/path/dns.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace minspec::agent::netpath {
namespace {

struct Lookup {
  absl::Mutex mu;
  bool done = false;
  absl::StatusOr<std::vector<std::string>> result = absl::UnknownError("not run");
};

absl::StatusOr<std::vector<std::string>> GetAddrInfo(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    const std::string why = gai_strerror(rc);
    if (rc == EAI_NONAME || rc == EAI_NODATA) {
      return absl::NotFoundError(absl::StrCat(host, " does not resolve: ", why));
    }
    return absl::UnavailableError(absl::StrCat("resolving ", host, ": ", why));
  }
  std::vector<std::string> out;
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* src = ai->ai_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr);
    if (inet_ntop(ai->ai_family, src, text, sizeof text) == nullptr) continue;
    bool seen = false;
    for (const auto& s : out) seen |= s == text;
    if (!seen) out.emplace_back(text);
  }
  freeaddrinfo(list);
  if (out.empty()) return absl::NotFoundError(absl::StrCat(host, " has no addresses"));
  return out;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ResolveHost(const std::string& host, absl::Duration timeout) {
  auto lookup = std::make_shared<Lookup>();
  // getaddrinfo cannot be cancelled; a detached thread owns its share of the
  // state so a hung resolver never holds the probe past its limit.
  std::thread([lookup, host] {
    auto result = GetAddrInfo(host);
    absl::MutexLock lock(&lookup->mu);
    lookup->result = std::move(result);
    lookup->done = true;
  }).detach();
  absl::MutexLock lock(&lookup->mu);
  if (!lookup->mu.AwaitWithTimeout(absl::Condition(&lookup->done), timeout)) {
    return absl::DeadlineExceededError(
        absl::StrCat("resolving ", host, ": no answer within ", absl::FormatDuration(timeout)));
  }
  return lookup->result;
}

}  // namespace minspec::agent::netpath
