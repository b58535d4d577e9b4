#!/usr/bin/env bash
# Refreshes the GUI's Qt Linguist files from the sources (app/core and app/station);
# then translate the new strings with Qt Linguist (linguist app/station/translations/*.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=/usr/lib/qt6/bin/lupdate
[ -x "$lupdate" ] || lupdate=$(command -v lupdate6 || command -v lupdate)
"$lupdate" -no-obsolete -locations none -source-language en -I app/core/include -I app/station app/core app/station \
    -ts app/station/translations/kps-station_en.ts
"$lupdate" -no-obsolete -locations none -source-language en -target-language fr -I app/core/include -I app/station app/core app/station \
    -ts app/station/translations/kps-station_fr.ts
