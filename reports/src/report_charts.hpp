#pragma once
// The report's charts (Qt Charts), drawn as vectors into a painter: the yield of
// each stretch of the batch, and the histogram of cycle times.
#include "kps/reports/batch_report.hpp"

#include <QPainter>

namespace kps::reports::charts {

void drawYield(QPainter& painter, const QRectF& target, const ReportFacts& facts);
void drawCycleTimes(QPainter& painter, const QRectF& target, const ReportFacts& facts);

} // namespace kps::reports::charts
