#!/usr/bin/env bash
# Sets everything up, then runs every check: lint, types and the whole test suite.
# The tests start their own private D-Bus session, keyring, X server and loopback
# servers; nothing touches the developer's own keyring or the network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check desktop tests bench
echo "== mypy (strict on desktop/core)"; mypy desktop/core
echo "== pytest"
exec python -m pytest "$@"
