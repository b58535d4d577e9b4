#!/usr/bin/env bash
# A customer's key list (kps-listing/1, purpose "key-list") made with openssl alone:
#   seal-keylist.sh ORDER STATION_IMPORT_CRT CUSTOMER_KEY CUSTOMER_CRT OUT_DIR MD ADDRESS...
# For each address: fresh AES-128 keys 1 (data), 2 (dm), 3 (local), version 1, and a
# 12-character password, kept in OUT_DIR/keys/ADDRESS/ (the customer's own copy).
# Writes OUT_DIR/ORDER-key-list.json and its signature OUT_DIR/ORDER-key-list.json.sig.
set -euo pipefail
order=$1 import_crt=$2 customer_key=$3 customer_crt=$4 out=$5 md=$6
shift 6
. "$(dirname "$0")/common.sh"
umask 077
mkdir -p "$out/keys"
new_kek "$out" "$import_crt" "$md"
file="$out/$order-key-list.json"

endpoint() { # ADDRESS: one entry of "endpoints"
    local dir="$out/keys/$1" keys="" sep=""
    mkdir -p "$dir"
    for entry in 1:data 2:dm 3:local; do
        id=${entry%%:*} role=${entry##*:}
        openssl rand -out "$dir/$id.bin" 16
        wrap "$out/kek.bin" "$dir/$id.bin" "$dir/$id.wrapped"
        keys+=$(printf '%s{ "id": %s, "role": "%s", "version": 1, "wrapped": "%s", "kcv": "%s" }' \
            "$sep" "$id" "$role" "$(b64 "$dir/$id.wrapped")" "$(kcv "$dir/$id.bin")")
        sep=", "
    done
    # The password: its characters, NUL-padded to a multiple of 8, as a generic secret.
    openssl rand -base64 48 | tr -dc 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789' |
        head -c 12 > "$dir/password.txt"
    { cat "$dir/password.txt"; head -c 4 /dev/zero; } > "$dir/password.bin"
    wrap "$out/kek.bin" "$dir/password.bin" "$dir/password.wrapped"
    printf '    { "address": "%s", "keys": [ %s ], "password": { "wrapped": "%s" } }' \
        "$1" "$keys" "$(b64 "$dir/password.wrapped")"
}

{
    header key-list "$order" "$customer_crt" "$import_crt" "$md" "$out"
    printf '  "endpoints": [\n'
    separator=""
    for address in "$@"; do
        printf '%s' "$separator"
        endpoint "$address"
        separator=$',\n'
    done
    printf '\n  ]\n}\n'
} > "$file"
openssl dgst -sha256 -sign "$customer_key" -out "$file.sig" "$file"
rm -f "$out/kek.bin"
echo "$file"
