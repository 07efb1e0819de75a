#!/bin/sh
# Intune custom compliance, Linux discovery script for Hygiene Helper.
# Runs in the signed-in person's context and prints their posture document, without the
# "checks" list, as one line of JSON (what Intune's rules.json is matched against).
# When the app has not written a document yet, it prints {"schema": 0}: every rule then
# finds its setting missing, which Intune reports as not compliant.
set -u
state=${XDG_STATE_HOME:-}
case $state in
  /*) ;;
  *)  # unset or relative: the XDG default under the home folder
    home=${HOME:-}
    case $home in
      /*) ;;
      *) home=$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f6) ;;  # HOME unset
    esac
    state=$home/.local/state ;;
esac
doc=$state/hygiene-helper/posture.json
if [ ! -r "$doc" ]; then
  echo '{"schema": 0}'
  exit 0
fi
exec python3 -c '
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
except (OSError, ValueError):
    doc = {"schema": 0}
if not isinstance(doc, dict):
    doc = {"schema": 0}
doc.pop("checks", None)
print(json.dumps(doc, separators=(",", ":")))
' "$doc"
