# Shared steps of the customer-side recipes (openssl and coreutils only).
# Sourced by seal-masters.sh and seal-keylist.sh; see docs/customers.md.

hex() { xxd -p -c 256 "$1"; }                     # file -> lower-case hex
b64() { base64 -w 0 "$1"; }                       # file -> base64 on one line
fingerprint() { openssl x509 -in "$1" -outform DER | openssl dgst -sha256 -r | cut -c1-64; }
subject() { openssl x509 -in "$1" -noout -subject -nameopt RFC2253 | sed 's/^subject=//'; }

# kcv KEYFILE: first 3 bytes of AES-CMAC(key, 16 zero bytes), lower-case hex.
kcv() {
    local bits=$(( $(stat -c %s "$1") * 8 ))
    head -c 16 /dev/zero |
        openssl mac -cipher "AES-${bits}-CBC" -macopt "hexkey:$(hex "$1")" CMAC |
        cut -c1-6 | tr 'A-F' 'a-f'
}

# wrap KEKFILE IN OUT: AES key wrap with padding (RFC 5649) under the 32-byte KEK.
wrap() { openssl enc -id-aes256-wrap-pad -K "$(hex "$1")" -iv A65959A6 -in "$2" -out "$3"; }

# new_kek DIR STATION_IMPORT_CRT MD: a fresh KEK, wrapped to the station's import key.
new_kek() {
    openssl rand -out "$1/kek.bin" 32
    openssl x509 -in "$2" -pubkey -noout > "$1/station-import.pub"
    openssl pkeyutl -encrypt -pubin -inkey "$1/station-import.pub" -in "$1/kek.bin" \
        -pkeyopt rsa_padding_mode:oaep -pkeyopt "rsa_oaep_md:$3" -pkeyopt "rsa_mgf1_md:$3" \
        -out "$1/kek.wrapped"
}

# header PURPOSE ORDER CUSTOMER_CRT STATION_IMPORT_CRT MD DIR: the fields every file has.
header() {
    printf '{\n  "format": "kps-listing/1",\n  "purpose": "%s",\n  "order": "%s",\n' "$1" "$2"
    printf '  "created": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "sender": { "subject": "%s", "certificateSha256": "%s" },\n' \
        "$(subject "$3")" "$(fingerprint "$3")"
    printf '  "recipient": { "subject": "%s", "certificateSha256": "%s" },\n' \
        "$(subject "$4")" "$(fingerprint "$4")"
    printf '  "kek": { "wrap": "rsa-oaep-%s", "wrapped": "%s", "kcv": "%s" },\n' \
        "$5" "$(b64 "$6/kek.wrapped")" "$(kcv "$6/kek.bin")"
    printf '  "keyWrap": "aes-kwp",\n'
}
