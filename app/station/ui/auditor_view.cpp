#include "auditor_view.hpp"

#include "kps/app/commands/words.hpp"
#include "report_facts_html.hpp"
#include "widget_style.hpp"

#include <QDesktopServices>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace kps::station {

AuditorView::AuditorView(app::StationHost& host, Session& session, StationState& state,
                         QWidget* parent)
    : QWidget(parent)
    , host_(host)
    , session_(session)
    , state_(state)
    , orders_(new QListWidget(this))
    , report_(new QTextBrowser(this))
    , openPdf_(new QPushButton(tr("Open the PDF report"), this))
    , verify_(new QPushButton(tr("Verify the audit chain"), this))
    , result_(new QLabel(this))
    , resultDetails_(new QLabel(this))
    , opener_([](const QUrl& url) { return QDesktopServices::openUrl(url); }) {
    orders_->setObjectName(QStringLiteral("auditOrders"));
    report_->setObjectName(QStringLiteral("reportFacts"));
    openPdf_->setObjectName(QStringLiteral("openPdfButton"));
    verify_->setObjectName(QStringLiteral("verifyAuditButton"));
    result_->setObjectName(QStringLiteral("auditResult"));
    scaleFont(result_, 1.4, true);
    result_->setWordWrap(true);
    resultDetails_->setWordWrap(true);
    resultDetails_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    openPdf_->setEnabled(false);
    buildLayout();
    connect(orders_, &QListWidget::currentTextChanged, this, &AuditorView::showOrder);
    connect(openPdf_, &QPushButton::clicked, this, &AuditorView::openPdf);
    connect(verify_, &QPushButton::clicked, this, &AuditorView::verifyChain);
    connect(&state_, &StationState::loaded, this, &AuditorView::showSnapshot);
    showSnapshot(state_.snapshot());
}

void AuditorView::buildLayout() {
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Batch report"), this));
    right->addWidget(report_, 1);
    right->addWidget(openPdf_);
    auto* top = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Orders"), this));
    left->addWidget(orders_);
    top->addLayout(left, 1);
    top->addLayout(right, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(verify_);
    layout->addWidget(result_);
    layout->addWidget(resultDetails_);
}

QString AuditorView::reportText() const {
    return report_->toPlainText();
}

QString AuditorView::verificationText() const {
    return result_->text() + QLatin1Char('\n') + resultDetails_->text();
}

QString AuditorView::pdfPath(const QString& orderId) const {
    return app::exportFilesFor(host_.paths(), orderId).report.pdf;
}

QString AuditorView::jsonPath(const QString& orderId) const {
    return app::exportFilesFor(host_.paths(), orderId).report.json;
}

void AuditorView::showSnapshot(const app::StationSnapshot& snapshot) {
    const QString current = orders_->currentItem() ? orders_->currentItem()->text() : QString();
    orders_->clear();
    for (const auto& record : snapshot.orders)
        orders_->addItem(record.order.id);
    const auto found = orders_->findItems(current, Qt::MatchExactly);
    if (!found.isEmpty())
        orders_->setCurrentItem(found.first());
}

void AuditorView::showOrder(const QString& orderId) {
    openPdf_->setEnabled(!orderId.isEmpty() && QFile::exists(pdfPath(orderId)));
    if (orderId.isEmpty()) {
        report_->clear();
        return;
    }
    QFile file(jsonPath(orderId));
    if (!file.open(QIODevice::ReadOnly)) {
        const auto* record = state_.order(orderId);
        report_->setPlainText(
            tr("No report for order %1 yet (state: %2): the station writes it when the order "
               "is closed.")
                .arg(orderId, record ? app::orderStateTitle(record->state) : QString()));
        return;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        report_->setPlainText(tr("%1: not a readable report (%2 at byte %3)")
                                  .arg(file.fileName(), error.errorString())
                                  .arg(error.offset));
        return;
    }
    report_->setHtml(ReportFactsHtml::render(document.object()) +
                     tr("<p>Signed report: %1 (+ .sig) in the order's exports folder</p>")
                         .arg(QFileInfo(file).fileName().toHtmlEscaped()));
}

void AuditorView::openPdf() {
    if (!orders_->currentItem())
        return;
    const QString pdf = pdfPath(orders_->currentItem()->text());
    if (!opener_(QUrl::fromLocalFile(pdf)))
        resultDetails_->setText(tr("No viewer could open %1").arg(pdf));
}

void AuditorView::verifyChain() {
    if (command_ || !session_.principal())
        return;
    command_ = new app::VerifyAuditCommand(host_, *session_.principal(), this);
    connect(command_, &app::Command::waiting, result_, &QLabel::setText);
    connect(command_, &app::Command::progress, this,
            [this](qint64, qint64, const QString& step) { result_->setText(step); });
    connect(command_, &app::Command::finished, this, [this](const app::CommandReport& report) {
        const bool intact = report.succeeded();
        result_->setText(report.overview);
        result_->setStyleSheet(intact ? QStringLiteral("color: #2e7d32")
                                      : QStringLiteral("color: #c62828"));
        resultDetails_->setText(report.details);
        command_->deleteLater();
        command_ = nullptr;
        verify_->setEnabled(true);
        Q_EMIT verified(intact);
    });
    verify_->setEnabled(false);
    result_->setStyleSheet({});
    command_->start();
}

} // namespace kps::station
