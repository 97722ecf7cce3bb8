#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace minspec::agent::netpath {

// A single DNS question to the configured resolver (Linux: res_nquery from
// libresolv). With resolv_conf other than /etc/resolv.conf, its nameserver
// lines are used instead (tests point it at a dnsmasq; "nameserver
// 127.0.0.1#5353" selects a port, as dnsmasq writes it).
enum class DnsType { kA, kAAAA, kSrv };

struct DnsQueryResult {
  enum class Outcome { kAnswer, kNoSuchName, kNoData, kFailed };
  Outcome outcome = Outcome::kFailed;
  // A/AAAA: addresses; SRV: "priority weight port target".
  std::vector<std::string> records;
  std::string error;  // for kFailed: timeout, SERVFAIL, unreadable config
};

DnsQueryResult QueryDns(const std::string& name, DnsType type, const std::filesystem::path& resolv_conf,
                        absl::Duration timeout);

}  // namespace minspec::agent::netpath
