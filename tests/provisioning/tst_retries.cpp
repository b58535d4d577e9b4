// Jig faults and the retry policy: with 5 % of jig operations failing, a 1,000-endpoint
// batch completes with exactly its quantity verified, no endpoint tried more often than
// the policy allows, every retry writing the same record (same address, same keys), and
// the listing holding exactly what the endpoints hold. A scripted fault sequence checks
// the policy fault by fault.
#include "faulty_jig.hpp"
#include "kps/app/operations/close.hpp"
#include "kps/provisioning/simulated_rack.hpp"
#include "kps/provisioning/testing/station_internals.hpp"
#include "order_ids.hpp"
#include "station_fixture.hpp"

#include <map>

using namespace kps;
using provisioning::JigFailure;

namespace {

provisioning::RunOptions runOptions(int slots) {
    provisioning::RunOptions options;
    options.slotCount = slots;
    return options;
}

/// Injects each listed fault at the n-th call (from 1) of its operation.
test::FaultPlan
scriptedFaults(std::map<std::pair<test::JigOperation, int>, provisioning::Fault> script) {
    auto calls = std::make_shared<std::map<test::JigOperation, int>>();
    auto faults = std::make_shared<decltype(script)>(std::move(script));
    return [calls, faults](int, test::JigOperation operation) -> std::optional<JigFailure> {
        const auto found = faults->find({operation, ++(*calls)[operation]});
        if (found == faults->end())
            return std::nullopt;
        return JigFailure{found->second,
                          provisioning::faultName(found->second) + QStringLiteral(" (scripted)")};
    };
}

} // namespace

class TstRetries : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fivePercentFaultsCompleteWithinBounds() {
        test::StationFixture fixture;
        test::OrderSpec spec;
        spec.quantity = 1000;
        startOrder(fixture, spec);
        const QString archive = fixture.path(QStringLiteral("line"));
        test::FaultyRack rack(provisioning::makeSimulatedRack({4, archive, 11, 0.0}),
                              test::randomFaults(0.05, 20261121));
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto run =
            fixture.station->line().run(fixture.login(QStringLiteral("operator")),
                                        test::orderId(spec.id), runOptions(4), rack, quiet, cancel);
        QVERIFY(run);
        QVERIFY2(!run->stoppedBy, run->stoppedBy ? qPrintable(run->stoppedBy->message()) : "");
        QVERIFY(run->orderComplete);
        const int injected = rack.log.total();
        qInfo("5%% faults: %d faults injected, %d retries, %d endpoints verified, %d failed",
              injected, run->retries, run->verified, run->failed);
        QVERIFY(injected > 0 && run->retries > 0);

        const auto facts = test::readStoreFacts(fixture.station->paths().database(), spec.id);
        QCOMPARE(facts.verified, spec.quantity);
        QCOMPARE(facts.unfinished, 0);
        QCOMPARE(facts.failedWithoutReason, 0);
        QVERIFY(facts.maxAttempts <= provisioning::RetryPolicy().bound());
        for (const auto& [reason, count] : facts.reasons.toStdMap())
            QVERIFY2(rack.log.injected.count(reason), qPrintable(reason));
        for (const auto& [unit, records] : rack.log.recordsByUnit)
            QCOMPARE(records.size(), 1); // every retry wrote the same record
        checkListing(fixture, spec, archive, facts);
    }

    void eachFaultFollowsThePolicy() {
        test::StationFixture fixture;
        test::OrderSpec spec;
        spec.quantity = 5;
        startOrder(fixture, spec);
        using Op = test::JigOperation;
        using provisioning::Fault;
        const Fault flash = Fault::FlashProgram;
        // Calls per operation: #0 writes 1-3, #1 writes 4-6, #2 write 7, #3 write 8, read 2
        // (reconnect: attach 5), writes 9; #4 write 10, read 4, write 11; attach 7: empty.
        test::FaultyRack rack(provisioning::makeSimulatedRack({1, {}, 3, 0.0}),
                              scriptedFaults({{{Op::Write, 1}, flash},
                                              {{Op::Write, 2}, flash},
                                              {{Op::Write, 4}, flash},
                                              {{Op::Write, 5}, flash},
                                              {{Op::Write, 6}, flash},
                                              {{Op::Write, 7}, Fault::TargetLocked},
                                              {{Op::Read, 2}, Fault::SwdWait},
                                              {{Op::Read, 4}, Fault::VerifyMismatch},
                                              {{Op::Attach, 7}, Fault::NoTarget}}));
        provisioning::RunObserver quiet;
        std::atomic<bool> cancel{false};
        auto run =
            fixture.station->line().run(fixture.login(QStringLiteral("operator")),
                                        test::orderId(spec.id), runOptions(1), rack, quiet, cancel);
        QVERIFY(run && !run->stoppedBy);
        QCOMPARE(run->verified, 5);
        QCOMPARE(run->failed, 2);
        const std::vector<std::pair<const char*, int>> expected = {
            {"verified", 3}, {"flash-program", 3}, {"target-locked", 1}, {"verified", 2},
            {"verified", 2}, {"verified", 1},      {"verified", 1}};
        int index = 0;
        QVERIFY(kps::provisioning::StationInternals::store(*fixture.station)
                    .endpoints()
                    .forEach(spec.id, std::nullopt,
                             [&](const provisioning::EndpointRow& row) -> provisioning::Done {
                                 const auto& [what, attempts] = expected.at(std::size_t(index++));
                                 const QString outcome =
                                     row.state == provisioning::EndpointState::Verified
                                         ? QStringLiteral("verified")
                                         : row.reason;
                                 if (outcome != QLatin1String(what) || row.attempts != attempts)
                                     qWarning("row %d: %s after %d attempts", index - 1,
                                              qPrintable(outcome), row.attempts);
                                 return outcome == QLatin1String(what) && row.attempts == attempts
                                            ? provisioning::Done{}
                                            : provisioning::failure(
                                                  provisioning::ErrorKind::Internal, {}, {}, {});
                             }));
        QCOMPARE(index, 7); // the no-target attach reserved nothing
        for (const auto& [unit, records] : rack.log.recordsByUnit)
            QCOMPARE(records.size(), 1);
    }

private:
    void startOrder(test::StationFixture& fixture, const test::OrderSpec& spec) {
        const auto supervisor = fixture.login(QStringLiteral("supervisor"));
        QVERIFY(fixture.station->orders().add(supervisor, fixture.writeOrder(spec)));
        QVERIFY(fixture.station->orders().changeState(supervisor, test::orderId(spec.id),
                                                      provisioning::OrderState::Running));
    }

    void checkListing(test::StationFixture& fixture, const test::OrderSpec& spec,
                      const QString& archive, const test::StoreFacts& facts) {
        auto closed = app::closeOrder(*fixture.station, fixture.login(QStringLiteral("supervisor")),
                                      test::orderId(spec.id));
        QVERIFY2(closed, closed ? "" : qPrintable(closed.error().message));
        const auto held = test::readArchive(archive);
        QCOMPARE(held.duplicateAddresses, 0);
        QCOMPARE(held.addresses, facts.verifiedAddresses);
        const auto listing = test::checkListing(
            {closed->files.listing, fixture.path(QStringLiteral("customer/customer.key")),
             closed->files.signerCertificate,
             fixture.path(QStringLiteral("customer/customer.crt"))},
            archive);
        QVERIFY2(listing.opened, qPrintable(listing.error));
        QCOMPARE(listing.matched, spec.quantity);
        QCOMPARE(listing.differ, 0);
    }
};

QTEST_MAIN(TstRetries) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_retries.moc"
