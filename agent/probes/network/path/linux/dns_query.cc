// DNS questions through libresolv with a private resolver state per query
// (res_ninit/res_nquery are thread-safe that way).
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "agent/probes/network/path/dns_query.h"

namespace minspec::agent::netpath {
namespace {

using Outcome = DnsQueryResult::Outcome;

DnsQueryResult Failed(std::string why) {
  DnsQueryResult r;
  r.outcome = Outcome::kFailed;
  r.error = std::move(why);
  return r;
}

// IPv4 nameservers of a resolv.conf, with an optional "#port".
bool ReadNameservers(const std::filesystem::path& path, std::vector<sockaddr_in>* out, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = absl::StrCat("cannot read ", path.string());
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> words = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (words.size() < 2 || words[0] != "nameserver") continue;
    std::string addr = words[1];
    int port = 53;
    if (const size_t hash = addr.find('#'); hash != std::string::npos) {
      if (!absl::SimpleAtoi(addr.substr(hash + 1), &port)) continue;
      addr.resize(hash);
    }
    sockaddr_in sin{};
    if (inet_pton(AF_INET, addr.c_str(), &sin.sin_addr) != 1) continue;
    sin.sin_family = AF_INET;
    sin.sin_port = htons(static_cast<uint16_t>(port));
    out->push_back(sin);
  }
  if (out->empty()) {
    *error = absl::StrCat("no IPv4 nameserver in ", path.string());
    return false;
  }
  return true;
}

DnsQueryResult Query(const std::string& name, DnsType type, const std::filesystem::path& resolv_conf,
                     absl::Duration timeout) {
  auto state = std::make_unique<struct __res_state>();
  std::memset(state.get(), 0, sizeof(struct __res_state));
  if (res_ninit(state.get()) != 0) return Failed("res_ninit failed");
  struct Closer {
    res_state s;
    ~Closer() { res_nclose(s); }
  } closer{state.get()};
  if (resolv_conf != "/etc/resolv.conf") {
    std::vector<sockaddr_in> servers;
    std::string error;
    if (!ReadNameservers(resolv_conf, &servers, &error)) return Failed(error);
    state->nscount = static_cast<int>(std::min<size_t>(servers.size(), MAXNS));
    for (int i = 0; i < state->nscount; ++i) state->nsaddr_list[i] = servers[i];
  }
  state->retrans = static_cast<int>(std::max<int64_t>(1, absl::ToInt64Seconds(timeout) / 2));
  state->retry = 2;
  const int qtype = type == DnsType::kA ? ns_t_a : type == DnsType::kAAAA ? ns_t_aaaa : ns_t_srv;
  unsigned char answer[4096];
  const int len = res_nquery(state.get(), name.c_str(), ns_c_in, qtype, answer, sizeof answer);
  if (len < 0) {
    DnsQueryResult r;
    switch (state->res_h_errno) {
      case HOST_NOT_FOUND: r.outcome = Outcome::kNoSuchName; r.error = "NXDOMAIN"; break;
      case NO_DATA: r.outcome = Outcome::kNoData; r.error = "no record of that type"; break;
      case TRY_AGAIN: r.outcome = Outcome::kFailed; r.error = "resolver timed out or SERVFAIL"; break;
      default: r.outcome = Outcome::kFailed; r.error = "resolver refused or failed"; break;
    }
    return r;
  }
  ns_msg msg;
  if (ns_initparse(answer, len, &msg) != 0) return Failed("malformed DNS answer");
  DnsQueryResult r;
  for (int i = 0; i < ns_msg_count(msg, ns_s_an); ++i) {
    ns_rr rr;
    if (ns_parserr(&msg, ns_s_an, i, &rr) != 0) continue;
    const unsigned char* rdata = ns_rr_rdata(rr);
    char text[NS_MAXDNAME];
    if (ns_rr_type(rr) == ns_t_a && ns_rr_rdlen(rr) == 4 && type == DnsType::kA) {
      inet_ntop(AF_INET, rdata, text, sizeof text);
      r.records.emplace_back(text);
    } else if (ns_rr_type(rr) == ns_t_aaaa && ns_rr_rdlen(rr) == 16 && type == DnsType::kAAAA) {
      inet_ntop(AF_INET6, rdata, text, sizeof text);
      r.records.emplace_back(text);
    } else if (ns_rr_type(rr) == ns_t_srv && ns_rr_rdlen(rr) > 6 && type == DnsType::kSrv) {
      const unsigned prio = ns_get16(rdata), weight = ns_get16(rdata + 2), port = ns_get16(rdata + 4);
      if (dn_expand(ns_msg_base(msg), ns_msg_end(msg), rdata + 6, text, sizeof text) < 0) continue;
      r.records.push_back(absl::StrCat(prio, " ", weight, " ", port, " ", text));
    }
  }
  r.outcome = r.records.empty() ? Outcome::kNoData : Outcome::kAnswer;
  if (r.records.empty()) r.error = "no record of that type";
  return r;
}

struct Pending {
  absl::Mutex mu;
  bool done = false;
  DnsQueryResult result;
};

}  // namespace

DnsQueryResult QueryDns(const std::string& name, DnsType type, const std::filesystem::path& resolv_conf,
                        absl::Duration timeout) {
  // libresolv's own timeouts are whole seconds and per server; a detached
  // thread keeps the caller's bound exact.
  auto pending = std::make_shared<Pending>();
  std::thread([pending, name, type, resolv_conf, timeout] {
    DnsQueryResult r = Query(name, type, resolv_conf, timeout);
    absl::MutexLock lock(&pending->mu);
    pending->result = std::move(r);
    pending->done = true;
  }).detach();
  absl::MutexLock lock(&pending->mu);
  if (!pending->mu.AwaitWithTimeout(absl::Condition(&pending->done), timeout)) {
    return Failed(absl::StrCat("no DNS answer within ", absl::FormatDuration(timeout)));
  }
  return pending->result;
}

}  // namespace minspec::agent::netpath
