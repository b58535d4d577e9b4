#pragma once
// The batch report for quality auditors, as facts gathered from the store and the
// audit chain, and its machine form (kps-report/1 JSON, signed).
#include "kps/hsm/signer.hpp"
#include "kps/reports/report_error.hpp"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <optional>
#include <vector>

namespace kps::reports {

struct CycleStats {
    double mean = 0, p50 = 0, p95 = 0, max = 0;
};

struct ReportFacts {
    QString order;
    QDateTime generated;
    QString customer;
    QString headend;
    QString profile;
    QString keySource;
    QString stationName;
    QString stationCertificateSha256;
    QString hsmDescription;
    qint64 quantity = 0;
    qint64 verified = 0;
    qint64 failed = 0;
    qint64 inProgress = 0;
    std::vector<std::pair<QString, int>> failures; // reason, count
    CycleStats cycle;
    std::vector<std::pair<QString, QString>> masters; // name, KCV
    std::vector<std::pair<QString, QString>> exports; // file name, SHA-256
    QStringList operators;
    std::optional<QJsonObject> destruction;
    qint64 auditSeq = 0;
    QString auditHash;
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

    double yield() const;
};

QJsonObject reportJson(const ReportFacts& facts);
/// Writes FILE (kps-report/1, validated) and FILE.sig. Returns its SHA-256 hex.
ReportResult<QString> writeReportJson(const QString& path, const ReportFacts& facts,
                                      hsm::Signer& signer);

} // namespace kps::reports
