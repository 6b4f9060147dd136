#!/usr/bin/env bash
# Install the npm tools the browser tests use into the project-local folder .test-tools/
# (never globally): axe-core (injected into pages by playwright) and vnu-jar (the Nu HTML
# Checker, run with Java). Versions are pinned; an install that already matches is kept.
# The tests FAIL (they never skip) when these are missing, with the command to run.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=.test-tools
PACKAGES=(axe-core@4.14.1 vnu-jar@26.9.27)

installed() {  # name@version → true if that exact version is in $PREFIX
  local name=${1%@*} version=${1##*@}
  local manifest="$PREFIX/node_modules/$name/package.json"
  [ -f "$manifest" ] && grep -q "\"version\": *\"$version\"" "$manifest"
}

missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "The browser tests need npm to install ${missing[*]} into $PREFIX/ (apt-get install npm)." >&2
  exit 1
fi
echo "installing ${missing[*]} (npm) into $PREFIX/ for the browser tests…"
mkdir -p "$PREFIX"
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the system's Java is used.
npm install --prefix "$PREFIX" --no-audit --no-fund --no-save --ignore-scripts "${missing[@]}" >/dev/null
