#!/usr/bin/env bash
# Sets up everything the app and its tests need on Debian 12: system packages, then a
# virtual environment in .venv with the project installed. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  python3 python3-venv python3-pip
  # a real X server, input, a tray host and screenshots for the window tests
  xvfb xauth xdotool x11-utils trayer imagemagick
  # Qt's xcb platform plugin
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
  # idle time through the MIT-SCREEN-SAVER extension
  libxss1
  # the Secret Service (OS keyring) on a private D-Bus session
  gnome-keyring dbus dbus-x11 libsecret-tools
  # the accessibility bus and a screen reader's view of it, for the AT-SPI tests
  at-spi2-core python3-pyatspi gir1.2-atspi-2.0
  # a real screen reader with its speech logged (no audio), and X clients that read the
  # PRIMARY selection and the clipboard, for the speech and selection tests
  orca speech-dispatcher xclip xsel
  # a window manager, so the window-fit test sees frames and placement as learners do
  openbox
  # installers: .deb checks and the MSI tool chain
  msitools lintian
  # .deb Depends from the frozen app's libraries (dpkg-shlibdeps), and wixl to build the MSI
  dpkg-dev binutils wixl
  # clears the build machine's library paths out of the frozen app
  patchelf
  # the rest of what the .deb depends on, so the install test needs no download
  libbrotli1 libfreetype6 libgssapi-krb5-2 libssl3 libwayland-client0 libwayland-cursor0
  libwayland-egl1 libx11-6 libx11-xcb1 libxcb1 libxcb-glx0 libxcb-render0 libxcb-shm0
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxkbcommon0
  # "Check this computer" on Linux: the daemons and tools its tests start for real (udisks2
  # with udev and loop devices, LUKS and vfat images, GSettings through dconf, ufw and
  # nftables in a network namespace, AccountsService, PackageKit, polkit, xfconf)
  udisks2 libblockdev-crypto2 udev cryptsetup-bin dosfstools util-linux dconf-cli
  dconf-gsettings-backend libglib2.0-bin gsettings-desktop-schemas ufw nftables iproute2
  accountsservice packagekit polkitd xfconf libxfconf-0-3
  # ClamAV's scanning service, started by the anti-malware tests on a socket of their own
  clamav-daemon
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}"
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,package]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
