#include "kps/x509/certificate.hpp"

#include "kps/openssl/handles.hpp"
#include "kps/secure/trusted_files.hpp"

#include <openssl/pem.h>
#include <openssl/sha.h>

namespace kps::x509 {

using namespace openssl;

namespace {

bool onlyWhitespace(const char* data, long length) {
    for (long i = 0; i < length; ++i)
        if (data[i] != ' ' && data[i] != '\n' && data[i] != '\r' && data[i] != '\t')
            return false;
    return true;
}

/// The first certificate, PEM or DER; `trailing` tells whether anything follows it.
X509Ptr decode(std::span<const std::uint8_t> bytes, bool* trailing = nullptr) {
    BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (X509* pem = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        char* rest = nullptr; // a memory BIO shows what was not read yet
        const long left = BIO_get_mem_data(bio.get(), &rest);
        if (trailing)
            *trailing = !onlyWhitespace(rest, left);
        return X509Ptr(pem);
    }
    const unsigned char* cursor = bytes.data();
    X509Ptr der(d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size())));
    if (trailing)
        *trailing = der && cursor != bytes.data() + bytes.size();
    return der;
}

std::time_t toTime(const ASN1_TIME* time) {
    struct tm parts {};
    ASN1_TIME_to_tm(time, &parts);
    return timegm(&parts);
}

std::string subjectText(X509* certificate) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253);
    return memoryText(bio.get());
}

} // namespace

std::string sha256Hex(std::span<const std::uint8_t> bytes) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(bytes.data(), bytes.size(), digest);
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    for (unsigned char byte : digest) {
        text += digits[byte >> 4];
        text += digits[byte & 15];
    }
    return text;
}

Result<CertificateInfo> parseCertificate(std::span<const std::uint8_t> bytes,
                                         const std::string& source) {
    bool trailing = false;
    X509Ptr certificate = decode(bytes, &trailing);
    if (!certificate)
        return fail("read certificate", source, "not a PEM or DER X.509 certificate");
    CertificateInfo info;
    info.trailingData = trailing;
    info.der = toDer(certificate.get(), i2d_X509);
    info.sha256Hex = sha256Hex(info.der);
    info.subject = subjectText(certificate.get());
    EVP_PKEY* key = X509_get0_pubkey(certificate.get());
    const int base = key ? EVP_PKEY_get_base_id(key) : 0;
    info.keyKind = base == EVP_PKEY_RSA  ? PublicKeyKind::Rsa
                   : base == EVP_PKEY_EC ? PublicKeyKind::Ec
                                         : PublicKeyKind::Other;
    info.keyBits = key ? EVP_PKEY_get_bits(key) : 0;
    info.notBefore = toTime(X509_get0_notBefore(certificate.get()));
    info.notAfter = toTime(X509_get0_notAfter(certificate.get()));
    const uint32_t usage = X509_get_key_usage(certificate.get());
    info.allowsKeyEncipherment = usage == UINT32_MAX || (usage & KU_KEY_ENCIPHERMENT);
    info.allowsSigning = usage == UINT32_MAX || (usage & KU_DIGITAL_SIGNATURE);
    return info;
}

Result<CertificateInfo> readCertificateFile(const std::string& path) {
    // A regular file of at most 64 KiB: a FIFO, a device (/dev/zero), a link or a huge
    // file is refused without being read (kps/secure/trusted_files.hpp).
    constexpr std::size_t kMaxCertificateBytes = 64 * 1024;
    auto bytes = secure::readInput(path, kMaxCertificateBytes);
    if (!bytes && bytes.error().problem == secure::FileProblem::TooLarge)
        return fail("read certificate", path, "larger than 64 KiB");
    if (!bytes && bytes.error().problem == secure::FileProblem::Missing)
        return fail("read certificate", path, "check the path");
    if (!bytes)
        return fail("read certificate", path, bytes.error().reason + ": " + bytes.error().fix);
    return parseCertificate(*bytes, path);
}

std::string certificateToPem(std::span<const std::uint8_t> der) {
    X509Ptr certificate = decode(der);
    if (!certificate)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate.get());
    return memoryText(bio.get());
}

} // namespace kps::x509
