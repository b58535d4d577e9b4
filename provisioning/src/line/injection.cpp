#include "injection.hpp"

namespace kps::provisioning {
namespace {

JigOutcome<void> writeVerifyLock(JobContext& context, const QString& address,
                                 const secure::SecretBytes& record, bool& lockTried) {
    if (context.firmware) { // one pass: firmware (verified on the endpoint), keys, lock
        context.observer.slotStep(context.slot, SlotStep::Programming, address);
        if (auto programmed = context.jig.programFirmware(*context.firmware); !programmed)
            return programmed;
    }
    context.observer.slotStep(context.slot, SlotStep::Writing, address);
    KPS_TRY(context.jig.writeKeyStore(record.span()));
    context.observer.slotStep(context.slot, SlotStep::Verifying, address);
    secure::SecretBytes readBack(record.size());
    KPS_TRY(context.jig.readKeyStore(readBack.span()));
    if (!secure::secretEquals(readBack.span(), record.span()))
        return tl::unexpected(
            JigFailure{Fault::VerifyMismatch,
                       QStringLiteral("the key store read back differs from what was written")});
    context.observer.slotStep(context.slot, SlotStep::Locking, address);
    lockTried = true;
    return context.jig.lockAndReset();
}

JigOutcome<void> reconnect(JobContext& context, const QString& uniqueId) {
    KPS_TRY_LET(again, context.jig.attach());
    if (again.uniqueId != uniqueId)
        return tl::unexpected(JigFailure{
            Fault::EndpointChanged,
            QStringLiteral("another endpoint is in the socket now (%1, expected %2): scrap the "
                           "first one")
                .arg(again.uniqueId, uniqueId)});
    return {};
}

/// A resumed endpoint: locked (the station locks only after a good compare), holding
/// the record (lock it), or neither (write it again). Its firmware is programmed and
/// verified on the endpoint again before the lock: the interruption may have come while
/// a retry was rewriting it (the key-store page lies outside every image).
std::optional<JigOutcome<void>> finishIfWritten(JobContext& context, const QString& address,
                                                const secure::SecretBytes& record) {
    context.observer.slotStep(context.slot, SlotStep::Recovering, address);
    secure::SecretBytes readBack(record.size());
    auto read = context.jig.readKeyStore(readBack.span());
    if (!read && read.error().fault == Fault::TargetLocked)
        return JigOutcome<void>{};
    if (!read || !secure::secretEquals(readBack.span(), record.span()))
        return std::nullopt;
    if (context.firmware) {
        context.observer.slotStep(context.slot, SlotStep::Programming, address);
        if (!context.jig.programFirmware(*context.firmware))
            return std::nullopt; // the whole pass again: firmware, keys, lock
    }
    context.observer.slotStep(context.slot, SlotStep::Locking, address);
    if (auto locked = context.jig.lockAndReset(); locked)
        return locked;
    return std::nullopt;
}

} // namespace

JigOutcome<AttachedEndpoint> attachEndpoint(JobContext& context, int& retries) {
    for (int attempt = 1;; ++attempt) {
        auto attached = context.jig.attach();
        if (attached || attempt >= context.retry.attemptsFor(attached.error().fault))
            return attached;
        ++retries;
    }
}

Injection injectRecord(JobContext& context, const QString& address, const QString& uniqueId,
                       const secure::SecretBytes& record, bool resumed) {
    if (resumed)
        if (auto finished = finishIfWritten(context, address, record))
            return {std::move(*finished), 0};
    bool lockTried = false;
    for (int attempt = 1;; ++attempt) {
        auto done = writeVerifyLock(context, address, record, lockTried);
        if (done)
            return {std::move(done), attempt};
        const Fault fault = done.error().fault;
        if (fault == Fault::TargetLocked &&
            lockTried) // an earlier try locked it after a good compare
            return {JigOutcome<void>{}, attempt};
        if (attempt >= context.retry.attemptsFor(fault))
            return {std::move(done), attempt};
        if (RetryPolicy::reconnects(fault))
            if (auto again = reconnect(context, uniqueId); !again)
                return {std::move(again), attempt};
    }
}

} // namespace kps::provisioning
