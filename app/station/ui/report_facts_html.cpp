#include "report_facts_html.hpp"

#include <QJsonArray>

namespace kps::station {
namespace {

QString row(const QString& name, const QString& value) {
    return QStringLiteral("<tr><th align=left>%1</th><td>%2</td></tr>")
        .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
}

QString pairs(const QJsonArray& array, const char* first, const char* second) {
    QStringList lines;
    for (const QJsonValue& value : array)
        lines << value[QLatin1String(first)].toVariant().toString() + QStringLiteral("  ") +
                     value[QLatin1String(second)].toVariant().toString();
    return lines.join(QStringLiteral("; "));
}

/// Who destroyed which objects, whether the token was searched, and the signed record:
/// the audit row of the destruction (kps-report/1 `destruction`) carries them in its
/// `record`, beside the row's own seq, time, actor and hash.
QString destruction(const QJsonValue& value) {
    const QJsonObject row = value.toObject();
    if (row.isEmpty())
        return ReportFactsHtml::tr("not yet");
    const QJsonObject facts = row[QLatin1String("record")].toObject();
    QStringList objects;
    const QJsonObject kcvs = facts[QLatin1String("kcv")].toObject();
    for (const QJsonValue& label : facts[QLatin1String("objects")].toArray())
        objects << label.toString() + QStringLiteral(" ") + kcvs[label.toString()].toString();
    const QString who = facts.contains(QLatin1String("closedBy"))
                            ? facts[QLatin1String("closedBy")].toString()
                            : facts[QLatin1String("custodians")].toVariant().toStringList().join(
                                  QStringLiteral(", "));
    return ReportFactsHtml::tr("%1 by %2; %3; record %4 (SHA-256 %5); audit row %6")
        .arg(objects.join(QStringLiteral(", ")), who,
             facts[QLatin1String("verifiedAbsent")].toBool()
                 ? ReportFactsHtml::tr("the token was searched: none left")
                 : ReportFactsHtml::tr("NOT verified absent"),
             facts[QLatin1String("record")].toString(), facts[QLatin1String("sha256")].toString(),
             row[QLatin1String("seq")].toVariant().toString());
}

} // namespace

QString ReportFactsHtml::render(const QJsonObject& report) {
    const QJsonObject counts = report[QLatin1String("counts")].toObject();
    const QJsonObject cycle = report[QLatin1String("cycleTimeMs")].toObject();
    const QJsonObject head = report[QLatin1String("auditHead")].toObject();
    QString html = QStringLiteral("<table cellspacing=4>");
    html += row(tr("Order"), report[QLatin1String("order")].toString());
    html += row(tr("Generated"), report[QLatin1String("generated")].toString());
    html += row(tr("Customer"), report[QLatin1String("customer")].toString());
    html += row(tr("Head-end"), report[QLatin1String("headend")].toString());
    html += row(tr("Profile"), report[QLatin1String("profile")].toString());
    html += row(tr("Key source"), report[QLatin1String("keySource")].toString());
    html += row(tr("Quantity"), counts[QLatin1String("quantity")].toVariant().toString());
    html += row(tr("Verified"), counts[QLatin1String("verified")].toVariant().toString());
    html += row(tr("Failed"), counts[QLatin1String("failed")].toVariant().toString());
    html += row(tr("Yield"),
                QString::number(report[QLatin1String("yield")].toDouble() * 100.0, 'f', 2) +
                    QStringLiteral(" %"));
    html +=
        row(tr("Failures"), pairs(report[QLatin1String("failures")].toArray(), "reason", "count"));
    html += row(tr("Cycle time (ms)"), QStringLiteral("mean %1, p50 %2, p95 %3, max %4")
                                           .arg(cycle[QLatin1String("mean")].toDouble(), 0, 'f', 0)
                                           .arg(cycle[QLatin1String("p50")].toDouble(), 0, 'f', 0)
                                           .arg(cycle[QLatin1String("p95")].toDouble(), 0, 'f', 0)
                                           .arg(cycle[QLatin1String("max")].toDouble(), 0, 'f', 0));
    html +=
        row(tr("Masters (KCV)"), pairs(report[QLatin1String("masters")].toArray(), "name", "kcv"));
    html += row(tr("Operators"), report[QLatin1String("operators")].toVariant().toStringList().join(
                                     QStringLiteral(", ")));
    html += row(tr("Exports (SHA-256)"),
                pairs(report[QLatin1String("exports")].toArray(), "file", "sha256"));
    html += row(tr("Keys destroyed"), destruction(report[QLatin1String("destruction")]));
    html += row(tr("Audit head"),
                QStringLiteral("#%1 %2").arg(head[QLatin1String("seq")].toVariant().toString(),
                                             head[QLatin1String("hash")].toString()));
    return html + QStringLiteral("</table>");
}

} // namespace kps::station
