#pragma once
// Jigs on the simulated line (training, demos, tests): every slot programs fresh
// simulated reference endpoints; provisioned ones are archived under `archive`.
// With `socketDirectory` the endpoint in each socket survives a crash of the station
// (kps run uses DIR/sim/sockets); `returned` feeds endpoints back for re-keying.
#include "kps/provisioning/ports/endpoint_jig.hpp"
#include "kps/provisioning/records.hpp"

#include <QStringList>
#include <memory>

namespace kps::provisioning {

class Store;

struct SimulatedRackOptions {
    int slotCount = 4;
    QString archiveDirectory;
    quint64 seed = 1;
    double faultRate = 0.0;
    QString socketDirectory;   // empty: the sockets do not survive the process
    QStringList returned;      // unique IDs (hex) of endpoints brought back, in order
    bool onlyReturned = false; // no fresh endpoints (a re-keying order)
    QString crashAt; // tests only: "after-write:3" ends the process there (crash_point.hpp)
    /// Wall time each key-store write takes, as a real flash page erase + program does
    /// (benches: the factory case, where the jigs, not the station, bound the line).
    int flashMs = 0;
    /// The endpoints' target, as the order's profile names it: "reference-endpoint-v1"
    /// (the reference model, also when empty) or "stm32wle5" (emulated MCUs).
    QString target;
    /// Emulated MCUs: the flash's datasheet times charged as busy time, scaled (0: none).
    double flashTimeScale = 0.0;
    int firstSocket = 1; // slot N of the run uses socket firstSocket + N - 1
};

/// The targets the simulated line has endpoints of.
QStringList simulatedTargets();
/// A target the simulated line cannot make endpoints of gives reference endpoints:
/// makeSimulatedRackFor checks it.
std::unique_ptr<JigRack> makeSimulatedRack(const SimulatedRackOptions& options);
/// The simulated line with endpoints of `target` (a profile's); refused when the line
/// has none of that target.
Outcome<std::unique_ptr<JigRack>> makeSimulatedRackFor(const QString& target,
                                                       SimulatedRackOptions options);

/// For a re-keying order on the simulated line: the archived endpoints (by unique ID)
/// whose address the order lists and which have no finished row in it yet.
Outcome<QStringList> endpointsToReturn(Store& store, const OrderRecord& order,
                                       const QString& archiveDirectory);

} // namespace kps::provisioning
