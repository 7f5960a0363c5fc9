#!/usr/bin/env bash
# Installs the Debian packages the project needs beyond Node (idempotent).
#   scripts/system-deps.sh            check, and install what is missing (root + apt-get)
#   scripts/system-deps.sh --check    only check; exit 1 and print the apt-get command when something is missing
# When not root (or without apt-get) it prints the exact apt-get command and exits non-zero.
set -euo pipefail

# package  purpose (one a line; add yours with the purpose)
PACKAGES=(
  # generators/: the Python client (legacy `python` generator) runs on Debian's /usr/bin/python3
  python3 python3-urllib3 python3-dateutil python3-certifi python3-six
  # generators/: the Go client builds in GOPATH mode against Debian's Go packages
  golang-go golang-golang-x-oauth2-dev
  # generators/: the Java client (`native` library) compiles with plain javac against Debian's Jackson
  openjdk-17-jdk-headless libjackson2-core-java libjackson2-databind-java libjackson2-annotations-java
  # test/docs.test.js: the curl code samples are run against the mock
  curl
)

check_only=0
[[ "${1:-}" == "--check" ]] && check_only=1

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "system-deps: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
echo "system-deps: missing ${#missing[@]} of ${#PACKAGES[@]}: ${missing[*]}"
if [[ $check_only -eq 1 || $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "system-deps: run as root:"
  echo "  $cmd"
  exit 1
fi

echo "system-deps: apt-get update"
apt-get -o DPkg::Lock::Timeout=300 update
echo "system-deps: apt-get install ${missing[*]}"
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"
echo "system-deps: installed ${missing[*]}"
