#include "kps/reports/batch_report.hpp"

#include <cmath>
#include <numeric>

namespace kps::reports {
namespace {

/// 1, 2 or 5 times a power of ten, at least `raw`: bin widths people read easily.
qint64 roundWidth(double raw) {
    qint64 power = 1;
    for (;;) {
        for (qint64 step : {1, 2, 5})
            if (double(step * power) >= raw)
                return step * power;
        power *= 10;
    }
}

std::vector<HistogramBin> histogramOf(const std::vector<qint64>& ascending, int bins) {
    if (ascending.empty() || bins < 1)
        return {};
    const qint64 width = roundWidth(double(ascending.back() - ascending.front() + 1) / bins);
    const qint64 start = ascending.front() / width * width;
    std::vector<HistogramBin> histogram;
    for (qint64 time : ascending) {
        const qint64 from = start + (time - start) / width * width;
        if (histogram.empty() || histogram.back().fromMs != from) {
            for (qint64 gap = histogram.empty() ? from : histogram.back().toMs; gap < from;
                 gap += width)
                histogram.push_back({gap, gap + width, 0});
            histogram.push_back({from, from + width, 0});
        }
        ++histogram.back().count;
    }
    return histogram;
}

} // namespace

CycleStats cycleStatsOf(const std::vector<qint64>& ascending, int bins) {
    CycleStats stats;
    if (ascending.empty())
        return stats;
    const auto at = [&](double share) {
        return double(ascending[std::size_t(share * double(ascending.size() - 1))]);
    };
    stats.mean = std::round(double(std::accumulate(ascending.begin(), ascending.end(), qint64(0))) /
                            double(ascending.size()) * 10.0) /
                 10.0;
    stats.p50 = at(0.5);
    stats.p95 = at(0.95);
    stats.max = double(ascending.back());
    stats.histogram = histogramOf(ascending, bins);
    return stats;
}

} // namespace kps::reports
