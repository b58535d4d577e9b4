#pragma once
// A pool of sessions on one token, so each slot thread works in a session of its
// own (PKCS#11 sessions must not be used by two threads at once) without opening
// and closing one per endpoint. A lease gives its session back when it dies; a
// lease whose session failed is discarded instead. Leases must not outlive the
// pool's module.
#include "kps/hsm/error.hpp"
#include "kps/hsm/session.hpp"

#include <memory>

namespace kps::hsm {

class Module;

class SessionLease;

class SessionPool {
public:
    /// Keeps at most `idleLimit` idle sessions open; more leases may exist at once.
    SessionPool(const Module& module, CK_SLOT_ID slot, std::size_t idleLimit = 8);
    SessionPool(SessionPool&&) noexcept;
    SessionPool& operator=(SessionPool&&) noexcept;
    SessionPool(const SessionPool&) = delete;
    SessionPool& operator=(const SessionPool&) = delete;
    ~SessionPool();

    /// An idle session, or a new one. Sessions inherit the token's login state.
    Result<SessionLease> acquire();
    std::size_t idleCount() const;
    std::size_t openedCount() const; // sessions opened over the pool's life
    /// Closes every idle session (e.g. before a logout that invalidates handles).
    void closeIdle();
    CK_SLOT_ID slot() const;

private:
    struct State;
    std::shared_ptr<State> state_;
    friend class SessionLease;
};

class SessionLease {
public:
    SessionLease(SessionLease&& other) noexcept;
    SessionLease& operator=(SessionLease&& other) noexcept;
    SessionLease(const SessionLease&) = delete;
    SessionLease& operator=(const SessionLease&) = delete;
    ~SessionLease();

    Session& operator*() { return *session_; }
    Session* operator->() { return session_.get(); }
    const Session& session() const { return *session_; }
    /// The session is not given back (it failed, or holds state that must die with it).
    void discard() { discard_ = true; }

private:
    friend class SessionPool;
    SessionLease(std::shared_ptr<SessionPool::State> pool, std::unique_ptr<Session> session);
    void giveBack() noexcept;
    std::shared_ptr<SessionPool::State> pool_;
    std::unique_ptr<Session> session_;
    bool discard_ = false;
};

} // namespace kps::hsm
