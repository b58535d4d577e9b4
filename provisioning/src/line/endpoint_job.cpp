#include "endpoint_job.hpp"

#include "kps/hsm/secret_bytes.hpp"
#include "kps/jigs/keystore_record.hpp"

#include <QElapsedTimer>
#include <QJsonObject>
#include <algorithm>

namespace kps::provisioning {
namespace {

struct MadeSecrets {
    std::vector<MadeSecret> keys;
    MadeSecret password;
};

class DetachGuard {
public:
    explicit DetachGuard(EndpointJig& jig)
        : jig_(jig) {}
    ~DetachGuard() { jig_.detach(); }
    DetachGuard(const DetachGuard&) = delete;
    DetachGuard& operator=(const DetachGuard&) = delete;

private:
    EndpointJig& jig_;
};

/// The customer's listed secrets of this address (customer-list orders only).
Outcome<std::vector<SecretRow>> listedRows(JobContext& context, const QString& address) {
    const auto listed = [](const SecretRecipe& r) {
        return r.origin == SecretOrigin::Listed;
    };
    if (std::none_of(context.plan.keys.begin(), context.plan.keys.end(), listed) &&
        !listed(context.plan.password))
        return std::vector<SecretRow>{};
    const QString orderId = context.order.order.id;
    return context.writer.call<std::vector<SecretRow>>(
        [&](Store& store) { return store.listedSecrets(orderId, address); });
}

Outcome<MadeSecret> makeOne(JobContext& context, const SecretRecipe& recipe,
                            const std::vector<SecretRow>& listed, const QString& address,
                            const Address8& bytes) {
    const bool password = recipe.role == QLatin1String("password");
    if (recipe.origin != SecretOrigin::Listed)
        return password ? context.vault.makePassword(recipe, context.plan.passwordRule, bytes)
                        : context.vault.makeKey(recipe, bytes);
    for (const SecretRow& row : listed)
        if (row.id == recipe.id && row.version == recipe.version)
            return context.vault.remake(recipe, row, bytes);
    return failure(ErrorKind::Refused, QStringLiteral("make endpoint secret"), address,
                   QStringLiteral("the customer's key list has no %1 %2 for this address")
                       .arg(recipe.role)
                       .arg(recipe.id),
                   QStringLiteral("Import the key list that covers the order's addresses"));
}

Outcome<MadeSecrets> makeSecrets(JobContext& context, const QString& address,
                                 const Address8& bytes) {
    auto listed = listedRows(context, address);
    if (!listed)
        return tl::unexpected(listed.error());
    MadeSecrets made;
    for (const SecretRecipe& recipe : context.plan.keys) {
        auto key = makeOne(context, recipe, *listed, address, bytes);
        if (!key)
            return tl::unexpected(key.error());
        made.keys.push_back(std::move(*key));
    }
    auto password = makeOne(context, context.plan.password, *listed, address, bytes);
    if (!password)
        return tl::unexpected(password.error());
    made.password = std::move(*password);
    return made;
}

jigs::KeyRole jigRole(const QString& role) {
    if (role == QLatin1String("dm"))
        return jigs::KeyRole::Dm;
    if (role == QLatin1String("local"))
        return jigs::KeyRole::Local;
    if (role == QLatin1String("fleet"))
        return jigs::KeyRole::Fleet;
    return jigs::KeyRole::Data;
}

Outcome<hsm::SecretBytes> buildRecord(const MadeSecrets& made, const Address8& address) {
    jigs::KeyStoreContent content;
    content.address = address;
    for (const MadeSecret& key : made.keys)
        content.keys.push_back(
            {key.row.id, jigRole(key.row.role), key.row.version, key.plain.span()});
    content.password = made.password.plain.span();
    hsm::SecretBytes record(jigs::keyStoreSize(content));
    if (auto encoded = jigs::encodeKeyStore(content, record.span()); !encoded)
        return failure(ErrorKind::Internal, QStringLiteral("build key-store record"), {},
                       QString::fromStdString(encoded.error().message()));
    return record;
}

JigOutcome<void> inject(JobContext& context, const QString& address,
                        const hsm::SecretBytes& record) {
    context.observer.slotStep(context.slot, SlotStep::Writing, address);
    if (auto written = context.jig.writeKeyStore(record.span()); !written)
        return written;
    context.observer.slotStep(context.slot, SlotStep::Verifying, address);
    hsm::SecretBytes readBack(record.size());
    if (auto read = context.jig.readKeyStore(readBack.span()); !read)
        return read;
    if (!hsm::secretEquals(readBack.span(), record.span()))
        return tl::unexpected(
            JigFailure{QStringLiteral("verify-mismatch"),
                       QStringLiteral("the key store read back differs from what was written")});
    context.observer.slotStep(context.slot, SlotStep::Locking, address);
    return context.jig.lockAndReset();
}

QJsonObject kcvsOf(const std::vector<SecretRow>& rows) {
    QJsonObject kcvs;
    for (const SecretRow& row : rows)
        if (!row.kcv.isEmpty())
            kcvs.insert(QString::number(row.id), row.kcv);
    return kcvs;
}

Done recordResult(JobContext& context, const EndpointResult& result, const QJsonObject& kcvs) {
    const QString orderId = context.order.order.id;
    const QString actor = context.actor;
    const QString serial = context.jig.serial();
    return context.writer.submit([&](Store& store) -> Done {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto state = result.verified ? EndpointState::Verified : EndpointState::Failed;
        if (auto done =
                store.finishEndpoint(result.address, state, result.fault, result.cycleMs, now);
            !done)
            return done;
        QJsonObject detail{{QStringLiteral("order"), orderId},
                           {QStringLiteral("slot"), result.slot},
                           {QStringLiteral("jig"), serial},
                           {QStringLiteral("cycleMs"), result.cycleMs}};
        if (!kcvs.isEmpty())
            detail.insert(QStringLiteral("kcv"), kcvs);
        if (!result.verified)
            detail.insert(QStringLiteral("reason"), result.fault);
        auto audited = store.appendAudit(actor,
                                         result.verified ? QStringLiteral("endpoint.verified")
                                                         : QStringLiteral("endpoint.failed"),
                                         result.address, detail, now);
        return audited ? Done{} : Done(tl::unexpected(audited.error()));
    });
}

JobResult endWith(JobContext& context, EndpointResult result, const QJsonObject& kcvs, JobEnd end,
                  std::optional<Error> error = std::nullopt) {
    if (auto recorded = recordResult(context, result, kcvs); !recorded)
        return {JobEnd::Fatal, recorded.error()};
    context.observer.slotStep(context.slot, result.verified ? SlotStep::Passed : SlotStep::Failed,
                              result.address);
    context.observer.endpointFinished(result);
    return {end, std::move(error)};
}

} // namespace

JobResult provisionOneEndpoint(JobContext& context) {
    QElapsedTimer clock;
    clock.start();
    DetachGuard detach(context.jig);
    context.observer.slotStep(context.slot, SlotStep::Attaching, {});
    auto uniqueId = context.jig.attach();
    if (!uniqueId) {
        context.observer.slotStep(context.slot, SlotStep::Failed, {});
        context.observer.endpointFinished(
            {context.slot, {}, false, uniqueId.error().fault, uniqueId.error().message, 0});
        return {JobEnd::Failed, std::nullopt};
    }
    context.observer.slotStep(context.slot, SlotStep::Reserving, {});
    auto reservation = context.writer.call<Reservation>([&](Store& store) {
        return store.reserve(context.order.order, context.slot, QDateTime::currentDateTimeUtc());
    });
    if (!reservation)
        return {reservation.error().kind == ErrorKind::Refused ? JobEnd::QuotaReached
                                                               : JobEnd::Fatal,
                reservation.error()};
    const QString address = reservation->address;
    EndpointResult result{context.slot, address, false, {}, {}, 0};
    context.observer.slotStep(context.slot, SlotStep::MakingKeys, address);
    const Address8 addressBytes = EndpointAddress::parse(address)->bytes();
    auto made = makeSecrets(context, address, addressBytes);
    if (!made) {
        result.fault = QStringLiteral("hsm");
        result.message = made.error().message();
        return endWith(context, result, {}, JobEnd::Fatal, made.error());
    }
    std::vector<SecretRow> rows;
    for (const MadeSecret& key : made->keys)
        rows.push_back(key.row);
    rows.push_back(made->password.row);
    context.observer.slotStep(context.slot, SlotStep::Recording, address);
    if (auto recorded = context.writer.submit(
            [&](Store& store) { return store.recordSecrets(address, rows, *uniqueId); });
        !recorded)
        return {JobEnd::Fatal, recorded.error()};
    auto record = buildRecord(*made, addressBytes);
    if (!record)
        return endWith(
            context,
            {context.slot, address, false, QStringLiteral("internal"), record.error().message(), 0},
            {}, JobEnd::Fatal, record.error());
    made->keys.clear(); // wipe every plain value but the record's
    made->password = {};
    auto injected = inject(context, address, *record);
    result.cycleMs = clock.elapsed();
    result.verified = bool(injected);
    if (!injected) {
        result.fault = injected.error().fault;
        result.message = injected.error().message;
    }
    return endWith(context, result, kcvsOf(rows), injected ? JobEnd::Verified : JobEnd::Failed);
}

} // namespace kps::provisioning
