#!/usr/bin/env bash
# Find headless Chromium for the browser tests, or install Debian's package.
# With CI=true a missing browser is an error: browser tests must never skip in CI.
set -euo pipefail
for candidate in "${PROVENANCE_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    exit 0
  fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "installing Debian's chromium for the browser tests..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "error: no Chromium found and cannot install it (need root and apt-get)" >&2
  exit 1
fi
echo "warning: no Chromium found; the browser tests will be skipped (set PROVENANCE_CHROMIUM)" >&2
