#!/usr/bin/env bash
# Builds dist/hygiene-helper_<version>_<arch>.deb from the frozen app with dpkg-deb.
#
# Layout: the frozen folder in /opt/hygiene-helper; `hygiene` and `hygiene-helper` on the
# PATH (links in /usr/bin); a desktop entry and icons; an XDG autostart entry so the tray
# app starts at sign-in; /etc/hygiene-helper/policy.toml as a conffile (upgrades keep
# IT's edits, purge removes it). Depends are worked out with dpkg-shlibdeps from the
# libraries the frozen programs need from the OS.
#
# Usage: packaging/linux/build-deb.sh   (after packaging/build-frozen.sh; `make package` runs both)
set -euo pipefail
cd "$(dirname "$0")/../.."

frozen=build/frozen/hygiene-helper
[ -x "$frozen/hygiene" ] || { echo "No frozen app in $frozen: run 'make frozen' first." >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' desktop/__init__.py)
arch=$(dpkg --print-architecture)
work=build/deb
stage=$work/stage
deb=dist/hygiene-helper_${version}_${arch}.deb

# Reuse the last package when neither the frozen app nor the packaging files changed.
key=$(cat build/frozen/.key packaging/linux/* resources/* desktop/__init__.py | sha256sum | cut -c1-16)
if [ -f "$deb" ] && [ "$(cat build/deb.key 2>/dev/null)" = "$key" ]; then
  echo "Package is up to date: $deb"
  exit 0
fi
rm -rf "$work" build/deb.key
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" dist

# The app itself.
cp -a "$frozen" "$stage/opt/hygiene-helper"
# Absolute links: Debian policy wants them absolute between top-level folders.
ln -s /opt/hygiene-helper/hygiene "$stage/usr/bin/hygiene"
ln -s /opt/hygiene-helper/hygiene-helper "$stage/usr/bin/hygiene-helper"

# Menu entry, icons and sign-in autostart.
install -D -m 0644 packaging/linux/hygiene-helper.desktop \
  "$stage/usr/share/applications/hygiene-helper.desktop"
install -D -m 0644 packaging/linux/hygiene-helper-autostart.desktop \
  "$stage/etc/xdg/autostart/hygiene-helper.desktop"
for png in resources/icon-*.png; do
  size=$(basename "$png" .png); size=${size#icon-}
  install -D -m 0644 "$png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/hygiene-helper.png"
done
install -D -m 0644 resources/icon.svg "$stage/usr/share/icons/hicolor/scalable/apps/hygiene-helper.svg"

# The managed policy, every key commented out: a conffile, so upgrades never overwrite it.
install -D -m 0644 packaging/linux/policy.toml "$stage/etc/hygiene-helper/policy.toml"

# Documentation Debian expects in every package.
for page in hygiene hygiene-helper; do
  install -d "$stage/usr/share/man/man1"
  gzip -9n < "packaging/linux/$page.1" > "$stage/usr/share/man/man1/$page.1.gz"
done
doc=$stage/usr/share/doc/hygiene-helper
install -D -m 0644 packaging/linux/copyright "$doc/copyright"
{
  echo "hygiene-helper ($version) stable; urgency=medium"
  echo
  echo "  * Release $version. See the project's history for the changes."
  echo
  echo " -- Hygiene Helper maintainers <hygiene-helper@example.org>  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
install -D -m 0644 packaging/linux/lintian-overrides "$stage/usr/share/lintian/overrides/hygiene-helper"

# Debian's usual modes: directories 755, files 644, programs 755; shared objects need no x bit.
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod 0644 {} +
chmod 0755 "$stage/opt/hygiene-helper/hygiene" "$stage/opt/hygiene-helper/hygiene-helper"

# Depends: the OS libraries the programs, Python modules and Qt plugins link against.
shlibs=$work/shlibs
mkdir -p "$shlibs/debian"
printf 'Source: hygiene-helper\n\nPackage: hygiene-helper\nArchitecture: any\n' \
  > "$shlibs/debian/control"
mapfile -t elves < <(find "$stage/opt" -type f \( -name '*.so' -o -name '*.so.*' \
  -o -name hygiene -o -name hygiene-helper \) -exec sh -c \
  'head -c4 "$1" | grep -q "ELF" && echo "$1"' _ {} \;)
private_dirs=$(find "$(pwd)/$stage/opt/hygiene-helper" -name '*.so*' -printf '%h\n' | sort -u \
  | sed 's/^/-l/' | tr '\n' ' ')
args=()
for f in "${elves[@]}"; do args+=("-e$(pwd)/$f"); done
# shellcheck disable=SC2086  # private_dirs is a list of -l options
depends=$(cd "$shlibs" && dpkg-shlibdeps -O --ignore-missing-info $private_dirs "${args[@]}" \
  2>"$(pwd)/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "dpkg-shlibdeps found no dependencies:" >&2; cat "$shlibs/shlibdeps.log" >&2; exit 1; }

# Every file under /etc is a conffile.
(cd "$stage" && find etc -type f | sed 's|^|/|' | sort) > "$stage/DEBIAN/conffiles"
chmod 0644 "$stage/DEBIAN/conffiles"

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_kb/" \
  -e "s/@DEPENDS@/$depends/" packaging/linux/control.in > "$stage/DEBIAN/control"

dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "Built $deb ($(du -h "$deb" | cut -f1), installed size $((installed_kb / 1024)) MiB)."
echo "Depends: $depends"
echo "$key" > build/deb.key
