#!/usr/bin/env bash
# Sets everything up, then runs every check: lint, types and the whole test suite.
# The tests start their own private D-Bus session, keyring, X server and loopback
# servers; nothing touches the developer's own keyring or the network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check desktop tests bench packaging
echo "== mypy (strict on desktop/core and desktop/platform)"; mypy desktop/core desktop/platform
# With CI=true (or HYGIENE_PACKAGE_TESTS=1) the suite also builds the frozen app, the .deb
# and the MSI, installs the .deb with apt-get, runs it, and purges it (pytest -m packaging).
echo "== pytest"
exec python -m pytest "$@"
