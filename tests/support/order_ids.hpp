#pragma once
// Order ids in tests: the station's services take checked OrderIds only.
#include "kps/provisioning/order_id.hpp"

#include <QtGlobal>

namespace kps::test {

inline provisioning::OrderId orderId(const QString& text) {
    auto id = provisioning::OrderId::parse(text);
    if (!id)
        qFatal("%s", qPrintable(id.error().message()));
    return *id;
}

} // namespace kps::test
