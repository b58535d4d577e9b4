#pragma once
// The 8-byte wireless M-Bus endpoint address (docs/formats.md):
// M-field (2 bytes LE, EN 13757-3 manufacturer code), ID (4 bytes BCD LE),
// version (1), device type (1). Text form "KLK-12345678-01-07".
#include <QString>
#include <array>
#include <cstdint>
#include <optional>

namespace kps::provisioning {

class EndpointAddress {
public:
    static std::optional<EndpointAddress> parse(const QString& text);
    static std::optional<EndpointAddress> fromParts(const QString& manufacturer,
                                                    const QString& idDigits, int version, int type);
    static EndpointAddress fromBytes(const std::array<std::uint8_t, 8>& bytes);

    QString text() const;
    std::array<std::uint8_t, 8> bytes() const;
    QString manufacturer() const;
    std::uint32_t id() const { return id_; } // 0 .. 99'999'999
    std::uint8_t version() const { return version_; }
    std::uint8_t type() const { return type_; }
    std::uint16_t manufacturerCode() const { return mfield_; }

    /// The address `offset` IDs further on, if it stays within 8 digits.
    std::optional<EndpointAddress> advancedBy(std::uint32_t offset) const;

    friend bool operator==(const EndpointAddress&, const EndpointAddress&) = default;

private:
    std::uint16_t mfield_ = 0;
    std::uint32_t id_ = 0;
    std::uint8_t version_ = 0;
    std::uint8_t type_ = 0;
};

} // namespace kps::provisioning
