#include "kps/jigs/probe_jig.hpp"

#include "kps/jigs/adiv5.hpp"

#include <cstdio>

namespace kps::jigs {

namespace {
constexpr int kCleanupAttempts = 5;

std::string hex32(std::uint32_t value) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return text;
}
} // namespace

ProbeJig::ProbeJig(std::unique_ptr<DapTransport> transport, const TargetProfile& profile)
    : transport_(std::move(transport))
    , profile_(profile)
    , probe_(*transport_) {}

ProbeJig::~ProbeJig() {
    detach();
}

std::string ProbeJig::serial() const {
    return transport_->serial();
}

Status ProbeJig::noted(Status outcome) {
    if (!outcome && (outcome.error().fault == JigFault::ProbeMissing ||
                     outcome.error().fault == JigFault::UsbTimeout))
        reconnect_ = true;
    return outcome;
}

Status ProbeJig::ensureSession() {
    if (probe_.isOpen())
        return {};
    if (reconnect_) {
        if (auto found = probe_.reconnect(); !found)
            return found;
        reconnect_ = false;
    }
    dap::TransferConfig config;
    // Flash operations take a while on real parts; a flash algorithm's call is waited
    // for by one value-match poll (65535 reads: about 0.8 s at 4 MHz).
    config.matchRetry = cortexTarget() ? 65535 : 10000;
    return noted(probe_.open(profile_.clockHz, config));
}

Status ProbeJig::connectAndLinkUp(LinkFacts& facts, std::span<std::uint32_t> uniqueId, bool halt) {
    if (auto ready = ensureSession(); !ready)
        return ready;
    if (auto connected = noted(probe_.connectSwd()); !connected)
        return connected;
    if (auto switched = noted(probe_.switchToSwd()); !switched)
        return switched;
    TransferQueue queue(probe_);
    adiv5::MemAp ap(queue, profile_.memAp);
    adiv5::queueLinkUp(queue, profile_.memAp, &facts.dpidr);
    if (halt && cortexTarget()) {
        queueStopCore(ap, &facts.idcode);
    } else if (halt) {
        ap.write(profile_.dhcsr, adiv5::kDhcsrHaltRequest, "halt the core (DHCSR)");
        ap.poll(profile_.dhcsr, adiv5::kDhcsrHalted, adiv5::kDhcsrHalted,
                "wait for the core to halt", JigFault::SwdWait);
    }
    ap.read(profile_.flash.address(profile_.flash.optr), &facts.options, "read the lock level");
    if (!uniqueId.empty())
        ap.readWords(profile_.uniqueIdAddress, uniqueId, "read the unique ID");
    return noted(queue.flush());
}

Result<EndpointIdentity> ProbeJig::attach() {
    attached_ = locked_ = algorithmLoaded_ = false; // dirty_ stays: the clean-up needs it
    LinkFacts facts;
    std::array<std::uint32_t, 3> words{};
    KPS_TRY(connectAndLinkUp(facts, words, true));
    options_ = facts.options;
    if (facts.dpidr != profile_.dpidr)
        return fail(JigFault::WrongTarget, "attach", "probe " + serial(),
                    "unexpected DPIDR " + hex32(facts.dpidr) + " (expected " +
                        hex32(profile_.dpidr) + "): is the right endpoint type in the socket?",
                    long(facts.dpidr));
    KPS_TRY(checkIdentification(facts.idcode));
    EndpointIdentity identity;
    identity.dpidr = facts.dpidr;
    // A locked endpoint is attached too (its unique ID identifies it: a station that
    // restarts after a crash recognises one it locked itself); every key-store
    // operation on it then fails with TargetLocked.
    identity.locked = locked_ = (options_ & profile_.lock.rdpMask) != profile_.lock.unlockedLevel;
    for (std::size_t i = 0; i < 12; ++i)
        identity.uniqueId[i] = static_cast<std::uint8_t>(words[i / 4] >> (8 * (i % 4)));
    if (dirty_ && identity.uniqueId != dirtyUnit_)
        dirty_ = false; // the endpoint written to left; the clean-up cannot reach it now
    unit_ = identity.uniqueId;
    attached_ = true;
    return identity;
}

Status ProbeJig::requireAttached(const char* what) const {
    if (!attached_)
        return fail(JigFault::NoTarget, what, "probe " + serial(), "attach an endpoint first");
    if (locked_)
        return fail(JigFault::TargetLocked, what, "probe " + serial(),
                    "the endpoint is locked already");
    return {};
}

void ProbeJig::markDirty(std::size_t words) {
    dirty_ = true;
    dirtyUnit_ = unit_;
    writtenWords_ = std::max(writtenWords_, words);
}

void ProbeJig::detach() noexcept {
    lastCleanup_ = {};
    if (dirty_ && !locked_) // also after a failed attach: it connects again itself
        lastCleanup_ = cleanUp();
    if (probe_.isOpen())
        (void)noted(probe_.disconnect());
    attached_ = dirty_ = locked_ = false;
    writtenWords_ = 0;
}

Status ProbeJig::cleanUp() {
    Status outcome;
    for (int attempt = 0; attempt < kCleanupAttempts; ++attempt) {
        outcome = eraseKeyStoreIfUnlocked();
        if (outcome)
            return outcome;
    }
    outcome.error().hint += "; the key store could not be erased: erase the endpoint by hand";
    return outcome;
}

} // namespace kps::jigs
