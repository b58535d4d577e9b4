#pragma once
// The one thread that writes to the store while a line runs. Slot threads hand it
// work and wait for the commit; whatever is queued together is committed in one
// transaction (group commit), each piece inside its own savepoint so one failure
// does not undo the others.
//
// A piece submitted with Durability::WithNext returns as soon as it has run: it is
// committed with the next piece that needs a commit (from any slot), or kIdleCommit
// after its transaction began at the latest. For work whose loss in a crash changes
// nothing outside the store, such as an endpoint's claim: nothing is written to the
// endpoint before its secrets are committed, and they commit together with the claim.
// Saves one fsync per endpoint. SQLite only: on a shared PostgreSQL registry a claim
// locks its order's row until its transaction ends, and holding that lock across the
// HSM work would make the stations take turns, so there every piece commits at once.
#include "kps/provisioning/store.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace kps::provisioning {

enum class Durability {
    Commit,   // returns once the piece is committed (on disk, for a durable store)
    WithNext, // returns once the piece ran; committed with the next committing piece
};

class StoreWriter {
public:
    /// `maxBatch`: pieces per transaction at most; 0 commits whatever is queued together
    /// (group commit), 1 commits every piece on its own (for comparison in benchmarks).
    static Outcome<std::unique_ptr<StoreWriter>> start(const StoreLocation& location,
                                                       std::size_t maxBatch = 0);
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    /// Runs `work` on the writer thread and returns once it is committed (or failed).
    template <class T>
    Outcome<T> call(std::function<Outcome<T>(Store&)> work,
                    Durability durability = Durability::Commit) {
        std::optional<Outcome<T>> result;
        Done done = submit(
            [&](Store& store) -> Done {
                result = work(store);
                if (!*result)
                    return tl::unexpected(result->error());
                return {};
            },
            durability);
        if (!done)
            return tl::unexpected(done.error());
        return std::move(*result);
    }

    Done submit(std::function<Done(Store&)> work, Durability durability = Durability::Commit);

    /// How long uncommitted WithNext pieces wait for a committing piece at most.
    static constexpr std::chrono::milliseconds kIdleCommit{20};

    /// Transactions and pieces of work committed so far (for benchmarks).
    std::uint64_t commits() const { return commits_; }
    std::uint64_t pieces() const { return pieces_; }

private:
    struct Task {
        std::function<Done(Store&)> work;
        std::promise<Done> done;
        Durability durability = Durability::Commit;
    };
    StoreWriter() = default;
    void loop(Store store);
    void takeBatch(std::deque<Task>& batch); // under mutex_
    /// Runs the batch in the open transaction (begun if none is); commits if a piece
    /// needs it. Returns whether a transaction is left open (WithNext pieces only).
    bool runBatch(Store& store, std::deque<Task>& batch, bool open);
    bool commitOpen(Store& store, std::vector<std::pair<Task*, Done>>& waiting);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> queue_;
    std::size_t maxBatch_ = 0;
    bool deferrable_ = false; // WithNext allowed (SQLite)
    bool stopping_ = false;
    std::thread thread_;
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> pieces_{0};
};

} // namespace kps::provisioning
