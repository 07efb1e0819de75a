#!/usr/bin/env bash
# Sets everything up, then runs every check: lint, types and the whole test suite.
# The tests start their own private D-Bus session, keyring, X server and loopback
# servers; nothing touches the developer's own keyring or the network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check desktop tests bench packaging scripts
echo "== ruff format"; ruff format --check desktop tests bench packaging scripts
echo "== mypy (strict over desktop/)"; mypy desktop
echo "== import contract"; lint-imports --no-cache
# With CI=true (or HYGIENE_PACKAGE_TESTS=1) the suite also builds the frozen app, the .deb
# and the MSI, installs the .deb with apt-get, runs it, and purges it (pytest -m packaging).
# The core runs first, on its own, and fails if anything in it loaded Qt; then the windows.
# A selection that leaves one half empty (pytest's exit code 5) is fine, unless both are.
run_half() {
  local code=0
  python -m pytest "$@" || code=$?
  if [ "$code" -eq 5 ]; then empty=$((empty + 1)); code=0; fi
  return "$code"
}
empty=0
echo "== translations (strings, translated, per language)"; python packaging/catalogues.py --coverage
echo "== pytest: the core, without Qt"; run_half -m "not gui" "$@"
echo "== pytest: windows, tray and wizard"; run_half -m gui "$@"
if [ "$empty" -eq 2 ]; then echo "No test was selected." >&2; exit 5; fi
