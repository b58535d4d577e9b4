#include "kps/app/demo_party.hpp"

#include "kps/openssl/handles.hpp"

#include <QDir>
#include <QFile>
#include <openssl/pem.h>
#include <openssl/rand.h>

namespace kps::app {
namespace {

using namespace openssl;

void addExtension(X509* certificate, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    if (ExtensionPtr extension{X509V3_EXT_conf_nid(nullptr, &context, nid, value)})
        X509_add_ext(certificate, extension.get(), -1);
}

X509Ptr selfSigned(EVP_PKEY* key, const QString& commonName) {
    X509Ptr certificate(X509_new());
    X509_set_version(certificate.get(), 2);
    unsigned char serial[12];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BignumPtr number(BN_bin2bn(serial, sizeof serial, nullptr));
    BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(certificate.get()));
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 86400L * 825);
    X509_set_pubkey(certificate.get(), key);
    X509_NAME* name = X509_get_subject_name(certificate.get());
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(certificate.get(), name);
    addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(certificate.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
    addExtension(certificate.get(), NID_subject_key_identifier, "hash");
    X509_sign(certificate.get(), key, EVP_sha256());
    return certificate;
}

template <class Write>
bool writePem(const QString& path, Write write, QFileDevice::Permissions permissions) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!write(bio.get()))
        return false;
    const std::string pem = memoryText(bio.get());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions))
        return false;
    return file.write(pem.data(), qint64(pem.size())) == qint64(pem.size());
}

} // namespace

CommandResult<DemoParty> makeDemoParty(const QString& directory, const QString& stem,
                                       const QString& commonName) {
    QDir().mkpath(directory);
    PkeyPtr key(EVP_RSA_gen(3072));
    X509Ptr certificate = key ? selfSigned(key.get(), commonName) : nullptr;
    DemoParty party{QDir(directory).filePath(stem + QStringLiteral(".key")),
                    QDir(directory).filePath(stem + QStringLiteral(".crt"))};
    const bool keyWritten =
        certificate && writePem(
                           party.keyPath,
                           [&](BIO* bio) {
                               return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0,
                                                               nullptr, nullptr) == 1;
                           },
                           QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const bool certificateWritten =
        keyWritten && writePem(
                          party.certificatePath,
                          [&](BIO* bio) { return PEM_write_bio_X509(bio, certificate.get()) == 1; },
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                              QFileDevice::ReadGroup | QFileDevice::ReadOther);
    if (!certificateWritten)
        return tl::unexpected(CommandError{
            DeviceFailure,
            QStringLiteral("%1: cannot create the demo key and certificate").arg(directory)});
    return party;
}

} // namespace kps::app
