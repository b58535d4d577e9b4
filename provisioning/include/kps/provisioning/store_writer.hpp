#pragma once
// The one thread that writes to the store while a line runs. Slot threads hand it
// work and wait for the commit; whatever is queued together is committed in one
// transaction (group commit), each piece inside its own savepoint so one failure
// does not undo the others.
#include "kps/provisioning/store.hpp"

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace kps::provisioning {

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
    template <class T> Outcome<T> call(std::function<Outcome<T>(Store&)> work) {
        std::optional<Outcome<T>> result;
        Done done = submit([&](Store& store) -> Done {
            result = work(store);
            if (!*result)
                return tl::unexpected(result->error());
            return {};
        });
        if (!done)
            return tl::unexpected(done.error());
        return std::move(*result);
    }

    Done submit(std::function<Done(Store&)> work);

    /// Transactions and pieces of work committed so far (for benchmarks).
    std::uint64_t commits() const { return commits_; }
    std::uint64_t pieces() const { return pieces_; }

private:
    struct Task {
        std::function<Done(Store&)> work;
        std::promise<Done> done;
    };
    StoreWriter() = default;
    void loop(Store store);
    void commitBatch(Store& store, std::deque<Task>& batch);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> queue_;
    std::size_t maxBatch_ = 0;
    bool stopping_ = false;
    std::thread thread_;
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> pieces_{0};
};

} // namespace kps::provisioning
