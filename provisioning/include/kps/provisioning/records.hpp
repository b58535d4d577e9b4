#pragma once
// Rows of the station's store, as plain values.
#include "kps/provisioning/order.hpp"
#include "kps/provisioning/profile.hpp"
#include "kps/provisioning/secret_role.hpp"

#include <QDateTime>
#include <QString>
#include <optional>
#include <vector>

namespace kps::provisioning {

enum class OrderState { Open, Running, Closed };
QString orderStateName(OrderState state);

enum class EndpointState { Reserved, Injecting, Verified, Failed };
QString endpointStateName(EndpointState state);
std::optional<EndpointState> endpointStateFrom(const QString& name);

/// A key wrapped under the order's customer KEK, to the customer's certificate.
struct WrappedKek {
    QByteArray wrapped; // RSA-OAEP output
    QString wrap;       // "rsa-oaep-sha256" / "rsa-oaep-sha1"
    QString kcv;        // 6 hex
};

struct OrderRecord {
    Order order;
    OrderState state = OrderState::Open;
    WrappedKek customerKek;
    WrappedKek headendKek;
    QDateTime created;
    QDateTime closed;
    std::uint32_t issued = 0; // addresses issued so far
    std::uint32_t verified = 0;
    std::uint32_t failed = 0;
};

/// One secret of one endpoint as stored: KCV and wrapped forms, never the value.
struct SecretRow {
    std::uint8_t id = 0;
    SecretRole role;
    std::uint8_t version = 1;
    QString kcv; // empty for passwords
    QByteArray customerWrapped;
    QByteArray headendWrapped; // DM keys only
    QByteArray storageWrapped; // random and listed secrets: under the order's storage KEK
};

struct EndpointRow {
    QString address;
    QString orderId;
    std::uint32_t index = 0;
    bool rekey = false; // a re-keying order's row for an endpoint produced earlier
    EndpointState state = EndpointState::Reserved;
    QString reason;
    int slot = 0;
    int attempts = 0;
    QString uniqueId;
    QDateTime reservedAt;
    QDateTime finishedAt;
    qint64 cycleMs = 0;
    std::vector<SecretRow> secrets;
    QString station = {}; // the station whose slot holds the row (shared registry)
};

struct UserRow {
    QString name;
    QString role;
    QString badge;
    QString pinHash;
    int failedLogins = 0;
    bool disabled = false;
};

constexpr int kMaxFailedLogins = 5;

struct Reservation {
    QString address;
    std::uint32_t index = 0;
};

/// What the store decided for the endpoint a slot has just attached (by its unique ID).
enum class ClaimKind {
    Fresh,           // a new row 'reserved' for it
    Resumed,         // it holds an unfinished row of this order (after a crash): carry on
    AlreadyVerified, // its row is verified already: release it
    Scrapped,        // its row failed: it is scrap, take it out
    Unknown,         // re-keying: the station never produced it, or the order does not list it
    QuotaReached,    // the order allows no more endpoints now
};

struct Claim {
    ClaimKind kind = ClaimKind::Fresh;
    EndpointRow row; // Fresh and Resumed: the row (with its secrets when it has any)
    QString reason;  // Unknown, QuotaReached: why
};

/// A key an endpoint held before a re-keying order replaced it (KCV only).
struct KeyHistoryRow {
    QString address;
    QString orderId;         // the re-keying order
    QString previousOrderId; // the order that produced the replaced key
    std::uint8_t secretId = 0;
    SecretRole role;
    std::uint8_t version = 1;
    QString kcv;
    QDateTime recordedAt;
};

} // namespace kps::provisioning
