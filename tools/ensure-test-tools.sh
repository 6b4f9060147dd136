#!/usr/bin/env bash
# Install the system tools the test suite drives, where this machine lets us:
# Debian's Chromium (browser tests, via the Python playwright package — never
# `playwright install`, which downloads a browser), poppler-utils (PDF tests) and
# EPUBCheck (EPUB test).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Java runs the Nu HTML Checker (vnu.jar) and npm installs it and axe-core (browser tests).
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
# W3C's EPUBCheck validates the EPUB (tests/test_epub.py).
[ -f "${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}" ] || need+=(epubcheck)
if [ ${#need[@]} -eq 0 ]; then
  bash "$(dirname "$0")/ensure-node-test-tools.sh"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "The tests need: ${need[*]}. Install them with your package manager (e.g. apt-get install ${need[*]})." >&2
  exit 1
fi
echo "installing ${need[*]} (Debian packages) for the test suite…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
bash "$(dirname "$0")/ensure-node-test-tools.sh"
