#pragma once
// The facts of a kps-report/1 batch report as HTML for the auditor view.
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace kps::station {

class ReportFactsHtml {
    Q_DECLARE_TR_FUNCTIONS(kps::station::ReportFactsHtml)
public:
    static QString render(const QJsonObject& report);
};

} // namespace kps::station
