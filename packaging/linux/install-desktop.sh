#!/usr/bin/env bash
# Adds Sciatica Timer to this user's application menu: the .desktop file, the AppStream metainfo and the
# icons, under $XDG_DATA_HOME (~/.local/share when unset). It installs no program: `sciatica-timer` must be
# on PATH (pipx install ., or pip install --user .). Run it again to update; nothing outside those folders
# is touched.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
app_id=io.github.sciatica_timer.SciaticaTimer
data="${XDG_DATA_HOME:-$HOME/.local/share}"

install -D -m 0644 "$here/$app_id.desktop" "$data/applications/$app_id.desktop"
install -D -m 0644 "$here/$app_id.metainfo.xml" "$data/metainfo/$app_id.metainfo.xml"
(cd "$here/icons" && find hicolor -type f \( -name '*.png' -o -name '*.svg' \)) | while read -r icon; do
  install -D -m 0644 "$here/icons/$icon" "$data/icons/$icon"
done

# Menus and icon themes cache what they find; refresh the caches where the tools exist.
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi

echo "Installed the menu entry, metainfo and icons for $app_id under $data"
if ! command -v sciatica-timer >/dev/null 2>&1; then
  echo "Note: sciatica-timer is not on PATH, so the menu entry cannot start it yet;" \
    "install the app with 'pipx install .' or 'python3 -m pip install --user .'"
fi
