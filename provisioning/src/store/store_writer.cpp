#include "kps/provisioning/store_writer.hpp"

#include "sql.hpp"

#include <QUuid>

namespace kps::provisioning {

Outcome<std::unique_ptr<StoreWriter>> StoreWriter::start(const StoreLocation& location,
                                                         std::size_t maxBatch) {
    std::unique_ptr<StoreWriter> writer(new StoreWriter());
    writer->maxBatch_ = maxBatch;
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

Done StoreWriter::submit(std::function<Done(Store&)> work) {
    std::future<Done> done;
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return failure(ErrorKind::Internal, QStringLiteral("write to store"), {},
                           QStringLiteral("the writer has stopped"));
        queue_.push_back({std::move(work), {}});
        done = queue_.back().done.get_future();
    }
    wake_.notify_one();
    return done.get();
}

void StoreWriter::loop(Store store) {
    for (;;) {
        std::deque<Task> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty() && stopping_)
                return;
            if (maxBatch_ == 0 || queue_.size() <= maxBatch_) {
                batch.swap(queue_);
            } else {
                for (std::size_t i = 0; i < maxBatch_; ++i) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            }
        }
        commitBatch(store, batch);
    }
}

void StoreWriter::commitBatch(Store& store, std::deque<Task>& batch) {
    std::vector<Done> results;
    results.reserve(batch.size());
    auto& database = store.database();
    Done committed = store.inTransaction([&]() -> Done {
        for (Task& task : batch) {
            if (auto saved = sql::exec(database, QStringLiteral("savepoint"),
                                       QStringLiteral("SAVEPOINT piece"));
                !saved)
                return saved;
            Done result = task.work(store);
            const QString close = result ? QStringLiteral("RELEASE SAVEPOINT piece")
                                         : QStringLiteral("ROLLBACK TO SAVEPOINT piece");
            if (auto closed = sql::exec(database, QStringLiteral("savepoint"), close); !closed)
                return closed;
            if (!result)
                sql::exec(database, QStringLiteral("savepoint"),
                          QStringLiteral("RELEASE SAVEPOINT piece"));
            results.push_back(std::move(result));
        }
        return {};
    });
    ++commits_;
    pieces_ += batch.size();
    for (std::size_t i = 0; i < batch.size(); ++i)
        batch[i].done.set_value(committed ? results[i] : Done(tl::unexpected(committed.error())));
}

} // namespace kps::provisioning
