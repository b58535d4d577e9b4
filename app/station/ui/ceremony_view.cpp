#include "ceremony_view.hpp"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kps::station {

using app::CeremonyKind;

CeremonyView::CeremonyView(app::StationHost& host, std::shared_ptr<app::KeyCustody> custody,
                           QWidget* parent)
    : QWidget(parent)
    , host_(host)
    , custody_(std::move(custody))
    , kind_(new QComboBox(this))
    , target_(new QLineEdit(this))
    , browse_(new QPushButton(tr("Browse…"), this))
    , first_(new CustodianStep(host, 1, this))
    , second_(new CustodianStep(host, 2, this))
    , run_(new QPushButton(this))
    , reset_(new QPushButton(tr("Start over"), this))
    , cancel_(new QPushButton(tr("Cancel"), this))
    , table_(new QTableWidget(0, 2, this))
    , status_(new QLabel(this)) {
    kind_->setObjectName(QStringLiteral("ceremonyKind"));
    target_->setObjectName(QStringLiteral("ceremonyTarget"));
    run_->setObjectName(QStringLiteral("ceremonyRunButton"));
    table_->setObjectName(QStringLiteral("kcvTable"));
    status_->setObjectName(QStringLiteral("ceremonyStatus"));
    kind_->addItem(tr("Import customer masters"), int(CeremonyKind::ImportMasters));
    kind_->addItem(tr("Import a customer key list"), int(CeremonyKind::ImportKeyList));
    kind_->addItem(tr("Destroy an order's customer keys"), int(CeremonyKind::DestroyKeys));
    table_->setHorizontalHeaderLabels({tr("Key"), tr("Check value (KCV)")});
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    status_->setWordWrap(true);
    buildLayout();
    connectControls();
    showKind();
}

void CeremonyView::buildLayout() {
    auto* intro = new QLabel(tr("Dual control: two different key custodians confirm, one after "
                                "the other. Keys never appear here, only their check values."),
                             this);
    intro->setWordWrap(true);
    auto* targetRow = new QHBoxLayout;
    targetRow->addWidget(target_, 1);
    targetRow->addWidget(browse_);
    auto* form = new QFormLayout;
    form->addRow(tr("Operation"), kind_);
    form->addRow(tr("File or order"), targetRow);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(cancel_);
    buttons->addWidget(reset_);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addSpacing(12);
    layout->addWidget(first_);
    layout->addWidget(second_);
    layout->addLayout(buttons);
    layout->addWidget(status_);
    layout->addWidget(table_, 1);
}

void CeremonyView::showKind() {
    const auto kind = CeremonyKind(kind_->currentData().toInt());
    browse_->setVisible(kind != CeremonyKind::DestroyKeys);
    switch (kind) {
    case CeremonyKind::ImportMasters:
        target_->setPlaceholderText(tr("the customer's masters file (kps-listing/1, masters)"));
        run_->setText(tr("Import the masters"));
        break;
    case CeremonyKind::ImportKeyList:
        target_->setPlaceholderText(tr("the customer's key list (kps-listing/1, key-list)"));
        run_->setText(tr("Import the key list"));
        break;
    case CeremonyKind::DestroyKeys:
        target_->setPlaceholderText(tr("the order (customer-masters or customer-list)"));
        run_->setText(tr("Destroy the keys"));
        break;
    }
    updateButtons();
}

void CeremonyView::connectControls() {
    connect(browse_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("The customer's file"), {}, tr("kps-listing/1 (*.json);;All files (*)"));
        if (!file.isEmpty())
            target_->setText(file);
    });
    connect(kind_, &QComboBox::currentIndexChanged, this, &CeremonyView::showKind);
    connect(target_, &QLineEdit::textChanged, this, &CeremonyView::updateButtons);
    connect(first_, &CustodianStep::confirmed, this, [this](const provisioning::Principal& who) {
        second_->setExcluded(who.user);
        second_->userField()->setFocus();
        updateButtons();
    });
    connect(second_, &CustodianStep::confirmed, this, &CeremonyView::updateButtons);
    connect(run_, &QPushButton::clicked, this, &CeremonyView::runCeremony);
    connect(reset_, &QPushButton::clicked, this, &CeremonyView::reset);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        if (command_)
            command_->cancel(); // an import stops with nothing imported
    });
}

QString CeremonyView::status() const {
    return status_->text();
}

void CeremonyView::setOperation(CeremonyKind kind, const QString& target) {
    kind_->setCurrentIndex(kind_->findData(int(kind)));
    target_->setText(target);
}

void CeremonyView::updateButtons() {
    second_->setEnabled(first_->custodian().has_value());
    run_->setEnabled(!command_ && first_->custodian() && second_->custodian() &&
                     !target_->text().trimmed().isEmpty());
    cancel_->setEnabled(command_ != nullptr);
    reset_->setEnabled(!command_);
}

void CeremonyView::runCeremony() {
    if (command_ || !first_->custodian() || !second_->custodian())
        return;
    app::CeremonyRequest request{CeremonyKind(kind_->currentData().toInt()),
                                 {*first_->custodian(), *second_->custodian()},
                                 target_->text().trimmed()};
    command_ = new app::CeremonyCommand(host_, custody_, std::move(request), this);
    connect(command_, &app::Command::waiting, status_, &QLabel::setText);
    connect(command_, &app::Command::progress, this, [this](qint64 done, qint64 total) {
        status_->setText(tr("Working… %1 of %2").arg(done).arg(total));
    });
    connect(command_, &app::Command::finished, this, &CeremonyView::finish);
    status_->setText(tr("Working…"));
    table_->setRowCount(0);
    command_->start();
    updateButtons();
}

void CeremonyView::finish(const app::CommandReport& report) {
    const auto result = command_->result();
    const QString witnesses =
        tr("Custodians: %1 and %2")
            .arg(first_->custodian() ? first_->custodian()->user : QString(),
                 second_->custodian() ? second_->custodian()->user : QString());
    command_->deleteLater();
    command_ = nullptr;
    QStringList lines{report.succeeded() ? report.overview
                                         : report.overview + QStringLiteral(": ") +
                                               (report.error ? report.error->message : QString()),
                      witnesses};
    if (result && !result->record.isEmpty())
        lines << result->record; // the file's SHA-256, or the signed destruction record
    status_->setText(lines.join(QLatin1Char('\n')));
    if (result) {
        table_->setRowCount(int(result->keys.size()));
        for (int row = 0; row < int(result->keys.size()); ++row) {
            table_->setItem(row, 0, new QTableWidgetItem(result->keys[std::size_t(row)].name));
            table_->setItem(row, 1, new QTableWidgetItem(result->keys[std::size_t(row)].kcv));
        }
    }
    first_->reset(); // every ceremony needs both custodians afresh
    second_->reset();
    updateButtons();
    Q_EMIT ceremonyFinished(report.succeeded());
}

void CeremonyView::reset() {
    if (command_)
        return;
    first_->reset();
    second_->reset();
    target_->clear();
    table_->setRowCount(0);
    status_->clear();
    updateButtons();
    first_->userField()->setFocus();
}

} // namespace kps::station
