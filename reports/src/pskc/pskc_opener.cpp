// openPskc: the customer's side of the PSKC export. libpskc checks the schema,
// xmlsec1 the signature; the KEK and every secret are decrypted with OpenSSL into
// locked memory (the same steps as kps listing open) and checked against their KCVs.
#include "customer_crypto.hpp"
#include "kps/reports/pskc.hpp"
#include "kps/x509/certificate.hpp"
#include "pskc/pskc_names.hpp"
#include "pskc/pskc_schema.hpp"
#include "pskc/xml_dsig.hpp"

#include <QFile>

namespace kps::reports {
namespace {

using namespace pskc;

bool is(xmlNodePtr node, const char* ns, const char* name) {
    return node && node->type == XML_ELEMENT_NODE && node->ns &&
           xmlStrEqual(node->ns->href, BAD_CAST ns) && xmlStrEqual(node->name, BAD_CAST name);
}

/// The first child element `ns:name` along a path of names.
xmlNodePtr child(xmlNodePtr parent, const char* ns, const char* name) {
    for (xmlNodePtr node = parent ? parent->children : nullptr; node; node = node->next)
        if (is(node, ns, name))
            return node;
    return nullptr;
}

QString text(xmlNodePtr node) {
    if (!node)
        return {};
    xmlChar* content = xmlNodeGetContent(node);
    QString value = QString::fromUtf8(reinterpret_cast<const char*>(content)).trimmed();
    xmlFree(content);
    return value;
}

QString attribute(xmlNodePtr node, const char* name) {
    xmlChar* value = node ? xmlGetProp(node, BAD_CAST name) : nullptr;
    QString result = QString::fromUtf8(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return result;
}

QByteArray cipherValue(xmlNodePtr encrypted) {
    return QByteArray::fromBase64(
        text(child(child(encrypted, kXencNs, "CipherData"), kXencNs, "CipherValue")).toLatin1());
}

struct Opening {
    const PskcOpenRequest& request;
    std::optional<secure::SecretBytes> kek;
    OpenedListing result;
};

ReportResult<void> decryptKek(Opening& opening, xmlNodePtr root) {
    xmlNodePtr key = child(child(root, kPskcNs, "EncryptionKey"), kXencNs, "EncryptedKey");
    const QString algorithm = attribute(child(key, kXencNs, "EncryptionMethod"), "Algorithm");
    const QString wrap =
        algorithm == QLatin1String(kRsaOaepMgf1p) ? QStringLiteral("rsa-oaep-sha1") : QString();
    const QString& file = opening.request.pskc;
    if (!key || wrap.isEmpty())
        return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("/EncryptionKey"),
                             QStringLiteral("no KEK wrapped with RSA-OAEP"));
    auto privateKey = crypto::readPrivateKeyPem(opening.request.recipientKey);
    if (!privateKey)
        return reportFailure(ReportErrorKind::BadInput, opening.request.recipientKey, {},
                             QStringLiteral("not a PEM private key"));
    opening.kek = crypto::rsaOaepDecrypt(privateKey.get(), cipherValue(key), wrap);
    if (!opening.kek || opening.kek->size() != 32)
        return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("/EncryptionKey"),
                             QStringLiteral("the KEK does not decrypt with this private key"));
    return {};
}

ReportResult<OpenedSecret> openSecret(Opening& opening, xmlNodePtr key, const QString& place) {
    xmlNodePtr facts = child(child(key, kPskcNs, "Extensions"), kKpsNs, "Key");
    xmlNodePtr value =
        child(child(child(key, kPskcNs, "Data"), kPskcNs, "Secret"), kPskcNs, "EncryptedValue");
    if (!facts || !value ||
        attribute(child(value, kXencNs, "EncryptionMethod"), "Algorithm") !=
            QLatin1String(kKwAes256Pad))
        return reportFailure(ReportErrorKind::BadInput, opening.request.pskc, place,
                             QStringLiteral("not a key of this profile (kw-aes-256-pad, kps:Key)"));
    OpenedSecret secret{{},
                        attribute(facts, "id").toInt(),
                        attribute(facts, "role"),
                        attribute(facts, "version").toInt(),
                        attribute(facts, "kcv"),
                        {}};
    auto plain = crypto::aesKwpUnwrap(opening.kek->span(), cipherValue(value));
    if (!plain)
        return reportFailure(ReportErrorKind::BadInput, opening.request.pskc, place,
                             QStringLiteral("the secret does not unwrap under the KEK"));
    if (secret.role == QLatin1String("password")) {
        std::size_t length = plain->size();
        while (length > 0 && plain->data()[length - 1] == 0)
            --length;
        plain->shrink(length);
    } else if (crypto::kcvHex(plain->span()) != secret.kcv) {
        return reportFailure(ReportErrorKind::BadInput, opening.request.pskc, place,
                             QStringLiteral("the check value does not match the key"));
    }
    secret.value = std::move(*plain);
    return secret;
}

ReportResult<void> openPackages(Opening& opening, xmlNodePtr root,
                                const std::function<void(const OpenedEndpoint&)>& visit) {
    OpenedEndpoint current;
    auto flush = [&] {
        if (!current.address.isEmpty()) {
            visit(current);
            ++opening.result.endpointCount;
        }
        current = {};
    };
    int index = 0;
    for (xmlNodePtr package = root->children; package; package = package->next) {
        if (!is(package, kPskcNs, "KeyPackage"))
            continue;
        const QString place = QStringLiteral("/KeyContainer/KeyPackage[%1]").arg(++index);
        xmlNodePtr key = child(package, kPskcNs, "Key");
        const QString address =
            text(child(child(package, kPskcNs, "DeviceInfo"), kPskcNs, "SerialNo"));
        KPS_TRY_LET(secret, openSecret(opening, key, place));
        if (address.isEmpty()) {
            secret.name = attribute(key, "Id");
            opening.result.masters.push_back(std::move(secret));
            continue;
        }
        if (address != current.address)
            flush();
        current.address = address;
        current.secrets.push_back(std::move(secret));
    }
    flush();
    return {};
}

} // namespace

ReportResult<OpenedListing> openPskc(const PskcOpenRequest& request,
                                     const std::function<void(const OpenedEndpoint&)>& visit) {
    QFile file(request.pskc);
    if (!file.open(QIODevice::ReadOnly))
        return reportFailure(ReportErrorKind::BadInput, request.pskc, {},
                             QStringLiteral("cannot be read"));
    const QByteArray bytes = file.readAll();
    auto certificate = x509::readCertificateFile(request.senderCertificate.toStdString());
    if (!certificate)
        return reportFailure(ReportErrorKind::BadInput, request.senderCertificate, {},
                             QStringLiteral("not a certificate"));
    KPS_TRY_LET(doc, xml::parseStrict(bytes, request.pskc));
    KPS_TRY(xml::verifyEnveloped(doc.get(), certificate->der, request.pskc));
    KPS_TRY(pskc::validate(bytes, request.pskc));
    xmlNodePtr root = xmlDocGetRootElement(doc.get());
    if (!is(root, kPskcNs, "KeyContainer"))
        return reportFailure(ReportErrorKind::BadInput, request.pskc, QStringLiteral("/"),
                             QStringLiteral("not a PSKC KeyContainer"));
    Opening opening{request, {}, {}};
    KPS_TRY(decryptKek(opening, root));
    KPS_TRY(openPackages(opening, root, visit));
    return std::move(opening.result);
}

} // namespace kps::reports
