#pragma once
// The two passes over a kps-listing/1 file's bytes (listing_reader.cpp drives them):
// the outline (header members, where the endpoints array starts, how many entries it
// holds) and the entries one at a time.
#include "json_stream.hpp"
#include "kps/reports/listing_reader.hpp"
#include "kps/schemas/validator.hpp"

#include <QHash>
#include <QJsonObject>
#include <optional>
#include <vector>

namespace kps::reports::scan {

struct Outline {
    QJsonObject header;
    QHash<QString, TextPosition> keyAt; // where each member of the header begins
    std::optional<TextPosition> endpointsAt;
    qint64 endpoints = 0;
};

/// The first pass, every byte hashed into `whole`; what is wrong with the file comes
/// back as `problem` (text before syntax), so that a caller may check the signature
/// over the same bytes first.
struct FirstPass {
    Outline outline;
    QByteArray digest;     // SHA-256 of the whole file
    QByteArray tailDigest; // SHA-256 from the endpoints array to the end
    std::optional<ReportError> problem;
};
ReportResult<FirstPass> firstPass(const QString& path, qint64 maxBytes);

/// The second pass from the endpoints array on, hashing it again into `tail`.
ReportResult<void> streamEntries(JsonStream& stream, schemas::PartValidator& validator,
                                 const EndpointVisitor& visit);

/// FILE.sig, at most 16 KiB.
ReportResult<QByteArray> readSignature(const QString& listing);

} // namespace kps::reports::scan
