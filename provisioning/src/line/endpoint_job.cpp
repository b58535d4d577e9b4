#include "endpoint_job.hpp"

#include "endpoint_secrets.hpp"
#include "injection.hpp"
#include "kps/provisioning/firmware.hpp"

#include <QElapsedTimer>
#include <QJsonObject>

namespace kps::provisioning {
namespace {

/// Detaches the jig on every path; when the line stops for a failure that is not the
/// endpoint's (the store), the endpoint stays in its socket so a later run resumes it.
class DetachGuard {
public:
    explicit DetachGuard(EndpointJig& jig)
        : jig_(jig) {}
    ~DetachGuard() {
        if (keep_)
            jig_.disconnect();
        else
            jig_.detach();
    }
    DetachGuard(const DetachGuard&) = delete;
    DetachGuard& operator=(const DetachGuard&) = delete;
    JobResult kept(JobResult job) {
        keep_ = job.end == JobEnd::Fatal;
        return job;
    }

private:
    EndpointJig& jig_;
    bool keep_ = false;
};

QJsonObject kcvsOf(const std::vector<SecretRow>& rows) {
    QJsonObject kcvs;
    for (const SecretRow& row : rows)
        if (!row.kcv.isEmpty())
            kcvs.insert(QString::number(row.id), row.kcv);
    return kcvs;
}

QJsonObject resultDetail(JobContext& context, const EndpointResult& result, const QString& unit) {
    QJsonObject detail{{QStringLiteral("order"), context.order.order.id},
                       {QStringLiteral("slot"), result.slot},
                       {QStringLiteral("jig"), context.jig.serial()},
                       {QStringLiteral("uniqueId"), unit},
                       {QStringLiteral("cycleMs"), result.cycleMs},
                       {QStringLiteral("attempts"), result.attempts}};
    if (result.recovered)
        detail.insert(QStringLiteral("recovered"), true);
    if (result.fault)
        detail.insert(QStringLiteral("reason"), faultName(*result.fault));
    return detail;
}

Done recordResult(JobContext& context, const EndpointResult& result, const QString& unit,
                  const std::vector<SecretRow>& rows) {
    QJsonObject detail = resultDetail(context, result, unit);
    if (const QJsonObject kcvs = kcvsOf(rows); !kcvs.isEmpty())
        detail.insert(QStringLiteral("kcv"), kcvs);
    const bool flashed = result.verified && context.firmware;
    if (flashed)
        detail.insert(QStringLiteral("firmware"), context.firmware->sha256);
    return context.writer.submit([&](Store& store) -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto state = result.verified ? EndpointState::Verified : EndpointState::Failed;
        if (flashed)
            KPS_TRY(store.endpoints().recordFirmware(context.order.order.id, result.address,
                                                     context.firmware->sha256));
        KPS_TRY(store.endpoints().finish(context.order.order.id, result.address, state,
                                         result.fault ? faultName(*result.fault) : QString(),
                                         result.attempts, result.cycleMs, now));
        KPS_TRY(store.audit().append(context.actor,
                                     result.verified ? QStringLiteral("endpoint.verified")
                                                     : QStringLiteral("endpoint.failed"),
                                     result.address, detail, now));
        return {};
    });
}

JobResult endWith(JobContext& context, JobResult job, const EndpointResult& result,
                  const QString& unit, const std::vector<SecretRow>& rows) {
    if (auto recorded = recordResult(context, result, unit, rows); !recorded)
        return {JobEnd::Fatal, recorded.error()};
    context.observer.slotStep(context.slot, result.verified ? SlotStep::Passed : SlotStep::Failed,
                              result.address);
    context.observer.endpointFinished(result);
    return job;
}

JobResult noEndpoint(JobContext& context, Fault fault, const QString& message) {
    context.observer.slotStep(context.slot, SlotStep::Failed, {});
    context.observer.endpointFinished({context.slot, {}, false, fault, message, 0, 0, false});
    JobResult job{JobEnd::NoEndpoint, std::nullopt};
    job.emptySocket = fault == Fault::NoTarget; // no failure: nothing to provision
    return job;
}

/// After a crash, rows this slot left unfinished whose endpoint is not the one in the
/// socket now cannot be finished: they fail as 'interrupted' (the endpoint is scrap).
Outcome<int> cleanUpSlot(JobContext& context, const QString& present) {
    KPS_TRY_LET(failed, context.writer.call<QStringList>([&](Store& store) {
        return store.endpoints().failInterrupted(context.order.order.id, context.slot, present,
                                                 context.actor, QDateTime::currentDateTimeUtc());
    }));
    for (const QString& address : failed)
        context.observer.endpointFinished(
            {context.slot, address, false, Fault::Interrupted,
             QStringLiteral("the endpoint left the socket while in progress: scrap it"), 0, 0,
             true});
    return int(failed.size());
}

struct Secrets {
    MadeSecrets made;
    bool recorded = false; // the row is 'injecting' already (resumed)
};

/// The secrets for the claimed row: made and recorded ('injecting') for a new or
/// 'reserved' row; made again for a row a crash left 'injecting'.
Outcome<Secrets> secretsFor(JobContext& context, const EndpointRow& row, const Address8& bytes) {
    if (row.state == EndpointState::Injecting) {
        KPS_TRY_LET(again, remakeSecrets(context, row, bytes));
        return Secrets{std::move(again), true};
    }
    context.observer.slotStep(context.slot, SlotStep::MakingKeys, row.address);
    KPS_TRY_LET(made, makeSecrets(context, row.address, bytes));
    context.observer.slotStep(context.slot, SlotStep::Recording, row.address);
    const auto rows = made.rows();
    KPS_TRY(context.writer.submit([&](Store& store) {
        return store.endpoints().recordSecrets(context.order.order.id, row.address, rows);
    }));
    return Secrets{std::move(made), false};
}

JobResult provisionClaimed(JobContext& context, const Claim& claim,
                           const AttachedEndpoint& attached, JobResult job, QElapsedTimer& clock) {
    const QString& unit = attached.uniqueId;
    const EndpointRow& row = claim.row;
    job.recovered = claim.kind == ClaimKind::Resumed;
    EndpointResult result{context.slot, row.address, false, {}, {}, 0, 0, job.recovered};
    const Address8 bytes = EndpointAddress::parse(row.address)->bytes();
    // The station locks an endpoint only after a good read-back compare of its record:
    // one a crash left 'injecting' that is locked now needs no keys to be finished.
    if (row.state == EndpointState::Injecting && attached.locked) {
        result.verified = true;
        result.cycleMs = clock.elapsed();
        job.end = JobEnd::Verified;
        return endWith(context, std::move(job), result, unit, row.secrets);
    }
    auto secrets = secretsFor(context, row, bytes);
    if (!secrets && secrets.error().kind == ErrorKind::Store) // the endpoint is not at fault:
        return {JobEnd::Fatal, secrets.error()};              // its row stays as it was, resumable
    if (!secrets) {
        const bool scrap = secrets.error().kind == ErrorKind::Refused; // cannot make them again
        result.fault = scrap ? Fault::KeysNotRemade : Fault::Hsm;
        result.message = secrets.error().message();
        job.end = scrap ? JobEnd::Failed : JobEnd::Fatal;
        if (!scrap)
            job.error = secrets.error();
        return endWith(context, std::move(job), result, unit, row.secrets);
    }
    const auto rows = secrets->made.rows();
    auto record = buildRecord(secrets->made, bytes);
    if (!record)
        return {JobEnd::Fatal, record.error()};
    secrets->made = {}; // wipe every plain value but the record's
    Injection injected = injectRecord(context, row.address, unit, *record, secrets->recorded);
    result.cycleMs = clock.elapsed();
    result.attempts = injected.attempts;
    result.verified = bool(injected.outcome);
    job.retries += std::max(0, injected.attempts - 1);
    job.end = result.verified ? JobEnd::Verified : JobEnd::Failed;
    if (!injected.outcome) {
        result.fault = injected.outcome.error().fault;
        result.message = injected.outcome.error().message;
    }
    return endWith(context, std::move(job), result, unit, rows);
}

JobResult attachAndProvision(JobContext& context) {
    QElapsedTimer clock;
    clock.start();
    JobResult job;
    context.observer.slotStep(context.slot, SlotStep::Attaching, {});
    auto attached = attachEndpoint(context, job.retries);
    const bool emptySocket = !attached && attached.error().fault == Fault::NoTarget;
    if (context.firstInSlot && (attached || emptySocket)) {
        auto cleaned = cleanUpSlot(context, attached ? attached->uniqueId : QString());
        if (!cleaned)
            return {JobEnd::Fatal, cleaned.error()};
        job.interrupted = *cleaned;
    }
    if (!attached)
        return noEndpoint(context, attached.error().fault, attached.error().message);
    const QString unit = attached->uniqueId;
    context.observer.slotStep(context.slot, SlotStep::Reserving, {});
    // The claim commits with the secrets (or the result) that follow it: nothing goes
    // to the endpoint before those are committed, so a crash in between loses nothing.
    auto claim = context.writer.call<Claim>(
        [&](Store& store) {
            return store.endpoints().claim(context.order.order, context.slot, unit,
                                           attached->locked, QDateTime::currentDateTimeUtc());
        },
        Durability::WithNext);
    if (!claim)
        return {JobEnd::Fatal, claim.error()};
    switch (claim->kind) {
    case ClaimKind::AlreadyVerified:
    case ClaimKind::Scrapped:
        job.end = JobEnd::Released;
        return job;
    case ClaimKind::Unknown:
        return noEndpoint(context, attached->locked ? Fault::TargetLocked : Fault::UnknownEndpoint,
                          claim->reason);
    case ClaimKind::QuotaReached:
        job.end = JobEnd::QuotaReached;
        return job;
    case ClaimKind::Fresh:
    case ClaimKind::Resumed:
        break;
    }
    return provisionClaimed(context, *claim, *attached, std::move(job), clock);
}

} // namespace

JobResult provisionOneEndpoint(JobContext& context) {
    DetachGuard detach(context.jig);
    return detach.kept(attachAndProvision(context));
}

} // namespace kps::provisioning
