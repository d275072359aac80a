#!/usr/bin/env bash
# Installs what the test suite needs beside the Swift toolchain, only what is missing:
# PostgreSQL, Chromium and its driver, curl and openssl from Debian; aiosmtpd, selenium, pytest
# and schemathesis from PyPI. scripts/test.sh runs it first, so README's test command is all a
# newcomer needs; it does nothing when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
command -v pip3 >/dev/null || python3 -m pip --version >/dev/null 2>&1 || need+=(python3-pip)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${need[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! python3 -c "import aiosmtpd, selenium, pytest, schemathesis" 2>/dev/null; then
  echo "== pip install -r Tests/requirements.txt"
  python3 -m pip install -q -r Tests/requirements.txt 2>/dev/null \
    || python3 -m pip install -q --user --break-system-packages -r Tests/requirements.txt
fi
