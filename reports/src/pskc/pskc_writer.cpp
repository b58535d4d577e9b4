// exportListingAsPskc: the listing read and checked (ListingReader), its wrapped
// values placed in a libxml2 tree, the tree validated by libpskc, signed by xmlsec1.
#include "kps/reports/listing_writer.hpp"
#include "kps/reports/pskc.hpp"
#include "kps/x509/certificate.hpp"
#include "pskc/pskc_names.hpp"
#include "pskc/pskc_schema.hpp"
#include "pskc/xml_dsig.hpp"

#include <QCryptographicHash>

namespace kps::reports {
namespace {

using namespace pskc;

struct Builder {
    xml::DocPtr doc{xmlNewDoc(BAD_CAST "1.0")};
    xmlNodePtr root = nullptr;
    xmlNsPtr ns = nullptr, ds = nullptr, xenc = nullptr, kps = nullptr;
    QByteArray issuer;
    qint64 packages = 0;

    xmlNodePtr add(xmlNodePtr parent, xmlNsPtr space, const char* name,
                   const QByteArray& text = {}) {
        return xmlNewTextChild(parent, space, BAD_CAST name,
                               text.isEmpty() ? nullptr : BAD_CAST text.constData());
    }
    void attribute(xmlNodePtr node, const char* name, const QByteArray& value) {
        xmlNewProp(node, BAD_CAST name, BAD_CAST value.constData());
    }
    void cipherValue(xmlNodePtr parent, const QByteArray& wrapped) {
        add(add(parent, xenc, "CipherData"), xenc, "CipherValue", wrapped.toBase64());
    }
};

void startContainer(Builder& b, const ListingHeader& header) {
    b.root = xmlNewNode(nullptr, BAD_CAST "KeyContainer");
    xmlDocSetRootElement(b.doc.get(), b.root);
    b.ns = xmlNewNs(b.root, BAD_CAST kPskcNs, BAD_CAST "pskc");
    b.ds = xmlNewNs(b.root, BAD_CAST kDsNs, BAD_CAST "ds");
    b.xenc = xmlNewNs(b.root, BAD_CAST kXencNs, BAD_CAST "xenc");
    b.kps = xmlNewNs(b.root, BAD_CAST kKpsNs, BAD_CAST "kps");
    xmlSetNs(b.root, b.ns);
    b.attribute(b.root, "Version", "1.0");
    b.attribute(b.root, "Id", "kps-order-" + header.order.toUtf8());
    b.issuer = header.sender.subject.toUtf8();

    // RFC 6030 section 6.3: the KEK, to the customer's certificate with RSA-OAEP.
    xmlNodePtr key = b.add(b.add(b.root, b.ns, "EncryptionKey"), b.xenc, "EncryptedKey");
    b.attribute(key, "Id", "kek");
    b.attribute(b.add(key, b.xenc, "EncryptionMethod"), "Algorithm", kRsaOaepMgf1p);
    b.add(b.add(key, b.ds, "KeyInfo"), b.ds, "KeyName", header.recipient.subject.toUtf8());
    b.cipherValue(key, header.kek.wrapped);
}

struct Secret {
    QByteArray id;
    QByteArray algorithm;
    QByteArray role;
    int keyId = 0;
    int version = 0;
    QByteArray kcv;
    QByteArray wrapped;
};

void addPackage(Builder& b, const QString& address, const Secret& secret) {
    xmlNodePtr package = b.add(b.root, b.ns, "KeyPackage");
    if (!address.isEmpty()) {
        xmlNodePtr device = b.add(package, b.ns, "DeviceInfo");
        b.add(device, b.ns, "Manufacturer", address.left(3).toUtf8());
        b.add(device, b.ns, "SerialNo", address.toUtf8());
    }
    xmlNodePtr key = b.add(package, b.ns, "Key");
    b.attribute(key, "Id", secret.id);
    b.attribute(key, "Algorithm", secret.algorithm);
    b.add(key, b.ns, "Issuer", b.issuer);
    b.add(key, b.ns, "FriendlyName", secret.role);
    xmlNodePtr value =
        b.add(b.add(b.add(key, b.ns, "Data"), b.ns, "Secret"), b.ns, "EncryptedValue");
    b.attribute(b.add(value, b.xenc, "EncryptionMethod"), "Algorithm", kKwAes256Pad);
    b.cipherValue(value, secret.wrapped);
    xmlNodePtr facts = b.add(b.add(key, b.ns, "Extensions"), b.kps, "Key");
    b.attribute(facts, "role", secret.role);
    b.attribute(facts, "id", QByteArray::number(secret.keyId));
    b.attribute(facts, "version", QByteArray::number(secret.version));
    if (!secret.kcv.isEmpty())
        b.attribute(facts, "kcv", secret.kcv);
    ++b.packages;
}

/// AES-KWP adds 8 bytes to a key whose length is a multiple of 8.
QByteArray aesAlgorithm(qsizetype keyLength) {
    return keyLength > 16 ? kAes256 : kAes128;
}

void addEndpoint(Builder& b, const EndpointEntry& entry) {
    for (const KeyEntry& key : entry.keys)
        addPackage(b, entry.address,
                   {(entry.address + QLatin1Char('.') + QString::number(key.id)).toUtf8(),
                    aesAlgorithm(key.wrapped.size() - 8), key.role.toUtf8(), key.id, key.version,
                    key.kcv.toUtf8(), key.wrapped});
    if (!entry.passwordWrapped.isEmpty())
        addPackage(b, entry.address,
                   {(entry.address + QStringLiteral(".password")).toUtf8(),
                    kPin,
                    "password",
                    0,
                    0,
                    {},
                    entry.passwordWrapped});
}

} // namespace

ReportResult<PskcSummary> exportListingAsPskc(const ListingSource& source, const QString& output,
                                              x509::Signer& signer) {
    KPS_TRY_LET(reader, ListingReader::open(source));
    // RFC 6030's schema knows RSA-OAEP with MGF1-SHA-1 only (xmlenc#rsa-oaep-mgf1p); a
    // KEK wrapped with SHA-256 and MGF1-SHA-256 has no name it accepts.
    if (reader.header().kek.wrap != QLatin1String("rsa-oaep-sha1"))
        return reportFailure(ReportErrorKind::BadInput, source.listing, QStringLiteral("/kek/wrap"),
                             QStringLiteral("PSKC carries a KEK wrapped with rsa-oaep-sha1 "
                                            "(xmlenc#rsa-oaep-mgf1p) only; this one is %1")
                                 .arg(reader.header().kek.wrap));
    Builder b;
    startContainer(b, reader.header());
    for (const MasterEntry& master : reader.header().masters)
        addPackage(b, {},
                   {master.name.toUtf8(), aesAlgorithm(master.length), "master", 0, 0,
                    master.kcv.toUtf8(), master.wrapped});
    KPS_TRY(reader.forEachEndpoint([&](const EndpointEntry& entry, const QString&) {
        addEndpoint(b, entry);
        return ReportResult<void>{};
    }));
    // Indented first, then signed as parsed: the signature covers the text as written.
    KPS_TRY_LET(doc, xml::parseStrict(xml::serialise(b.doc.get(), true), output));
    KPS_TRY(pskc::validate(xml::serialise(doc.get(), false), output));
    KPS_TRY(xml::signEnveloped(doc.get(), signer, output));
    const QByteArray bytes = xml::serialise(doc.get(), false);
    KPS_TRY(pskc::validate(bytes, output));
    KPS_TRY(writeFileAtomically(output, bytes));
    return PskcSummary{
        reader.endpointCount(), b.packages,
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex())};
}

} // namespace kps::reports
