#!/usr/bin/env bash
# Runs the test command several times from a fresh clone in a private folder while every
# core is kept busy, to show the suite passes as a newcomer or CI would meet it: a clone
# under a 0700 folder (a new home folder on Debian 12) on a loaded machine.
#
# Usage: bash scripts/stress-suite.sh [-n RUNS] [-b BURNERS] [--keep] [-- TEST ARGS...]
#   -n RUNS     how many times to run the test command (default 3)
#   -b BURNERS  CPU-bound processes to start (default: one per core, from nproc)
#   --keep      keep the clone afterwards (it is removed otherwise)
#   TEST ARGS   passed to scripts/test.sh, and from there to both pytest runs
#               (for example: -- -k "ctrl_c or may_not_read")
#
# The clone is of HEAD (commit first). Its first run sets up its own .venv through
# scripts/setup.sh, as a fresh clone does. The burners are stopped by their process
# ids when the script ends, however it ends. Exit code: 0 when every run passed.
set -euo pipefail

runs=3
burners=$(nproc)
keep=0
test_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -b) burners="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --) shift; test_args=("$@"); break ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "stress-suite: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$runs$burners" in *[!0-9]*) echo "stress-suite: -n and -b take whole numbers" >&2; exit 2 ;; esac

source_repo="$(cd "$(dirname "$0")/.." && pwd)"
logs="$(mktemp -d -t hh-stress-logs-XXXXXX)"  # kept: one log per run
private="$(mktemp -d -t hh-stress-XXXXXX)"  # mktemp makes it 0700
chmod 700 "$private"
clone="$private/hygiene-helper"
pids=()

finish() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "$keep" -eq 1 ]; then
    echo "stress-suite: the clone is kept in $clone"
  else
    rm -rf "$private"
  fi
}
trap finish EXIT
trap 'exit 130' INT TERM

git clone --quiet "$source_repo" "$clone"
echo "stress-suite: $(git -C "$clone" rev-parse --short HEAD) cloned into $clone" \
  "(folder mode $(stat -c %a "$private"))"

for _ in $(seq 1 "$burners"); do
  (while :; do :; done) &
  pids+=("$!")
done
echo "stress-suite: $burners CPU-bound processes started (pids ${pids[*]:-none})" \
  "on $(nproc) cores; load average now $(cut -d' ' -f1-3 /proc/loadavg)"

failed=0
for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  code=0
  (cd "$clone" && bash scripts/test.sh "${test_args[@]}") >"$logs/run-$run.log" 2>&1 || code=$?
  took=$(($(date +%s) - started))
  summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed)|(passed|failed|error).* in [0-9.]+s' \
    "$logs/run-$run.log" | tr '\n' ' ' || true)
  echo "stress-suite: run $run of $runs: exit $code in ${took} s; load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg); ${summary:-no pytest summary}"
  [ "$code" -eq 0 ] || failed=$((failed + 1))
done

echo "stress-suite: $((runs - failed)) of $runs runs passed; logs in $logs"
[ "$failed" -eq 0 ]
