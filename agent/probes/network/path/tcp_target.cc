#include "agent/probes/network/path/tcp_target.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "agent/probes/network/path/dns.h"
#include "agent/probes/network/path/targets.h"
#include "agent/probes/network/path/tcp_connect.h"

namespace minspec::agent::netpath {

void CheckTcpTarget(const std::string& host_port, const Cidr* range, const std::string& range_text,
                    absl::Duration timeout, minspec::v1::EndpointCheck& check) {
  check.set_target(host_port);
  if (!range_text.empty()) check.set_range(range_text);
  std::string host;
  int port = 0;
  if (absl::Status s = SplitHostPort(host_port, &host, &port); !s.ok()) {
    return check.set_detail(std::string(s.message()));
  }
  const absl::Time start = absl::Now();
  auto addresses = ResolveHost(host, timeout);
  if (!addresses.ok()) return check.set_detail(std::string(addresses.status().message()));
  std::string address = addresses->front();
  if (range != nullptr) {
    bool inside = false;
    for (const auto& a : *addresses) {
      if (CidrContains(*range, a)) {
        address = a;
        inside = true;
        break;
      }
    }
    if (!inside) {
      check.set_resolved_address(address);
      return check.set_detail(absl::StrCat(host, " resolves to ", address, ", outside ", range_text));
    }
  }
  check.set_resolved_address(address);
  const absl::Duration left = timeout - (absl::Now() - start);
  absl::Status connected = left > absl::ZeroDuration()
                               ? TcpConnect(address, port, left)
                               : absl::DeadlineExceededError("no time left after DNS");
  check.set_latency_ms(absl::ToInt64Milliseconds(absl::Now() - start));
  if (!connected.ok()) return check.set_detail(std::string(connected.message()));
  check.set_ok(true);
  check.set_detail(absl::StrCat("TCP connect to ", address, ":", port));
}

}  // namespace minspec::agent::netpath
