#include "endpoint_secrets.hpp"

#include "kps/jigs/keystore_record.hpp"

#include <algorithm>

namespace kps::provisioning {
namespace {

/// A key's role in the key-store record (a password has its own field there).
std::optional<jigs::KeyRole> jigRole(SecretRole role) {
    switch (role) {
    case SecretRole::Data:
        return jigs::KeyRole::Data;
    case SecretRole::Dm:
        return jigs::KeyRole::Dm;
    case SecretRole::Local:
        return jigs::KeyRole::Local;
    case SecretRole::Fleet:
        return jigs::KeyRole::Fleet;
    case SecretRole::Password:
        break;
    }
    return std::nullopt;
}

const SecretRow* storedRow(const EndpointRow& stored, const SecretRecipe& recipe) {
    for (const SecretRow& row : stored.secrets)
        if (row.id == recipe.id && row.version == recipe.version)
            return &row;
    return nullptr;
}

tl::unexpected<Error> missingRow(const EndpointRow& stored, const SecretRecipe& recipe) {
    return failure(ErrorKind::Internal, QStringLiteral("make secret again"), stored.address,
                   QStringLiteral("the store holds no %1 secret %2 for this endpoint")
                       .arg(secretRoleName(recipe.role))
                       .arg(recipe.id),
                   QStringLiteral("Run kps audit verify and call a supervisor"));
}

/// The customer's listed secrets of this address (customer-list orders only).
Outcome<std::vector<SecretRow>> listedRows(JobContext& context, const QString& address) {
    const auto listed = [](const SecretRecipe& r) {
        return r.origin == SecretOrigin::Listed;
    };
    if (std::none_of(context.plan.keys.begin(), context.plan.keys.end(), listed) &&
        !listed(context.plan.password))
        return std::vector<SecretRow>{};
    const QString orderId = context.order.order.id;
    return context.writer.call<std::vector<SecretRow>>(
        [&](Store& store) { return store.custody().listedSecrets(orderId, address); });
}

/// A new secret; a listed one is made from the customer's row (kept wrapped).
Outcome<MadeSecret> makeOne(JobContext& context, const SecretRecipe& recipe,
                            const std::vector<SecretRow>& listed, const QString& address,
                            const Address8& bytes) {
    const bool password = recipe.role == SecretRole::Password;
    if (recipe.origin != SecretOrigin::Listed)
        return password ? context.vault.makePassword(recipe, context.plan.passwordRule, bytes)
                        : context.vault.makeKey(recipe, bytes);
    for (const SecretRow& row : listed)
        if (row.id == recipe.id && row.version == recipe.version)
            return context.vault.remake(recipe, row, bytes);
    return failure(ErrorKind::Refused, QStringLiteral("make endpoint secret"), address,
                   QStringLiteral("the customer's key list has no %1 %2 for this address")
                       .arg(secretRoleName(recipe.role))
                       .arg(recipe.id),
                   QStringLiteral("Import the key list that covers the order's addresses"));
}

} // namespace

std::vector<SecretRow> MadeSecrets::rows() const {
    std::vector<SecretRow> list;
    for (const MadeSecret& key : keys)
        list.push_back(key.row);
    list.push_back(password.row);
    return list;
}

Outcome<MadeSecrets> makeSecrets(JobContext& context, const QString& address,
                                 const Address8& bytes) {
    KPS_TRY_LET(listed, listedRows(context, address));
    MadeSecrets made;
    for (const SecretRecipe& recipe : context.plan.keys) {
        KPS_TRY_LET(key, makeOne(context, recipe, listed, address, bytes));
        made.keys.push_back(std::move(key));
    }
    KPS_TRY_LET(password, makeOne(context, context.plan.password, listed, address, bytes));
    made.password = std::move(password);
    return made;
}

Outcome<MadeSecrets> remakeSecrets(JobContext& context, const EndpointRow& stored,
                                   const Address8& address) {
    MadeSecrets made;
    for (const SecretRecipe& recipe : context.plan.keys) {
        const SecretRow* row = storedRow(stored, recipe);
        if (!row)
            return missingRow(stored, recipe);
        KPS_TRY_LET(key, context.vault.remake(recipe, *row, address));
        made.keys.push_back(std::move(key));
    }
    const SecretRow* row = storedRow(stored, context.plan.password);
    if (!row)
        return missingRow(stored, context.plan.password);
    KPS_TRY_LET(password, context.vault.remake(context.plan.password, *row, address));
    made.password = std::move(password);
    return made;
}

Outcome<secure::SecretBytes> buildRecord(const MadeSecrets& made, const Address8& address) {
    jigs::KeyStoreContent content;
    content.address = address;
    for (const MadeSecret& key : made.keys) {
        const auto role = jigRole(key.row.role);
        if (!role)
            return failure(ErrorKind::Internal, QStringLiteral("build key-store record"), {},
                           QStringLiteral("a password among the keys"));
        content.keys.push_back({key.row.id, *role, key.row.version, key.plain.span()});
    }
    content.password = made.password.plain.span();
    secure::SecretBytes record(jigs::keyStoreSize(content));
    if (auto encoded = jigs::encodeKeyStore(content, record.span()); !encoded)
        return failure(ErrorKind::Internal, QStringLiteral("build key-store record"), {},
                       QString::fromStdString(encoded.error().message()));
    return record;
}

} // namespace kps::provisioning
