#!/usr/bin/env bash
# Renders output/index.html in headless Chromium (Debian's `chromium` package) to a PNG, to
# look at the review page as an editor sees it.
#   scripts/screenshot-review.sh [PAGE] [OUT.png] [WIDTHxHEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
page=${1:-output/index.html}
out=${2:-output/review.png}
size=${3:-1400x2400}
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium
fi
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${size/x/,}" \
    --screenshot="$(realpath -m "$out")" "file://$(realpath "$page")" 2>/dev/null
echo "wrote $out"
