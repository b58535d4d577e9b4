#include "kps/provisioning/order_id.hpp"

#include "kps/schemas/validator.hpp"

namespace kps::provisioning {

Outcome<OrderId> OrderId::parse(const QString& text, const QString& where) {
    const QString what = QStringLiteral("read order id");
    auto validator = schemas::PartValidator::create(QStringLiteral("kps-order/1"),
                                                    QStringLiteral("/definitions/orderId"));
    if (!validator)
        return tl::unexpected(Error::fromInput(validator.error(), what));
    if (auto checked = validator->validate(QJsonValue(text), where, {}); !checked)
        return failure(ErrorKind::BadInput, what, where.isEmpty() ? text : where,
                       QStringLiteral("%1 is no order id (letters, digits, '.', '_' and '-', at "
                                      "most 64, starting with a letter or digit)")
                           .arg(text),
                       QStringLiteral("Nothing was changed"));
    return OrderId(text);
}

} // namespace kps::provisioning
