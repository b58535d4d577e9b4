#!/usr/bin/env bash
# A customer's master bundle (kps-listing/1, purpose "masters") made with openssl alone:
#   seal-masters.sh ORDER STATION_IMPORT_CRT CUSTOMER_KEY CUSTOMER_CRT OUT_DIR [sha1|sha256]
# Makes fresh DATA_MASTER and DM_MASTER (AES-256) and LOCAL_MASTER and PASSWORD_MASTER
# (AES-128), keeps them in OUT_DIR/masters/ (the customer's own copy: keep it safe),
# and writes OUT_DIR/ORDER-masters.json with its signature OUT_DIR/ORDER-masters.json.sig.
# The OAEP hash must be one the station's HSM takes (SoftHSM 2.6.1: sha1).
set -euo pipefail
order=$1 import_crt=$2 customer_key=$3 customer_crt=$4 out=$5 md=${6:-sha1}
. "$(dirname "$0")/common.sh"
umask 077
mkdir -p "$out/masters"
new_kek "$out" "$import_crt" "$md"
file="$out/$order-masters.json"
{
    header masters "$order" "$customer_crt" "$import_crt" "$md" "$out"
    printf '  "masters": [\n'
    separator=""
    for entry in DATA_MASTER:32 DM_MASTER:32 LOCAL_MASTER:16 PASSWORD_MASTER:16; do
        name=${entry%%:*} length=${entry##*:}
        openssl rand -out "$out/masters/$name.bin" "$length"
        wrap "$out/kek.bin" "$out/masters/$name.bin" "$out/masters/$name.wrapped"
        printf '%s    { "name": "%s", "length": %s, "wrapped": "%s", "kcv": "%s" }' \
            "$separator" "$name" "$length" "$(b64 "$out/masters/$name.wrapped")" \
            "$(kcv "$out/masters/$name.bin")"
        separator=$',\n'
    done
    printf '\n  ]\n}\n'
} > "$file"
openssl dgst -sha256 -sign "$customer_key" -out "$file.sig" "$file"
rm -f "$out/kek.bin" # the KEK is needed by nobody once the file is sealed
echo "$file"
