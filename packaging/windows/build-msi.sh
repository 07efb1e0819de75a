#!/usr/bin/env bash
# Builds dist/hygiene-helper-<version>.msi with wixl (Debian's msitools) on Linux.
#
# The payload here is the Linux frozen folder, a stand-in that proves the installer's
# tables (files, shortcut, autostart, upgrade code, policy properties). A real Windows
# release must be frozen on Windows and built with WiX there: see the "IT deployment"
# section of docs/it.md.
#
# Usage: packaging/windows/build-msi.sh [PAYLOAD_DIR]   (`make msi` builds the payload first)
set -euo pipefail
cd "$(dirname "$0")/../.."

payload=${1:-build/frozen/hygiene-helper}
[ -d "$payload" ] || { echo "No payload in $payload: run 'make frozen' first." >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' desktop/__init__.py)
work=build/msi
rm -rf "$work"
mkdir -p "$work" dist
PYTHON3=${PYTHON:-python3}

# The file list, one component per file (wixl-heat is msitools' version of WiX's heat).
(cd "$payload" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort) \
  | sed "s|^|$payload/|" \
  | wixl-heat -p "$payload/" --component-group AppFiles --var var.SourceDir \
      --directory-ref INSTALLDIR --win64 > "$work/payload.wxs"

# The same app icon as the frozen Windows build, made from resources/ without Pillow.
"$PYTHON3" packaging/pyinstaller/icons.py ico "$work/hygiene-helper.ico" >/dev/null

msi=dist/hygiene-helper-$version.msi
wixl -a x64 -D Toolset=wixl -D Win64=yes -D Version="$version" \
  -D SourceDir="$payload" -D IconFile="$work/hygiene-helper.ico" \
  -o "$msi" packaging/windows/hygiene-helper.wxs packaging/windows/policy-properties.wxs \
  "$work/payload.wxs"
"$PYTHON3" packaging/windows/msi_conditions.py "$msi" \
  packaging/windows/hygiene-helper.wxs packaging/windows/policy-properties.wxs
echo "Built $msi ($(du -h "$msi" | cut -f1))."
