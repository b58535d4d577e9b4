#include "dm_master_check.hpp"

namespace kps::provisioning {

Done checkDmMasterOrder(KeyVault& vault, const KeyPlan& plan, const Order& order) {
    if (order.headendDm != QLatin1String("master"))
        return {};
    for (const SecretRecipe& recipe : plan.keys)
        if (recipe.role == SecretRole::Dm && recipe.origin == SecretOrigin::Derived)
            return vault.checkMasterExport(recipe.keyLabel);
    return failure(ErrorKind::Refused, QStringLiteral("register order"), order.id,
                   QStringLiteral("headend.dm = master, but key source %1 has no DM master the "
                                  "head-end could derive from")
                       .arg(keySourceName(order.keySource)),
                   QStringLiteral("Order the DM batch as keys (headend.dm = keys)"));
}

} // namespace kps::provisioning
