#include "report_html.hpp"

#include <QJsonArray>
#include <QJsonDocument>

namespace kps::reports::html {
namespace {

const QString kStyle = QStringLiteral(
    "<style>body{font-size:9pt} h1{font-size:16pt;margin:0} h2{font-size:11pt;margin-top:10px;"
    "margin-bottom:3px;color:#1a3e6e} td,th{padding:2px 6px} th{background:#e8edf3;"
    "text-align:left} .num{text-align:right} .mono{font-family:'DejaVu Sans Mono';font-size:7pt}"
    " .big{font-size:14pt;font-weight:bold}</style>");

QString e(const QString& text) {
    return text.toHtmlEscaped();
}

QString row(const QString& label, const QString& value) {
    return QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(e(label), value);
}

QString table(const QString& rows) {
    return QStringLiteral("<table cellspacing='0' border='0.5' width='100%'>%1</table>").arg(rows);
}

QString percent(double share) {
    return QString::number(share * 100.0, 'f', 2) + QStringLiteral(" %");
}

QString countsTable(const ReportFacts& facts) {
    const QStringList labels{
        QStringLiteral("verified"),    QStringLiteral("failed"),
        QStringLiteral("scrapped"),    QStringLiteral("retried (extra attempts)"),
        QStringLiteral("in progress"), QStringLiteral("runs (recovered)"),
        QStringLiteral("yield")};
    const QStringList values{QString::number(facts.verified),
                             QString::number(facts.failed),
                             QString::number(facts.scrapped),
                             QStringLiteral("%1 (%2)").arg(facts.retried).arg(facts.retries),
                             QString::number(facts.inProgress),
                             QStringLiteral("%1 (%2)").arg(facts.runs).arg(facts.recovered),
                             percent(facts.yield())};
    QString head, cells;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        head += QStringLiteral("<th>%1</th>").arg(labels[i]);
        cells += QStringLiteral("<td class='big'>%1</td>").arg(values[i]);
    }
    return table(QStringLiteral("<tr>%1</tr><tr>%2</tr>").arg(head, cells));
}

QString failuresTable(const ReportFacts& facts, std::size_t limit) {
    if (facts.failures.empty())
        return QStringLiteral("<p>No failed endpoints.</p>");
    QString rows = QStringLiteral("<tr><th>reason</th><th class='num'>endpoints</th></tr>");
    for (std::size_t i = 0; i < facts.failures.size() && i < limit; ++i)
        rows += QStringLiteral("<tr><td>%1</td><td class='num'>%2</td></tr>")
                    .arg(e(facts.failures[i].first))
                    .arg(facts.failures[i].second);
    if (facts.failures.size() > limit)
        rows += QStringLiteral("<tr><td colspan='2'>%1 more reasons in the detail</td></tr>")
                    .arg(facts.failures.size() - limit);
    return table(rows);
}

QString keysTable(const ReportFacts& facts) {
    QString rows = QStringLiteral("<tr><th>key</th><th>KCV</th></tr>");
    for (const auto& [name, kcv] : facts.masters)
        rows += QStringLiteral("<tr><td>%1</td><td class='mono'>%2</td></tr>").arg(e(name), e(kcv));
    rows += QStringLiteral("<tr><td>order KEK, customer</td><td class='mono'>%1</td></tr>"
                           "<tr><td>order KEK, head-end</td><td class='mono'>%2</td></tr>")
                .arg(e(facts.customerKekKcv), e(facts.headendKekKcv));
    return table(rows);
}

QString peopleLine(const ReportFacts& facts, const QString& role) {
    QStringList names;
    for (const Person& person : facts.people)
        if (person.role == role)
            names << person.name;
    return names.isEmpty() ? QStringLiteral("-") : e(names.join(QStringLiteral(", ")));
}

QString destructionText(const ReportFacts& facts) {
    if (!facts.destruction)
        return QStringLiteral("<p>No destruction recorded yet (the order is not closed).</p>");
    const auto& d = *facts.destruction;
    const QJsonArray objects = d.record[QStringLiteral("objects")].toArray();
    const QJsonObject kcvs = d.record[QStringLiteral("kcv")].toObject();
    QStringList who;
    for (const QJsonValue custodian : d.record[QStringLiteral("custodians")].toArray())
        who << custodian.toString();
    if (who.isEmpty())
        who << d.actor;
    QString rows = QStringLiteral("<tr><th>destroyed object</th><th>KCV</th></tr>");
    for (const QJsonValue object : objects)
        rows += QStringLiteral("<tr><td>%1</td><td class='mono'>%2</td></tr>")
                    .arg(e(object.toString()), e(kcvs[object.toString()].toString()));
    return QStringLiteral("<p>%1 objects destroyed in the HSM at %2 by %3, %4; audit row %5.</p>")
               .arg(objects.size())
               .arg(e(d.at), e(who.join(QStringLiteral(" and "))),
                    d.record[QStringLiteral("verifiedAbsent")].toBool()
                        ? QStringLiteral("confirmed absent by a search of the token")
                        : QStringLiteral("<b>not confirmed absent</b>"))
               .arg(d.seq) +
           table(rows);
}

QString anchorText(const AuditAnchor& anchor) {
    return table(row(QStringLiteral("row"), QString::number(anchor.seq)) +
                 row(QStringLiteral("hash"),
                     QStringLiteral("<span class='mono'>%1</span>").arg(e(anchor.hash))) +
                 row(QStringLiteral("signed"),
                     e(anchor.at + QStringLiteral(" (") + anchor.reason + QStringLiteral(")"))) +
                 row(QStringLiteral("signature"),
                     QStringLiteral("<span class='mono'>%1</span>")
                         .arg(e(QString::fromLatin1(anchor.signature.toBase64())))));
}

QString firmwareRows(const ReportFacts& facts) {
    QString rows;
    for (const auto& [sha256, endpoints] : facts.firmware)
        rows += row(QStringLiteral("firmware image"),
                    QStringLiteral("<span class='mono'>SHA-256 %1</span> (%2 endpoints)")
                        .arg(e(sha256))
                        .arg(endpoints));
    return rows;
}

} // namespace

