#pragma once
// An order's id, checked once at the edge against the pattern kps-order/1 gives it
// (`/definitions/orderId`): letters, digits, '.', '_' and '-', at most 64, starting with a
// letter or digit. Everything that names an order to the station (a lock file, an export
// folder, a store key) takes an OrderId, so no unchecked name reaches the file system.
#include "kps/provisioning/error.hpp"

#include <QString>

namespace kps::provisioning {

class OrderId {
public:
    /// Bad input (naming `where`) unless `text` matches the schema's pattern.
    static Outcome<OrderId> parse(const QString& text, const QString& where = {});

    const QString& text() const { return text_; }
    operator const QString&() const { return text_; }
    friend bool operator==(const OrderId&, const OrderId&) = default;

private:
    explicit OrderId(QString text)
        : text_(std::move(text)) {}
    QString text_;
};

} // namespace kps::provisioning
