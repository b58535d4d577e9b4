#pragma once
// `kps report verify`: an auditor's check of a batch report without the station:
// the JSON's signature and schema, the station certificate it names, the signed
// audit-chain checkpoint it is anchored to, and each companion file (PDF, CSV)
// against both its SHA-256 in the JSON and its own signature; so are the exports it
// names (listing, DM batch, destruction record) that lie beside it.
#include "kps/reports/report_error.hpp"

#include <QStringList>

namespace kps::reports {

struct ReportCheck {
    QString order;
    bool interim = false;
    qint64 anchorSeq = 0;
    QString anchorHash;
    QStringList files; // every file checked, the JSON first
};

ReportResult<ReportCheck> verifyReport(const QString& reportJson, const QString& senderCertificate);

} // namespace kps::reports
