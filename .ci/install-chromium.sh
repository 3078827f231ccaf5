#!/usr/bin/env bash
# Makes sure Debian's headless Chromium and its ChromeDriver are installed, for the dashboard's
# browser test (examples module, run by Maven before the tests). Installs them with apt-get when
# missing: as root, or through passwordless sudo. Idempotent; fails naming what is missing.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if [[ "$(id -u)" == 0 ]]; then
  run=()
elif sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "install-chromium: /usr/bin/chromium or /usr/bin/chromedriver is missing and this user can" \
    "neither install packages (not root) nor use sudo without a password;" \
    "install them with: apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
echo "install-chromium: installing Debian's chromium and chromium-driver (first run only)" >&2
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version >&2
/usr/bin/chromedriver --version >&2
