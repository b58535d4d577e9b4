#pragma once
// Jig faults for engine tests: a decorator over any rack whose jigs fail an operation
// when the test's plan says so (a seeded random mix, or a script). It also records the
// fingerprint of every key-store record written to each endpoint, so a test can prove
// that a retried endpoint received the same keys again.
#include "batch_check.hpp"
#include "kps/provisioning/ports/endpoint_jig.hpp"

#include <QMutex>
#include <QRandomGenerator>
#include <functional>
#include <map>

namespace kps::test {

enum class JigOperation { Attach, Write, Read, Lock };

using FaultPlan = std::function<std::optional<provisioning::JigFailure>(int slot, JigOperation)>;

struct FaultLog {
    QMutex mutex;
    std::map<QString, QSet<QByteArray>> recordsByUnit; // unique ID -> record fingerprints
    std::map<QString, int> injected;                   // fault name -> count
    int attaches = 0;

    void count(const QString& fault) {
        QMutexLocker lock(&mutex);
        ++injected[fault];
    }
    int total() {
        QMutexLocker lock(&mutex);
        int sum = 0;
        for (const auto& [fault, n] : injected)
            sum += n;
        return sum;
    }
};

class FaultyJig final : public provisioning::EndpointJig {
public:
    FaultyJig(std::unique_ptr<provisioning::EndpointJig> inner, int slot, FaultPlan plan,
              FaultLog& log)
        : inner_(std::move(inner))
        , slot_(slot)
        , plan_(std::move(plan))
        , log_(log) {}

    QString serial() const override { return inner_->serial(); }
    provisioning::JigOutcome<provisioning::AttachedEndpoint> attach() override {
        if (auto fault = inject(JigOperation::Attach))
            return tl::unexpected(*fault);
        auto attached = inner_->attach();
        if (attached)
            unit_ = attached->uniqueId;
        return attached;
    }
    provisioning::JigOutcome<void>
    programFirmware(const provisioning::Firmware& firmware) override {
        return inner_->programFirmware(firmware);
    }
    provisioning::JigOutcome<void> writeKeyStore(std::span<const std::uint8_t> record) override {
        if (auto fault = inject(JigOperation::Write))
            return tl::unexpected(*fault);
        {
            QMutexLocker lock(&log_.mutex);
            log_.recordsByUnit[unit_].insert(fingerprint(record));
        }
        return inner_->writeKeyStore(record);
    }
    provisioning::JigOutcome<void> readKeyStore(std::span<std::uint8_t> out) override {
        if (auto fault = inject(JigOperation::Read)) {
            if (fault->fault != provisioning::Fault::VerifyMismatch)
                return tl::unexpected(*fault);
            auto read = inner_->readKeyStore(out); // a flipped bit on the way back
            if (read && !out.empty())
                out[out.size() / 2] ^= 0x01;
            return read;
        }
        return inner_->readKeyStore(out);
    }
    provisioning::JigOutcome<void> lockAndReset() override {
        if (auto fault = inject(JigOperation::Lock))
            return tl::unexpected(*fault);
        return inner_->lockAndReset();
    }
    void detach() noexcept override { inner_->detach(); }

private:
    std::optional<provisioning::JigFailure> inject(JigOperation operation) {
        auto fault = plan_(slot_, operation);
        if (fault)
            log_.count(provisioning::faultName(fault->fault));
        return fault;
    }

    std::unique_ptr<provisioning::EndpointJig> inner_;
    int slot_;
    FaultPlan plan_;
    FaultLog& log_;
    QString unit_;
};

class FaultyRack final : public provisioning::JigRack {
public:
    FaultyRack(std::unique_ptr<provisioning::JigRack> inner, FaultPlan plan)
        : inner_(std::move(inner))
        , plan_(std::move(plan)) {}
    int slotCount() const override { return inner_->slotCount(); }
    provisioning::Outcome<std::unique_ptr<provisioning::EndpointJig>>
    jigForSlot(int slot) override {
        auto jig = inner_->jigForSlot(slot);
        if (!jig)
            return jig;
        return std::make_unique<FaultyJig>(std::move(*jig), slot, plan_, log);
    }
    FaultLog log;

private:
    std::unique_ptr<provisioning::JigRack> inner_;
    FaultPlan plan_;
};

/// Each operation fails with probability `rate`, with a fault a real jig could report
/// there; seeded per slot, so a run is reproducible up to the slots' interleaving.
inline FaultPlan randomFaults(double rate, quint32 seed) {
    auto generators = std::make_shared<std::map<int, QRandomGenerator>>();
    auto mutex = std::make_shared<QMutex>();
    return [=](int slot, JigOperation operation) -> std::optional<provisioning::JigFailure> {
        QMutexLocker lock(mutex.get());
        auto [it, fresh] = generators->try_emplace(slot, seed + quint32(slot) * 7919u);
        QRandomGenerator& random = it->second;
        if (random.generateDouble() >= rate)
            return std::nullopt;
        using provisioning::Fault;
        static const std::map<JigOperation, std::vector<Fault>> kinds = {
            {JigOperation::Attach, {Fault::SwdWait, Fault::UsbTimeout}},
            {JigOperation::Write, {Fault::FlashProgram, Fault::SwdFault}},
            {JigOperation::Read, {Fault::VerifyMismatch, Fault::SwdWait}},
            {JigOperation::Lock, {Fault::SwdWait, Fault::UsbTimeout}}};
        const std::vector<Fault>& choices = kinds.at(operation);
        const Fault fault = choices[random.bounded(quint32(choices.size()))];
        return provisioning::JigFailure{fault, provisioning::faultName(fault) +
                                                   QStringLiteral(" (injected)")};
    };
}

} // namespace kps::test
