#pragma once
// The facts of a kps-report/1 batch report as HTML for the auditor view.
#include <QJsonObject>
#include <QString>

namespace kps::station {

QString reportFactsHtml(const QJsonObject& report);

} // namespace kps::station
