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
    /// Counts a failed login (the user is disabled after kMaxFailedLogins) or clears the count.
    Done recordLogin(const QString& name, bool succeeded);

private:
    Store& store_;
};

} // namespace kps::provisioning
