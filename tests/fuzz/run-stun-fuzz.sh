#!/usr/bin/env bash
# Fuzzes the STUN parser with libFuzzer (clang-14, ASan + UBSan) and grows the
# kept corpus in tests/fuzz/stun_corpus/ (minimised with -merge=1 at the end).
#   tests/fuzz/run-stun-fuzz.sh [seconds]      default 180
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-180}
out=${MINSPEC_FUZZ_BUILD:-$root/build-fuzz}
mkdir -p "$out/new_corpus"
CXX=${CXX_FUZZ:-clang++-14}
"$CXX" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$root" "$here/stun_parser_fuzzer.cc" "$root/agent/probes/network/rtc/stun_message.cc" \
  -o "$out/stun_parser_fuzzer"
# Fuzz into a scratch corpus seeded from the kept one, then merge back only
# inputs that add coverage.
"$out/stun_parser_fuzzer" -max_total_time="$secs" -max_len=2048 -print_final_stats=1 \
  -artifact_prefix="$out/" "$out/new_corpus" "$here/stun_corpus"
"$out/stun_parser_fuzzer" -merge=1 "$here/stun_corpus" "$out/new_corpus"
echo "kept corpus: $(ls "$here/stun_corpus" | wc -l) files"
