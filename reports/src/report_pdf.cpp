// The batch report's PDF: page 1 the summary, page 2 the charts (vector, Qt Charts),
// then the detail, flowing over as many pages as it needs.
#include "kps/reports/batch_report.hpp"
#include "kps/secure/safe_output.hpp"
#include "report_charts.hpp"
#include "report_html.hpp"
#include "signed_stream.hpp"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QFile>
#include <QHashFunctions>
#include <QPdfWriter>
#include <QTextDocument>
#include <QThread>

namespace kps::reports {
namespace {

constexpr int kDpi = 96;

class PdfPages {
public:
    PdfPages(QPdfWriter& writer, QPainter& painter, QString footer)
        : writer_(writer)
        , painter_(painter)
        , footer_(std::move(footer))
        , page_(QPointF(0, 0), writer.pageLayout().paintRectPixels(kDpi).size()) {}

    QRectF body() const { return page_.adjusted(0, 0, 0, -24); }

    void next() {
        drawFooter();
        writer_.newPage();
    }

    void finish() { drawFooter(); }

    /// HTML laid out over as many pages as it needs (the last one is left open).
    void flow(const QString& html) {
        QTextDocument document;
        document.documentLayout()->setPaintDevice(&writer_);
        document.setPageSize(body().size());
        document.setHtml(html);
        for (int i = 0; i < document.pageCount(); ++i) {
            if (i)
                next();
            painter_.save();
            painter_.translate(0, -i * body().height());
            document.drawContents(&painter_, body().translated(0, i * body().height()));
            painter_.restore();
        }
    }

private:
    void drawFooter() {
        painter_.save();
        QFont font = painter_.font();
        font.setPointSizeF(7);
        painter_.setFont(font);
        painter_.setPen(Qt::darkGray);
        painter_.drawText(page_.adjusted(0, page_.height() - 16, 0, 0),
                          Qt::AlignLeft | Qt::AlignVCenter, footer_);
        painter_.drawText(page_.adjusted(0, page_.height() - 16, 0, 0),
                          Qt::AlignRight | Qt::AlignVCenter,
                          QStringLiteral("page %1").arg(++number_));
        painter_.restore();
    }

    QPdfWriter& writer_;
    QPainter& painter_;
    QString footer_;
    QRectF page_;
    int number_ = 0;
};

/// While it lives, hashes are made with a fixed seed: the PDF engine keeps its fonts in
/// a QHash and writes them in its order, which would differ from run to run.
class DeterministicHashes {
public:
    DeterministicHashes() { QHashSeed::setDeterministicGlobalSeed(); }
    ~DeterministicHashes() { QHashSeed::resetRandomGlobalSeed(); }
    DeterministicHashes(const DeterministicHashes&) = delete;
    DeterministicHashes& operator=(const DeterministicHashes&) = delete;
};

/// The PDF's creation date is the anchor's time, so the same facts give the same bytes.
/// Qt writes "/CreationDate (D:YYYYMMDDhhmmssZ)"; the replacement has the same length, so
/// the cross-reference offsets stay right.
bool dateToAnchor(QIODevice& pdf, const QString& anchorTime) {
    const QDateTime at = QDateTime::fromString(anchorTime, Qt::ISODateWithMs);
    if (!at.isValid() || !pdf.seek(0))
        return false;
    const QByteArray head = pdf.read(4096);
    const qsizetype start = head.indexOf("/CreationDate (D:");
    if (start < 0)
        return true;
    const QByteArray date =
        "/CreationDate (D:" + at.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() +
        "Z)";
    if (head.mid(start, date.size()).size() != date.size() || head[start + date.size() - 1] != ')')
        return false;
    return pdf.seek(start) && pdf.write(date) == date.size();
}

bool drawReport(QIODevice& file, const ReportFacts& facts,
                const std::vector<NamedHash>& companions) {
    DeterministicHashes fixedOrder;
    QPdfWriter writer(&file);
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 12, 15, 12), QPageLayout::Millimeter);
    writer.setTitle(QStringLiteral("Batch report %1").arg(facts.order));
    writer.setCreator(QStringLiteral("kps"));
    QPainter painter(&writer);
    if (!painter.isActive())
        return false;
    PdfPages pages(writer, painter,
                   QStringLiteral("kps batch report %1 - audit anchor row %2")
                       .arg(facts.order)
                       .arg(facts.anchor.seq));
    pages.flow(html::summaryPage(facts));
    pages.next();
    const QRectF body = pages.body();
    charts::drawYield(painter, QRectF(body.topLeft(), QSizeF(body.width(), body.height() / 2)),
                      facts);
    charts::drawCycleTimes(
        painter, QRectF(body.left(), body.center().y(), body.width(), body.height() / 2), facts);
    pages.next();
    pages.flow(html::detailPages(facts, companions));
    pages.finish();
    return painter.end();
}

} // namespace

ReportResult<QString> writeReportPdf(const QString& path, const ReportFacts& facts,
                                     const std::vector<NamedHash>& companions,
                                     x509::Signer& signer) {
    if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
        return reportFailure(ReportErrorKind::Output, path, {},
                             QStringLiteral("the PDF report needs a QApplication (Qt Charts)"),
                             QStringLiteral("Run it from kps or kps-station"));
    if (QThread::currentThread() != QCoreApplication::instance()->thread()) // charts draw blank
        return reportFailure(ReportErrorKind::Output, path, {},
                             QStringLiteral("the PDF report is drawn on the GUI thread only"),
                             QStringLiteral("Hand the drawing to the GUI thread"));
    // FILE.partial made without following links; removed again unless committed.
    auto partial = secure::SafeOutput::createPath(QFile::encodeName(path).toStdString(),
                                                  secure::Replace::Allowed);
    if (!partial)
        return reportFailure(ReportErrorKind::Output, path, {},
                             QString::fromStdString(partial.error().message()),
                             QStringLiteral("Check the disk and the export directory"));
    QFile file;
    if (!file.open(partial->fd(), QIODevice::ReadWrite, QFileDevice::DontCloseHandle) ||
        !drawReport(file, facts, companions) || !dateToAnchor(file, facts.anchor.at))
        return reportFailure(ReportErrorKind::Output, path, {},
                             QStringLiteral("the PDF could not be drawn"),
                             QStringLiteral("Check the disk and the export directory"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.seek(0) || !hash.addData(&file))
        return reportFailure(ReportErrorKind::Output, path, {}, file.errorString());
    file.close();
    if (auto signed_ = signDigestTo(path, hash.result(), signer); !signed_)
        return tl::unexpected(signed_.error());
    if (auto moved = partial->commit(); !moved)
        return reportFailure(ReportErrorKind::Output, path, {},
                             QString::fromStdString(moved.error().message()));
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace kps::reports
