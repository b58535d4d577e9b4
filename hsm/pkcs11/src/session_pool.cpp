#include "kps/hsm/session_pool.hpp"

#include "kps/hsm/module.hpp"

#include <mutex>
#include <utility>
#include <vector>

namespace kps::hsm {

struct SessionPool::State {
    const Module* module = nullptr;
    CK_SLOT_ID slot = 0;
    std::size_t idleLimit = 8;
    mutable std::mutex mutex;
    std::vector<std::unique_ptr<Session>> idle;
    std::size_t opened = 0;
};

SessionPool::SessionPool(const Module& module, CK_SLOT_ID slot, std::size_t idleLimit)
    : state_(std::make_shared<State>()) {
    state_->module = &module;
    state_->slot = slot;
    state_->idleLimit = idleLimit;
}

SessionPool::SessionPool(SessionPool&&) noexcept = default;
SessionPool& SessionPool::operator=(SessionPool&&) noexcept = default;

SessionPool::~SessionPool() {
    if (state_)
        closeIdle();
}

Result<SessionLease> SessionPool::acquire() {
    {
        std::lock_guard lock(state_->mutex);
        if (!state_->idle.empty()) {
            auto session = std::move(state_->idle.back());
            state_->idle.pop_back();
            return SessionLease(state_, std::move(session));
        }
    }
    auto opened = Session::open(*state_->module, state_->slot);
    if (!opened)
        return tl::unexpected(opened.error());
    std::lock_guard lock(state_->mutex);
    ++state_->opened;
    return SessionLease(state_, std::make_unique<Session>(std::move(*opened)));
}

std::size_t SessionPool::idleCount() const {
    std::lock_guard lock(state_->mutex);
    return state_->idle.size();
}

std::size_t SessionPool::openedCount() const {
    std::lock_guard lock(state_->mutex);
    return state_->opened;
}

void SessionPool::closeIdle() {
    std::vector<std::unique_ptr<Session>> closing;
    {
        std::lock_guard lock(state_->mutex);
        closing.swap(state_->idle);
    }
    // The sessions close here, outside the lock.
}

CK_SLOT_ID SessionPool::slot() const {
    return state_->slot;
}

SessionLease::SessionLease(std::shared_ptr<SessionPool::State> pool,
                           std::unique_ptr<Session> session)
    : pool_(std::move(pool))
    , session_(std::move(session)) {}

SessionLease::SessionLease(SessionLease&& other) noexcept
    : pool_(std::move(other.pool_))
    , session_(std::move(other.session_))
    , discard_(other.discard_) {}

SessionLease& SessionLease::operator=(SessionLease&& other) noexcept {
    if (this != &other) {
        giveBack();
        pool_ = std::move(other.pool_);
        session_ = std::move(other.session_);
        discard_ = other.discard_;
    }
    return *this;
}

SessionLease::~SessionLease() {
    giveBack();
}

void SessionLease::giveBack() noexcept {
    if (!session_ || !pool_)
        return;
    std::unique_ptr<Session> session = std::move(session_);
    if (discard_)
        return; // closes here
    std::lock_guard lock(pool_->mutex);
    if (pool_->idle.size() < pool_->idleLimit)
        pool_->idle.push_back(std::move(session));
}

} // namespace kps::hsm
