#include "kps/provisioning/store_writer.hpp"

#include "sql.hpp"

#include <QUuid>
#include <optional>

namespace kps::provisioning {

Outcome<std::unique_ptr<StoreWriter>> StoreWriter::start(const StoreLocation& location,
                                                         std::size_t maxBatch) {
    std::unique_ptr<StoreWriter> writer(new StoreWriter());
    writer->maxBatch_ = maxBatch;
    writer->deferrable_ = location.driver == QLatin1String("QSQLITE");
    std::promise<Done> opened;
    auto ready = opened.get_future();
    writer->thread_ = std::thread([raw = writer.get(), location, &opened] {
        auto store = Store::open(location, QStringLiteral("writer-") +
                                               QUuid::createUuid().toString(QUuid::Id128));
        if (!store) {
            opened.set_value(tl::unexpected(store.error()));
            return;
        }
        opened.set_value({});
        raw->loop(std::move(*store));
    });
    Done started = ready.get();
    if (!started) {
        writer->thread_.join();
        writer->thread_ = {};
        return tl::unexpected(started.error());
    }
    return writer;
}

StoreWriter::~StoreWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

Done StoreWriter::submit(std::function<Done(Store&)> work, Durability durability) {
    std::future<Done> done;
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return failure(ErrorKind::Internal, QStringLiteral("write to store"), {},
                           QStringLiteral("the writer has stopped"));
        queue_.push_back({std::move(work), {}, deferrable_ ? durability : Durability::Commit});
        done = queue_.back().done.get_future();
    }
    wake_.notify_one();
    return done.get();
}

void StoreWriter::loop(Store store) {
    // When the transaction holding uncommitted WithNext pieces began: it is committed
    // kIdleCommit later at the latest, so another process's writes never wait long.
    std::optional<std::chrono::steady_clock::time_point> openedAt;
    std::vector<std::pair<Task*, Done>> none;
    const auto commitNow = [&] {
        commitOpen(store, none);
        openedAt.reset();
    };
    for (;;) {
        std::deque<Task> batch;
        {
            std::unique_lock lock(mutex_);
            const auto ready = [this] {
                return stopping_ || !queue_.empty();
            };
            if (!openedAt) {
                wake_.wait(lock, ready);
            } else if (!wake_.wait_until(lock, *openedAt + kIdleCommit, ready)) {
                lock.unlock();
                commitNow();
                continue;
            }
            if (queue_.empty() && stopping_) {
                lock.unlock();
                if (openedAt)
                    commitNow();
                return;
            }
            takeBatch(batch);
        }
        if (!runBatch(store, batch, bool(openedAt)))
            openedAt.reset();
        else if (!openedAt)
            openedAt = std::chrono::steady_clock::now();
        if (openedAt && std::chrono::steady_clock::now() >= *openedAt + kIdleCommit)
            commitNow();
    }
}

void StoreWriter::takeBatch(std::deque<Task>& batch) {
    if (maxBatch_ == 0 || queue_.size() <= maxBatch_) {
        batch.swap(queue_);
        return;
    }
    for (std::size_t i = 0; i < maxBatch_; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
}

namespace {

/// Runs one piece in its own savepoint; a failing piece is rolled back to it alone.
/// Returns false when a savepoint statement itself failed (`result` says why): the
/// transaction cannot go on.
bool runPiece(Store& store, const std::function<Done(Store&)>& work, Done& result) {
    auto& database = store.database();
    const QString what = QStringLiteral("savepoint");
    if (result = sql::exec(database, what, QStringLiteral("SAVEPOINT piece")); !result)
        return false;
    Done outcome = work(store);
    const QString close = outcome ? QStringLiteral("RELEASE SAVEPOINT piece")
                                  : QStringLiteral("ROLLBACK TO SAVEPOINT piece");
    if (result = sql::exec(database, what, close); !result)
        return false;
    if (!outcome) {
        if (result = sql::exec(database, what, QStringLiteral("RELEASE SAVEPOINT piece")); !result)
            return false;
    }
    result = std::move(outcome);
    return true;
}

} // namespace

bool StoreWriter::runBatch(Store& store, std::deque<Task>& batch, bool open) {
    auto& database = store.database();
    if (!open) {
        if (const Done begun = store.beginWrite(); !begun) {
            for (Task& task : batch)
                task.done.set_value(begun);
            return false;
        }
    }
    std::vector<std::pair<Task*, Done>> waiting;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Done result;
        if (!runPiece(store, batch[i].work, result)) { // the transaction is lost: all fail
            database.rollback();
            for (auto& [task, done] : waiting)
                task->done.set_value(result);
            for (std::size_t j = i; j < batch.size(); ++j)
                batch[j].done.set_value(result);
            return false;
        }
        if (batch[i].durability == Durability::WithNext)
            batch[i].done.set_value(std::move(result));
        else
            waiting.emplace_back(&batch[i], std::move(result));
    }
    pieces_ += batch.size();
    if (waiting.empty())
        return true;
    commitOpen(store, waiting);
    return false;
}

bool StoreWriter::commitOpen(Store& store, std::vector<std::pair<Task*, Done>>& waiting) {
    auto& database = store.database();
    Done committed;
    if (!database.commit()) {
        committed = sql::storeError(QStringLiteral("commit"), database.lastError());
        database.rollback();
    }
    ++commits_;
    for (auto& [task, result] : waiting)
        task->done.set_value(committed ? std::move(result) : committed);
    return bool(committed);
}

} // namespace kps::provisioning
