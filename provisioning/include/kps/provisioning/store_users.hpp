#pragma once
// The store's users (store_users.cpp): login PINs as Argon2id hashes only.
#include "kps/provisioning/records.hpp"

namespace kps::provisioning {

class Store;

class StoreUsers {
public:
    explicit StoreUsers(Store& store)
        : store_(store) {}
    Done insert(const UserRow& user, const QDateTime& at, const QString& createdBy);
    Outcome<std::optional<UserRow>> byLogin(const QString& nameOrBadge);
    Outcome<std::vector<UserRow>> all();
    /// Counts a login attempt before its PIN is checked: one failed login more for an
    /// enabled user below kMaxFailedLogins (a good PIN clears it afterwards). Its first
    /// statement writes, so it takes the store's write lock before anything is read.
    /// False: no such user, or the user is disabled or at the limit.
    Outcome<bool> countAttempt(const QString& nameOrBadge);
    /// After the PIN check: a good PIN clears the count; a wrong one leaves it counted
    /// and disables the user at kMaxFailedLogins.
    Done settleAttempt(const QString& name, bool pinOk);
    /// Disables or enables (clearing the failed logins) a user; false: no such user.
    Outcome<bool> setDisabled(const QString& name, bool disabled);
    /// A new PIN hash (the failed logins cleared); false: no such user.
    Outcome<bool> setPinHash(const QString& name, const QString& pinHash);
    /// Locks every user of `role` (a write that changes nothing) before a count is read.
    Done lockRole(const QString& role);
    /// Removes a user; false: no such user.
    Outcome<bool> remove(const QString& name);

private:
    Store& store_;
};

} // namespace kps::provisioning
