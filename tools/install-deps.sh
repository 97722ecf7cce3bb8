#!/usr/bin/env bash
# Installs what minspec needs to build and test on Debian 12, from Debian's
# own packages. Idempotent: installs only what is missing, and says so.
#   tools/install-deps.sh            build dependencies only
#   tools/install-deps.sh --test     plus the real peers the tests start
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libssl-dev libsqlitecpp-dev libsqlite3-dev libspdlog-dev
  libcli11-dev nlohmann-json3-dev libcurl4-openssl-dev libproxy-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# Real peers for integration tests: proxies, STUN/TURN, browsers, namespaces.
TEST_PKGS=(
  coturn squid apache2-utils mitmproxy chromium firefox-esr
  nftables iproute2 iputils-ping dnsmasq-base procps openssl ca-certificates
  clang-14 libclang-rt-14-dev python3
)

want=("${BUILD_PKGS[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${TEST_PKGS[@]}"); fi

if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
else
  SUDO=
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Packaged daemons must not keep running outside the tests that start them.
for svc in coturn squid; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    $SUDO systemctl stop "$svc" || true
    $SUDO systemctl disable "$svc" >/dev/null 2>&1 || true
  fi
done
echo "install-deps: done"
