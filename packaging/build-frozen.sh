#!/usr/bin/env bash
# Builds the PyInstaller one-folder app into build/frozen/hygiene-helper, or reuses the
# last build when nothing it is made from has changed (the key is a hash of the sources,
# the spec, the Python version and the installed packages).
# Usage: packaging/build-frozen.sh        PYTHON=... to choose the interpreter
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] && [ "$PYTHON" = python3 ] && PYTHON=.venv/bin/python

out=build/frozen
key=$(
  {
    # Every input file (from git when this is a checkout, else from the folders).
    { git ls-files -co --exclude-standard -- desktop resources packaging/pyinstaller \
        packaging/build-frozen.sh pyproject.toml 2>/dev/null \
      || find desktop resources packaging/pyinstaller packaging/build-frozen.sh pyproject.toml \
        -type f; } | grep -v -E '(__pycache__|\.pyc$)' | LC_ALL=C sort | xargs -d '\n' sha256sum
    "$PYTHON" -c 'import sys; print(sys.version)'
    "$PYTHON" -m pip freeze 2>/dev/null
  } | sha256sum | cut -c1-16
)
if [ -f "$out/.key" ] && [ "$(cat "$out/.key")" = "$key" ] && [ -x "$out/hygiene-helper/hygiene" ]; then
  echo "Frozen app is up to date ($out/hygiene-helper, key $key)."
  exit 0
fi

if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
  echo "PyInstaller is missing: install the 'package' extra, e.g. pip install -e '.[package]'" >&2
  exit 1
fi
echo "Building the frozen app (key $key)..."
rm -rf "$out"
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath "$out" packaging/pyinstaller/hygiene-helper.spec
if [ "$(uname -s)" = Linux ]; then
  # Python built outside the system path (pyenv, a venv's base) leaves an absolute RUNPATH
  # to its build folder in every extension module. Inside the frozen folder it is never
  # needed (the bootloader has loaded libpython already) and would make the app look for
  # libraries in a folder of the build machine, so take it out; $ORIGIN paths stay.
  command -v patchelf >/dev/null || { echo "patchelf is missing (scripts/setup.sh installs it)" >&2; exit 1; }
  while IFS= read -r -d '' lib; do
    rpath=$(patchelf --print-rpath "$lib" 2>/dev/null) || continue
    case "$rpath" in
      "") ;;
      *) kept=$(printf '%s' "$rpath" | tr ':' '\n' | { grep '^\$ORIGIN' || true; } | paste -sd: -)
         if [ "$kept" != "$rpath" ]; then
           if [ -n "$kept" ]; then patchelf --set-rpath "$kept" "$lib"; else patchelf --remove-rpath "$lib"; fi
         fi ;;
    esac
  done < <(find "$out/hygiene-helper" -type f \( -name '*.so' -o -name '*.so.*' -o -perm -u+x \) -print0)
fi
echo "$key" > "$out/.key"
echo "Built $out/hygiene-helper in $(( $(date +%s) - start )) s, $(du -sh "$out/hygiene-helper" | cut -f1)."
