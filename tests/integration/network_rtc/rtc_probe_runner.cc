// Runs the RTC probes once and writes the Facts they produced (binary proto).
// The network-namespace tests execute it with `ip netns exec <client> ...`,
// so the probes see exactly the client namespace's network.
//   rtc_probe_runner <baseline.textproto> <facts.out> [network.stun_udp ...]
#include <fcntl.h>

#include <fstream>
#include <future>
#include <iostream>
#include <set>
#include <sstream>
#include <vector>

#include "agent/probes/families.h"
#include "google/protobuf/text_format.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: rtc_probe_runner <baseline.textproto> <facts.out> [probe names]\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  minspec::v1::Baseline baseline;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &baseline)) {
    std::cerr << "cannot parse " << argv[1] << "\n";
    return 2;
  }
  std::set<std::string> wanted(argv + 3, argv + argc);
  minspec::agent::ProbeList probes;
  minspec::agent::AppendRtcProbes(probes);
  minspec::agent::ProbeContext ctx;
  ctx.baseline = &baseline;
  std::vector<std::future<minspec::v1::Facts>> running;
  for (const auto& p : probes) {
    if (!wanted.empty() && !wanted.count(std::string(p->Name()))) continue;
    running.push_back(std::async(std::launch::async, [&p, &ctx] {
      minspec::v1::Facts part;
      p->Collect(ctx, part);
      return part;
    }));
  }
  minspec::v1::Facts facts;
  for (auto& r : running) facts.MergeFrom(r.get());
  std::ofstream out(argv[2], std::ios::binary);
  if (!facts.SerializeToOstream(&out)) return 1;
  return 0;
}
