#pragma once
// An order that wants the head-end to derive (headend.dm = master) is accepted only
// if the profile's DM key comes from a master the key policy lets go to the head-end;
// refused when the order is added, not after its production at close.
#include "kps/provisioning/key_plan.hpp"

namespace kps::provisioning {

Done checkDmMasterOrder(KeyVault& vault, const KeyPlan& plan, const Order& order);

} // namespace kps::provisioning