QString summaryPage(const ReportFacts& facts) {
    QString text = kStyle;
    text +=
        QStringLiteral("<h1>Batch report %1</h1><p>%2</p>")
            .arg(e(facts.order),
                 facts.interim ? QStringLiteral("<b>Interim</b>: the order is still open.")
                               : QStringLiteral("The order is closed; these are its final facts."));
    text += table(row(QStringLiteral("customer"), e(facts.customer)) +
                  row(QStringLiteral("head-end"),
                      e(facts.headend + QStringLiteral(" (DM ") + facts.headendDm + ')')) +
                  row(QStringLiteral("profile"), e(facts.profile)) +
                  (facts.profileSha256.isEmpty()
                       ? QString()
                       : row(QStringLiteral("profile SHA-256"), e(facts.profileSha256))) +
                  firmwareRows(facts) + row(QStringLiteral("key source"), e(facts.keySource)) +
                  row(QStringLiteral("quantity ordered"), QString::number(facts.quantity)) +
                  row(QStringLiteral("station"), e(facts.stationName)) +
                  row(QStringLiteral("station certificate"),
                      QStringLiteral("<span class='mono'>SHA-256 %1</span>")
                          .arg(e(facts.stationCertificateSha256))) +
                  row(QStringLiteral("HSM"), e(facts.hsmDescription)));
    text += QStringLiteral("<h2>Counts</h2>") + countsTable(facts);
    text += QStringLiteral("<h2>Failures by reason</h2>") + failuresTable(facts, 5);
    text += QStringLiteral("<h2>Key check values</h2>") + keysTable(facts);
    text +=
        QStringLiteral("<h2>People</h2>") +
        table(
            row(QStringLiteral("operators"), peopleLine(facts, QStringLiteral("operator"))) +
            row(QStringLiteral("supervisors"), peopleLine(facts, QStringLiteral("supervisor"))) +
            row(QStringLiteral("key custodians"), peopleLine(facts, QStringLiteral("custodian"))));
    text += QStringLiteral("<h2>Key destruction</h2>") + destructionText(facts);
    text += QStringLiteral("<h2>Audit chain anchor</h2>") + anchorText(facts.anchor);
    return text;
}

QString detailPages(const ReportFacts& facts, const std::vector<NamedHash>& companions) {
    QString text = kStyle + QStringLiteral("<h1>Detail</h1>");
    text += QStringLiteral("<h2>All failures by reason</h2>") +
            failuresTable(facts, facts.failures.size());
    QString people = QStringLiteral("<tr><th>name</th><th>role</th><th>recorded events</th></tr>");
    for (const Person& person : facts.people)
        people +=
            QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                .arg(e(person.name), e(person.role), e(person.events.join(QStringLiteral(", "))));
    text += QStringLiteral("<h2>Who did what</h2>") + table(people);
    QString files = QStringLiteral("<tr><th>file</th><th>SHA-256</th></tr>");
    for (const auto& list : {facts.exports, companions})
        for (const auto& [file, sha256] : list)
            files += QStringLiteral("<tr><td>%1</td><td class='mono'>%2</td></tr>")
                         .arg(e(file), e(sha256));
    text += QStringLiteral("<h2>Files</h2>") + table(files);
    text += QStringLiteral("<h2>Destruction record</h2>");
    text += facts.destruction
                ? QStringLiteral("<p class='mono'>%1</p>")
                      .arg(e(QString::fromUtf8(
                          QJsonDocument(facts.destruction->record).toJson(QJsonDocument::Compact))))
                : QStringLiteral("<p>none</p>");
    text += QStringLiteral(
        "<h2>How to check this report</h2><p>Every file of the report has a detached signature "
        "FILE.sig by the station's signing key (certificate SHA-256 above): "
        "<span class='mono'>openssl dgst -sha256 -verify station.pub -signature FILE.sig "
        "FILE</span>. The anchor's signature covers the text \"kps-audit-checkpoint/1 SEQ "
        "HASH\"; docs/auditors.md checks it and the chain with sqlite3, sha256sum and openssl "
        "alone, and <span class='mono'>kps report verify</span> checks the three files.</p>");
    return text;
}

} // namespace kps::reports::html
