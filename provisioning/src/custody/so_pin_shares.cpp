#include "kps/provisioning/so_pin_shares.hpp"

#include "kps/secure/pin.hpp"

#include <optional>

namespace kps::provisioning {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr int kSize = 62;

std::optional<int> indexOf(std::uint8_t character) {
    if (character >= 'A' && character <= 'Z')
        return character - 'A';
    if (character >= 'a' && character <= 'z')
        return 26 + (character - 'a');
    if (character >= '0' && character <= '9')
        return 52 + (character - '0');
    return std::nullopt;
}

} // namespace

SoPinShares splitSoPin(const secure::SecretBytes& soPin) {
    SoPinShares shares{secure::randomPin(soPin.size()), secure::SecretBytes(soPin.size())};
    for (std::size_t i = 0; i < soPin.size(); ++i) {
        const int pin = indexOf(soPin.data()[i]).value_or(0);
        const int first = *indexOf(shares.first.data()[i]);
        shares.second.data()[i] =
            static_cast<std::uint8_t>(kAlphabet[(pin - first + kSize) % kSize]);
    }
    return shares;
}

Outcome<secure::SecretBytes> joinSoPin(const secure::SecretBytes& first,
                                       const secure::SecretBytes& second) {
    const QString what = QStringLiteral("join the SO PIN shares");
    if (first.size() != second.size() || first.size() == 0)
        return failure(ErrorKind::BadInput, what, QStringLiteral("SO PIN shares"),
                       QStringLiteral("the two shares differ in length"),
                       QStringLiteral("Each custodian brings the share kps init gave them"));
    secure::SecretBytes pin(first.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        const auto a = indexOf(first.data()[i]);
        const auto b = indexOf(second.data()[i]);
        if (!a || !b)
            return failure(ErrorKind::BadInput, what, QStringLiteral("SO PIN shares"),
                           QStringLiteral("a share holds a character outside [A-Za-z0-9]"),
                           QStringLiteral("Each custodian brings the share kps init gave them"));
        pin.data()[i] = static_cast<std::uint8_t>(kAlphabet[(*a + *b) % kSize]);
    }
    return pin;
}

} // namespace kps::provisioning
