#!/usr/bin/env bash
# README command 1: installs what is missing, builds, starts a collector on
# the embedded default (SQLite under ./.minspec-demo), enrolls an agent on this
# machine, runs one probe cycle and prints the fleet compliance report.
#
#   MINSPEC_BASELINE=FILE   use another baseline (e.g. one whose network targets
#                           point at hosts of your own)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh

demo="$PWD/.minspec-demo"
bin="$PWD/build/bin"
mkdir -p "$demo"
baseline="${MINSPEC_BASELINE:-$PWD/deploy/baselines/default.textproto}"
rm -f "$demo/collector/collector.port"
"$bin/minspec-collector" --listen 127.0.0.1:0 --data-dir "$demo/collector" \
  --baseline "$baseline" >"$demo/collector.log" 2>&1 &
collector_pid=$!
trap 'kill $collector_pid 2>/dev/null; wait $collector_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  [[ -s "$demo/collector/collector.port" ]] && break
  if ! kill -0 $collector_pid 2>/dev/null; then cat "$demo/collector.log" >&2; exit 1; fi
  sleep 0.1
done
[[ -s "$demo/collector/collector.port" ]] || { echo "collector did not start" >&2; exit 1; }
addr="127.0.0.1:$(cat "$demo/collector/collector.port")"
echo "== collector on $addr (data: $demo/collector, log: $demo/collector.log)"

echo "== agent: enroll and one probe cycle"
"$bin/minspec-agent" run --once --collector "$addr" --ca "$demo/collector/ca.crt" \
  --enroll-secret-file "$demo/collector/enroll.secret" --state-dir "$demo/agent"

export MINSPEC_COLLECTOR="$addr" MINSPEC_CA="$demo/collector/ca.crt" \
  MINSPEC_TOKEN_FILE="$demo/collector/admin.token"
echo
echo "== minspec summary"
"$bin/minspec" summary
echo
echo "== minspec hosts"
"$bin/minspec" hosts
echo
echo "== minspec host $(cat "$demo/agent/host.id")"
"$bin/minspec" host "$(cat "$demo/agent/host.id")"
