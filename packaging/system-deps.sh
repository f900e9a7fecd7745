#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app and its tests need, only when one is missing.
# Usage: packaging/system-deps.sh run|test|package
# Without root or sudo it prints the exact apt-get line to run and exits 1.
set -euo pipefail

# What the Qt xcb platform plugin, QtMultimedia (PulseAudio) and the fonts need at run time, and the X
# libraries the reminders read idle time and full-screen windows through where no session service tells.
run_pkgs=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1 libdbus-1-3
  libpulse0 libpulse-mainloop-glib0 fonts-dejavu-core libx11-6 libxss1)
# What the tests add: a virtual X server, a sound server with a null sink and tools that measure it, PDF to PNG,
# the validators of the desktop menu entry and the AppStream metainfo, and the time zone rules that the
# reminder tests read (Europe/Berlin's clock changes); a private session bus for the desktop-service tests and
# xprop, which marks a window active and full screen as a window manager would; the locale sources localedef
# builds tr_TR.UTF-8 from; the accessibility bus (AT-SPI) and the system Python's bindings for it, through which
# tests/accessibility reads the window as a screen reader does; and the speech engine Linux desktops have
# (speech-dispatcher with espeak-ng), which speaks the prompts in a test.
test_pkgs=(xvfb xauth pulseaudio pulseaudio-utils sox poppler-utils desktop-file-utils appstream tzdata
  dbus-daemon x11-utils locales at-spi2-core python3-pyatspi gir1.2-atspi-2.0 speech-dispatcher
  speech-dispatcher-espeak-ng espeak-ng)
# What `make package` adds: PyInstaller reads and rewrites executables with objdump and objcopy.
package_pkgs=(binutils)

want=("${run_pkgs[@]}")
case "${1:-run}" in
  test) want+=("${test_pkgs[@]}") ;;
  package) want+=("${package_pkgs[@]}") ;;
esac
# A Debian python3 without ensurepip cannot make the .venv.
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  want+=(python3-venv)
fi

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install the equivalents of: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "Missing system packages. Run this once, then try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
