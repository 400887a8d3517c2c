#!/usr/bin/env bash
# Installs what `npm run sandbox` and `npm test` need and a machine may lack: npm packages, the
# sandbox's upstream binaries (Go build, cached), and Debian's Chromium for the browser tests.
# Pass --no-browser to skip Chromium. Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

need_apt=()
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]} from Debian's packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: missing ${need_apt[*]}: install with 'sudo apt-get install ${need_apt[*]}' and retry" >&2
    exit 1
  fi
fi

if ! command -v go >/dev/null 2>&1; then
  echo "setup: Go 1.26 is needed to build the sandbox (https://go.dev/doc/install)" >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund >&2
fi

bash sandbox/build.sh >/dev/null
