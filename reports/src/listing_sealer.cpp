#include "kps/reports/listing_sealer.hpp"

#include "customer_crypto.hpp"
#include "key_csv.hpp"
#include "kps/reports/listing_writer.hpp"
#include "kps/x509/certificate.hpp"
#include "kps/x509/recipient.hpp"
#include "listing_json.hpp"

#include <QRegularExpression>
#include <algorithm>

namespace kps::reports {
namespace {

using Bytes = std::span<const std::uint8_t>;

bool carriesEndpoints(Purpose purpose) {
    return purpose == Purpose::CustomerListing || purpose == Purpose::DmBatch ||
           purpose == Purpose::KeyList;
}

tl::unexpected<ReportError> badRow(const QString& file, const KeyRow& row, const QString& reason) {
    return reportFailure(ReportErrorKind::BadInput, file, QStringLiteral("line %1").arg(row.line),
                         reason);
}

/// The names the schema allows, checked here so a bad CSV row is named by its line.
QString nameProblem(const KeyRow& row) {
    static const QRegularExpression master(QStringLiteral("^[A-Z][A-Z0-9_]{0,63}$"));
    static const QRegularExpression address(
        QStringLiteral("^[A-Z]{3}-[0-9]{8}-[0-9a-fA-F]{2}-[0-9a-fA-F]{2}$"));
    if (row.isMaster() && !master.match(row.address).hasMatch())
        return QStringLiteral("a master's name is upper case letters, digits and _ (DATA_MASTER)");
    if (!row.isMaster() && !address.match(row.address).hasMatch())
        return QStringLiteral("an address reads like KLK-12345678-01-07");
    return {};
}

/// Wraps a value under the KEK; checks a KCV given in the CSV, else computes it.
ReportResult<std::pair<QByteArray, QString>> wrapValue(Bytes kek, const KeyRow& row,
                                                       const QString& file) {
    const bool password = row.role == QLatin1String("password");
    secure::SecretBytes padded((row.value.size() + 7) / 8 * 8); // the password transfer form
    std::copy_n(row.value.data(), row.value.size(), padded.data());
    const Bytes value = password ? padded.span() : row.value.span();
    auto wrapped = crypto::aesKwpWrap(kek, value);
    if (!wrapped)
        return badRow(file, row, QStringLiteral("the value could not be wrapped"));
    const QString kcv = password ? QString() : crypto::kcvHex(value);
    if (!row.kcv.isEmpty() && row.kcv != kcv)
        return badRow(
            file, row,
            QStringLiteral("the KCV given (%1) does not match the key (%2)").arg(row.kcv, kcv));
    return std::pair{*wrapped, kcv};
}

struct Sealing {
    const SealRequest& request;
    secure::SecretBytes kek;
    ListingHeader header;
};

/// First pass: masters into the header; endpoints counted, each address once.
ReportResult<qint64> readMasters(Sealing& sealing) {
    KeyCsvReader reader(sealing.request.keysCsv);
    if (auto opened = reader.open(); !opened)
        return tl::unexpected(opened.error());
    std::vector<std::pair<quint64, qint64>> addresses;
    QString previous;
    for (;;) {
        auto row = reader.next();
        if (!row)
            return tl::unexpected(row.error());
        if (!*row)
            break;
        if (const QString problem = nameProblem(**row); !problem.isEmpty())
            return badRow(sealing.request.keysCsv, **row, problem);
        if ((*row)->isMaster()) {
            auto wrapped = wrapValue(sealing.kek.span(), **row, sealing.request.keysCsv);
            if (!wrapped)
                return tl::unexpected(wrapped.error());
            sealing.header.masters.push_back(
                {(*row)->address, int((*row)->value.size()), wrapped->first, wrapped->second});
        } else if ((*row)->address != previous) {
            if (!carriesEndpoints(sealing.request.purpose))
                return badRow(sealing.request.keysCsv, **row,
                              QStringLiteral("a %1 file carries masters only")
                                  .arg(purposeName(sealing.request.purpose)));
            previous = (*row)->address;
            addresses.emplace_back(json::addressKey(previous), (*row)->line);
        }
    }
    std::sort(addresses.begin(), addresses.end());
    for (std::size_t i = 1; i < addresses.size(); ++i)
        if (addresses[i].first == addresses[i - 1].first)
            return reportFailure(ReportErrorKind::BadInput, sealing.request.keysCsv,
                                 QStringLiteral("line %1").arg(
                                     std::max(addresses[i].second, addresses[i - 1].second)),
                                 QStringLiteral("the rows of one endpoint must be together; this "
                                                "address appeared before"));
    return qint64(addresses.size());
}

ReportResult<void> addRow(Sealing& sealing, EndpointEntry& entry, const KeyRow& row) {
    auto wrapped = wrapValue(sealing.kek.span(), row, sealing.request.keysCsv);
    if (!wrapped)
        return tl::unexpected(wrapped.error());
    if (row.role == QLatin1String("password"))
        entry.passwordWrapped = wrapped->first;
    else
        entry.keys.push_back({row.id, row.role, row.version, wrapped->first, wrapped->second});
    return {};
}

/// Second pass: the endpoints, one entry per address.
ReportResult<void> writeEndpoints(Sealing& sealing, ListingWriter& writer) {
    KeyCsvReader reader(sealing.request.keysCsv);
    if (auto opened = reader.open(); !opened)
        return opened;
    std::optional<EndpointEntry> entry;
    for (;;) {
        auto row = reader.next();
        if (!row)
            return tl::unexpected(row.error());
        if (*row && (*row)->isMaster())
            continue;
        if (entry && (!*row || (*row)->address != entry->address)) {
            if (auto added = writer.add(*entry); !added)
                return added;
            entry.reset();
        }
        if (!*row)
            return {};
        if (!entry)
            entry = EndpointEntry{(*row)->address, {}, {}};
        if (auto added = addRow(sealing, *entry, **row); !added)
            return added;
    }
}

ReportResult<void> prepareKek(Sealing& sealing, const x509::CertificateInfo& recipient) {
    const QString& path = sealing.request.recipientCertificate;
    if (auto usable = x509::checkRecipient(recipient, std::time(nullptr), path.toStdString());
        !usable)
        return reportFailure(ReportErrorKind::BadInput, path, {},
                             QString::fromStdString(usable.error().reason));
    auto publicKey = crypto::publicKeyOf(recipient.der);
    auto kek = crypto::randomSecret(32);
    if (!publicKey || !kek)
        return reportFailure(ReportErrorKind::Output, path, {},
                             QStringLiteral("the recipient's key or a random KEK is not there"));
    auto wrapped = crypto::rsaOaepEncrypt(publicKey.get(), kek->span(), sealing.request.wrap);
    if (!wrapped)
        return reportFailure(ReportErrorKind::Output, sealing.request.recipientCertificate, {},
                             QStringLiteral("RSA-OAEP encryption failed"));
    sealing.header.kek = {sealing.request.wrap, *wrapped, crypto::kcvHex(kek->span())};
    sealing.kek = std::move(*kek);
    return {};
}

} // namespace

ReportResult<SealSummary> sealListing(const SealRequest& request) {
    auto signer = crypto::PemSigner::open(request.senderKey, request.senderCertificate);
    if (!signer)
        return reportFailure(ReportErrorKind::BadInput, request.senderKey, {},
                             QString::fromStdString(signer.error().message()));
    auto recipient = x509::readCertificateFile(request.recipientCertificate.toStdString());
    if (!recipient)
        return reportFailure(ReportErrorKind::BadInput, request.recipientCertificate, {},
                             QString::fromStdString(recipient.error().reason));
    Sealing sealing{request, {}, {}};
    sealing.header = {
        request.purpose,
        request.order,
        QDateTime::currentDateTimeUtc(),
        {QString::fromStdString((*signer)->certificate().subject),
         QString::fromStdString((*signer)->certificate().sha256Hex)},
        {QString::fromStdString(recipient->subject), QString::fromStdString(recipient->sha256Hex)},
        {},
        std::nullopt,
        {},
        carriesEndpoints(request.purpose)};
    if (auto ready = prepareKek(sealing, *recipient); !ready)
        return tl::unexpected(ready.error());
    auto endpoints = readMasters(sealing);
    if (!endpoints)
        return tl::unexpected(endpoints.error());
    auto writer = ListingWriter::create(request.output, sealing.header);
    if (!writer)
        return tl::unexpected(writer.error());
    if (auto written = writeEndpoints(sealing, **writer); !written)
        return tl::unexpected(written.error());
    auto digest = (*writer)->finish(**signer);
    if (!digest)
        return tl::unexpected(digest.error());
    return SealSummary{*endpoints, qint64(sealing.header.masters.size()), *digest};
}

} // namespace kps::reports
