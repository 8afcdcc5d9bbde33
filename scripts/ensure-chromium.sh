#!/usr/bin/env bash
# The browser tests and `npm run demo` drive Debian's Chromium (Playwright cannot download its
# own browsers here). Install it when missing and we may (root with apt); otherwise say how.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== Chromium not found at $chromium: installing Debian's chromium package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium not found at $chromium. Install it (Debian: sudo apt-get install -y chromium)" >&2
echo "or point CHROMIUM_PATH at a Chromium binary." >&2
exit 2
