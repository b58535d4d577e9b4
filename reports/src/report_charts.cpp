#include "report_charts.hpp"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QGraphicsScene>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace kps::reports::charts {
namespace {

QChart* makeChart(const QString& title, QAbstractSeries* series, const QStringList& categories,
                  const QString& xTitle, const QString& yTitle, const QSizeF& size) {
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(title);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories); // at most ~40 of them: upright, in a small font
    x->setLabelsAngle(-90);
    QFont small = x->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    x->setLabelsFont(small);
    x->setTitleText(xTitle);
    auto* y = new QValueAxis;
    y->setTitleText(yTitle);
    y->setLabelFormat(QStringLiteral("%d"));
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(11);
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    y->applyNiceNumbers();
    chart->resize(size); // drawn 1:1 into the page (device pixels at the PDF's resolution)
    return chart;
}

void render(QPainter& painter, const QRectF& target, QChart* chart) {
    QGraphicsScene scene; // owns the chart
    scene.addItem(chart);
    scene.render(&painter, target, QRectF(QPointF(0, 0), target.size()));
}

} // namespace

void drawYield(QPainter& painter, const QRectF& target, const ReportFacts& facts) {
    auto* verified = new QBarSet(QStringLiteral("verified"));
    auto* failed = new QBarSet(QStringLiteral("failed"));
    verified->setColor(QColor(0x2e, 0x7d, 0x32));
    failed->setColor(QColor(0xc6, 0x28, 0x28));
    QStringList categories;
    for (const YieldBucket& bucket : facts.yieldSeries) {
        *verified << double(bucket.verified);
        *failed << double(bucket.failed);
        categories << QString::number(bucket.first);
    }
    auto* series = new QStackedBarSeries;
    series->append(verified);
    series->append(failed);
    render(painter, target,
           makeChart(QStringLiteral("Yield along the batch: %1 % verified")
                         .arg(facts.yield() * 100.0, 0, 'f', 2),
                     series, categories, QStringLiteral("endpoints finished, from #"),
                     QStringLiteral("endpoints"), target.size()));
}

void drawCycleTimes(QPainter& painter, const QRectF& target, const ReportFacts& facts) {
    auto* counts = new QBarSet(QStringLiteral("verified endpoints"));
    counts->setColor(QColor(0x15, 0x65, 0xc0));
    QStringList categories;
    for (const HistogramBin& bin : facts.cycle.histogram) {
        *counts << double(bin.count);
        categories << QString::number(bin.fromMs);
    }
    auto* series = new QStackedBarSeries;
    series->append(counts);
    render(painter, target,
           makeChart(QStringLiteral("Cycle time: median %1 ms, 95 % under %2 ms")
                         .arg(facts.cycle.p50)
                         .arg(facts.cycle.p95),
                     series, categories, QStringLiteral("cycle time, from (ms)"),
                     QStringLiteral("endpoints"), target.size()));
}

} // namespace kps::reports::charts
