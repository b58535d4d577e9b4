#include "kps/provisioning/address.hpp"

#include <QRegularExpression>

namespace kps::provisioning {
namespace {

std::optional<std::uint16_t> manufacturerCodeOf(const QString& letters) {
    if (letters.size() != 3)
        return std::nullopt;
    std::uint16_t code = 0;
    for (QChar c : letters) {
        if (c < QLatin1Char('A') || c > QLatin1Char('Z'))
            return std::nullopt;
        code = static_cast<std::uint16_t>(code * 32 + (c.unicode() - 64));
    }
    return code;
}

} // namespace

std::optional<EndpointAddress> EndpointAddress::fromParts(const QString& manufacturer,
                                                          const QString& idDigits, int version,
                                                          int type) {
    static const QRegularExpression eightDigits(QStringLiteral("^[0-9]{8}$"));
    auto code = manufacturerCodeOf(manufacturer);
    if (!code || !eightDigits.match(idDigits).hasMatch() || version < 0 || version > 255 ||
        type < 0 || type > 255)
        return std::nullopt;
    EndpointAddress address;
    address.mfield_ = *code;
    address.id_ = idDigits.toUInt();
    address.version_ = static_cast<std::uint8_t>(version);
    address.type_ = static_cast<std::uint8_t>(type);
    return address;
}

std::optional<EndpointAddress> EndpointAddress::parse(const QString& text) {
    static const QRegularExpression form(
        QStringLiteral("^([A-Z]{3})-([0-9]{8})-([0-9a-fA-F]{2})-([0-9a-fA-F]{2})$"));
    const auto match = form.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    return fromParts(match.captured(1), match.captured(2), match.captured(3).toInt(nullptr, 16),
                     match.captured(4).toInt(nullptr, 16));
}

EndpointAddress EndpointAddress::fromBytes(const std::array<std::uint8_t, 8>& bytes) {
    EndpointAddress address;
    address.mfield_ = static_cast<std::uint16_t>(bytes[0] | bytes[1] << 8);
    std::uint32_t id = 0;
    for (int i = 5; i >= 2; --i)
        id = id * 100 + (bytes[i] >> 4) * 10 + (bytes[i] & 15);
    address.id_ = id;
    address.version_ = bytes[6];
    address.type_ = bytes[7];
    return address;
}

QString EndpointAddress::manufacturer() const {
    QString letters;
    for (int shift : {10, 5, 0})
        letters += QChar(64 + ((mfield_ >> shift) & 31));
    return letters;
}

QString EndpointAddress::text() const {
    return QStringLiteral("%1-%2-%3-%4")
        .arg(manufacturer())
        .arg(id_, 8, 10, QLatin1Char('0'))
        .arg(version_, 2, 16, QLatin1Char('0'))
        .arg(type_, 2, 16, QLatin1Char('0'));
}

std::array<std::uint8_t, 8> EndpointAddress::bytes() const {
    std::array<std::uint8_t, 8> out{};
    out[0] = static_cast<std::uint8_t>(mfield_);
    out[1] = static_cast<std::uint8_t>(mfield_ >> 8);
    std::uint32_t id = id_;
    for (int i = 2; i < 6; ++i) {
        const std::uint8_t low = id % 10;
        id /= 10;
        const std::uint8_t high = id % 10;
        id /= 10;
        out[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    out[6] = version_;
    out[7] = type_;
    return out;
}

std::optional<EndpointAddress> EndpointAddress::advancedBy(std::uint32_t offset) const {
    if (std::uint64_t(id_) + offset > 99'999'999u)
        return std::nullopt;
    EndpointAddress next = *this;
    next.id_ += offset;
    return next;
}

} // namespace kps::provisioning
