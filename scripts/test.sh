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
# The two halves run side by side, each in its own pytest process (the machine has two
# cores): the core, which fails if anything in it loaded Qt, and the windows. The windows'
# output is shown as it comes; the core's is kept in a file and shown after it, then
# every failure of both halves again at the very end. HYGIENE_SERIAL_TESTS=1 runs the
# core first and the windows after it, as before. A selection that leaves one half empty
# (pytest's exit code 5) is fine, unless both are.
echo "== translations (strings, translated, per language)"; python packaging/catalogues.py --coverage
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
core_code=0
gui_code=0
if [ "${HYGIENE_SERIAL_TESTS:-}" = 1 ]; then
  echo "== pytest: the core, without Qt"
  python -m pytest -m "not gui" "$@" 2>&1 | tee "$logs/core.log" || core_code=${PIPESTATUS[0]}
  echo "== pytest: windows, tray and wizard"
  python -m pytest -m gui "$@" 2>&1 | tee "$logs/gui.log" || gui_code=${PIPESTATUS[0]}
else
  python -m pytest -m "not gui" "$@" >"$logs/core.log" 2>&1 &
  core_pid=$!
  echo "== pytest: windows, tray and wizard (the core runs beside it; its output follows)"
  python -m pytest -m gui "$@" 2>&1 | tee "$logs/gui.log" || gui_code=${PIPESTATUS[0]}
  wait "$core_pid" || core_code=$?
  echo "== pytest: the core, without Qt"
  cat "$logs/core.log"
fi
empty=0
[ "$core_code" -eq 5 ] && { empty=$((empty + 1)); core_code=0; }
[ "$gui_code" -eq 5 ] && { empty=$((empty + 1)); gui_code=0; }
echo "== summary: the core exited $core_code, the windows $gui_code"
grep -h -E "^(FAILED|ERROR) " "$logs/core.log" "$logs/gui.log" || true
if [ "$empty" -eq 2 ]; then echo "No test was selected." >&2; exit 5; fi
if [ "$core_code" -ne 0 ]; then exit "$core_code"; fi
exit "$gui_code"
