#include "endpoint_secrets.hpp"

#include "kps/jigs/keystore_record.hpp"

#include <algorithm>

namespace kps::provisioning {
namespace {

jigs::KeyRole jigRole(const QString& role) {
    if (role == QLatin1String("dm"))
        return jigs::KeyRole::Dm;
    if (role == QLatin1String("local"))
        return jigs::KeyRole::Local;
    if (role == QLatin1String("fleet"))
        return jigs::KeyRole::Fleet;
    return jigs::KeyRole::Data;
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
                       .arg(recipe.role)
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
        [&](Store& store) { return store.listedSecrets(orderId, address); });
}

/// A new secret; a listed one is made from the customer's row (kept wrapped).
Outcome<MadeSecret> makeOne(JobContext& context, const SecretRecipe& recipe,
                            const std::vector<SecretRow>& listed, const QString& address,
                            const Address8& bytes) {
    const bool password = recipe.role == QLatin1String("password");
    if (recipe.origin != SecretOrigin::Listed)
        return password ? context.vault.makePassword(recipe, context.plan.passwordRule, bytes)
                        : context.vault.makeKey(recipe, bytes);
    for (const SecretRow& row : listed)
        if (row.id == recipe.id && row.version == recipe.version)
            return context.vault.remake(recipe, row, bytes);
    return failure(ErrorKind::Refused, QStringLiteral("make endpoint secret"), address,
                   QStringLiteral("the customer's key list has no %1 %2 for this address")
                       .arg(recipe.role)
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
    auto listed = listedRows(context, address);
    if (!listed)
        return tl::unexpected(listed.error());
    MadeSecrets made;
    for (const SecretRecipe& recipe : context.plan.keys) {
        auto key = makeOne(context, recipe, *listed, address, bytes);
        if (!key)
            return tl::unexpected(key.error());
        made.keys.push_back(std::move(*key));
    }
    auto password = makeOne(context, context.plan.password, *listed, address, bytes);
    if (!password)
        return tl::unexpected(password.error());
    made.password = std::move(*password);
    return made;
}

Outcome<MadeSecrets> remakeSecrets(JobContext& context, const EndpointRow& stored,
                                   const Address8& address) {
    MadeSecrets made;
    for (const SecretRecipe& recipe : context.plan.keys) {
        const SecretRow* row = storedRow(stored, recipe);
        if (!row)
            return missingRow(stored, recipe);
        auto key = context.vault.remake(recipe, *row, address);
        if (!key)
            return tl::unexpected(key.error());
        made.keys.push_back(std::move(*key));
    }
    const SecretRow* row = storedRow(stored, context.plan.password);
    if (!row)
        return missingRow(stored, context.plan.password);
    auto password = context.vault.remake(context.plan.password, *row, address);
    if (!password)
        return tl::unexpected(password.error());
    made.password = std::move(*password);
    return made;
}

Outcome<secure::SecretBytes> buildRecord(const MadeSecrets& made, const Address8& address) {
    jigs::KeyStoreContent content;
    content.address = address;
    for (const MadeSecret& key : made.keys)
        content.keys.push_back(
            {key.row.id, jigRole(key.row.role), key.row.version, key.plain.span()});
    content.password = made.password.plain.span();
    secure::SecretBytes record(jigs::keyStoreSize(content));
    if (auto encoded = jigs::encodeKeyStore(content, record.span()); !encoded)
        return failure(ErrorKind::Internal, QStringLiteral("build key-store record"), {},
                       QString::fromStdString(encoded.error().message()));
    return record;
}

} // namespace kps::provisioning
