#include "kps/reports/listing.hpp"

namespace kps::reports {

QString purposeName(Purpose purpose) {
    switch (purpose) {
    case Purpose::CustomerListing:
        return QStringLiteral("customer-listing");
    case Purpose::DmBatch:
        return QStringLiteral("dm-batch");
    case Purpose::Masters:
        return QStringLiteral("masters");
    case Purpose::KeyList:
        return QStringLiteral("key-list");
    case Purpose::EvalKit:
        return QStringLiteral("eval-kit");
    }
    return {};
}

std::optional<Purpose> purposeFrom(const QString& name) {
    for (auto purpose : {Purpose::CustomerListing, Purpose::DmBatch, Purpose::Masters,
                         Purpose::KeyList, Purpose::EvalKit})
        if (purposeName(purpose) == name)
            return purpose;
    return std::nullopt;
}

} // namespace kps::reports
