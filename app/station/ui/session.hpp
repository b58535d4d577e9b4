#pragma once
// Who is logged in at the station (GUI side). The views show what the role may do;
// the engine refuses the rest anyway.
#include "kps/provisioning/roles.hpp"

#include <QObject>
#include <optional>

namespace kps::station {

class Session : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    const std::optional<provisioning::Principal>& principal() const { return principal_; }
    bool loggedIn() const { return principal_.has_value(); }
    bool may(provisioning::Action action) const {
        return principal_ && provisioning::allowed(principal_->role, action);
    }

public Q_SLOTS:
    void logIn(const kps::provisioning::Principal& principal) {
        principal_ = principal;
        Q_EMIT changed();
    }
    void logOut() {
        principal_.reset();
        Q_EMIT changed();
    }

Q_SIGNALS:
    void changed();

private:
    std::optional<provisioning::Principal> principal_;
};

} // namespace kps::station
