#pragma once
// The batch report for quality auditors, as facts gathered from the store and the
// audit chain, in three signed files (docs/reports.md):
//   ORDER-report.pdf   for people: a one-page summary, then charts and detail
//   ORDER-report.csv   one row per endpoint (streamed)
//   ORDER-report.json  the same facts for machines (kps-report/1), naming the PDF's
//                      and the CSV's SHA-256; each file has its FILE.sig
// The facts are those of the audit chain up to an anchor, a signed checkpoint (the
// order's close), so rewriting the report later gives the same facts.
#include "kps/reports/report_error.hpp"
#include "kps/x509/signer.hpp"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>
#include <vector>

namespace kps::reports {

struct HistogramBin {
    qint64 fromMs = 0; // inclusive
    qint64 toMs = 0;   // exclusive
    qint64 count = 0;
};

struct CycleStats {
    double mean = 0, p50 = 0, p95 = 0, max = 0;
    std::vector<HistogramBin> histogram;
};

/// Endpoints finished in one stretch of the batch (in finishing order).
struct YieldBucket {
    qint64 first = 0; // 1-based position of the first endpoint finished in this stretch
    qint64 verified = 0;
    qint64 failed = 0;
};

struct Person {
    QString name;
    QString role; // as the users table has it ("" if the user is unknown)
    QStringList events;
};

/// The destruction record: the audit row that lists the destroyed keys.
struct DestructionFacts {
    qint64 seq = 0;
    QString at;
    QString actor;
    QString hash;
    QJsonObject record;
};

/// The signed checkpoint the report's facts are anchored to.
struct AuditAnchor {
    qint64 seq = 0;
    QString hash;
    QString at;
    QString reason;
    QByteArray signature; // DER
    QString signerSha256;
};

struct NamedHash {
    QString file;
    QString sha256;
};

struct ReportFacts {
    QString order;
    bool interim = false; // the order is not closed yet
    QString customer;
    QString headend;
    QString headendDm;
    QString profile;
    QString profileSha256; // of the profile pinned to the order ("" before pinning)
    QString keySource;
    QString stationName;
    QString stationCertificateSha256;
    QString hsmDescription;
    qint64 quantity = 0;
    qint64 verified = 0;
    qint64 failed = 0;    // failed endpoints (rows), each scrap
    qint64 scrapped = 0;  // units that failed and never verified
    qint64 reworked = 0;  // units that failed, then verified
    qint64 retried = 0;   // finished endpoints that took more than one attempt
    qint64 retries = 0;   // their attempts beyond the first
    qint64 runs = 0;      // line runs of the order (line.start events)
    qint64 recovered = 0; // endpoints finished by a run after an interrupted one
    qint64 inProgress = 0;
    std::vector<std::pair<QString, qint64>> failures; // reason, count
    CycleStats cycle;
    std::vector<YieldBucket> yieldSeries;
    std::vector<std::pair<QString, QString>> masters; // name, KCV
    QString customerKekKcv;
    QString headendKekKcv;
    std::vector<Person> people;
    std::vector<NamedHash> exports; // listing, DM batch
    std::optional<DestructionFacts> destruction;
    AuditAnchor anchor;
    /// A shared registry (several stations, one order): each station's share and the
    /// head of its audit chain. Empty for a station alone on its SQLite file, whose
    /// report stays as it was.
    struct StationShare {
        QString station;
        qint64 verified = 0;
        qint64 failed = 0;
        qint64 auditSeq = 0;
        QString auditHash;
    };
    std::vector<StationShare> stations;
    /// Targets programmed with a firmware image: each image (SHA-256 of the file the
    /// profile pinned) and how many verified endpoints hold it. Empty for key-only
    /// targets, whose report stays as it was.
    std::vector<std::pair<QString, qint64>> firmware;

    double yield() const;
    QStringList operators() const;
    QStringList custodians() const;
};

/// Mean, p50, p95, max and a histogram of cycle times given in ascending order.
CycleStats cycleStatsOf(const std::vector<qint64>& ascending, int bins = 20);

struct ReportFiles {
    QString json;
    QString pdf;
    QString csv;
};
ReportFiles reportFilesIn(const QString& directory, const QString& orderId);

QJsonObject reportJson(const ReportFacts& facts, const std::vector<NamedHash>& companions);
/// Writes FILE (kps-report/1, validated) and FILE.sig. Returns its SHA-256 hex.
ReportResult<QString> writeReportJson(const QString& path, const ReportFacts& facts,
                                      const std::vector<NamedHash>& companions,
                                      x509::Signer& signer);
/// Writes the PDF (needs a QApplication: Qt Charts) and FILE.sig; it names the
/// companions (the CSV) by SHA-256. Returns its SHA-256 hex.
ReportResult<QString> writeReportPdf(const QString& path, const ReportFacts& facts,
                                     const std::vector<NamedHash>& companions,
                                     x509::Signer& signer);

} // namespace kps::reports
