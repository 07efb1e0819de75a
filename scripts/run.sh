#!/usr/bin/env bash
# Sets everything up, then starts Hygiene Helper.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m desktop.app "$@"
