#!/usr/bin/env bash
# Installs every Debian 12 package the station's build, demo and tests need.
# Idempotent and quiet when everything is present. Uses sudo when not root.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqt6sql6-sqlite libqt6sql6-psql libgl-dev
    libssl-dev openssl libusb-1.0-0-dev
    libp11-kit-dev p11-kit p11-kit-modules
    libvalijson-dev libexpected-dev libargon2-dev nlohmann-json3-dev
    softhsm2 opensc sqlite3
    umockdev libumockdev-dev openocd
    libunicorn-dev libglib2.0-dev libelf-dev gcc-arm-none-eabi libnewlib-arm-none-eabi
    poppler-utils fonts-dejavu-core
    clang libclang-rt-14-dev
    postgresql
    libxml2-dev libxml2-utils libxmlsec1-dev xmlsec1 libpskc-dev pskctool
    libqrencode-dev libzint-dev zbar-tools
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${#missing[@]} Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Packages installed."
