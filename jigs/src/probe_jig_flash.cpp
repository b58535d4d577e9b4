// The key-store flash sequences of ProbeJig: erase + program + read back in one
// batch, read, lock (readout protection) + reset, and the clean-up erase.
#include "kps/jigs/adiv5.hpp"
#include "kps/jigs/probe_jig.hpp"
#include "kps/jigs/wipe.hpp"
#include "kps/secure/secret_words.hpp"

#include <algorithm>

namespace kps::jigs {

void ProbeJig::queueControllerUnlock(adiv5::MemAp& ap) const {
    const FlashControllerProfile& fc = profile_.flash;
    ap.write(fc.address(fc.keyr), fc.unlockKeys[0], "unlock the flash controller (key 1)");
    ap.write(fc.address(fc.keyr), fc.unlockKeys[1], "unlock the flash controller (key 2)");
    ap.write(fc.address(fc.sr), fc.srErrors | fc.srEndOfOperation, "clear the flash status");
}

namespace {

/// How long the option bytes or a page erase may take (STM32WL: 22 ms and a write).
constexpr std::chrono::milliseconds kOptionTimeLimit{1000};

/// Returns the wait's item in the queue.
std::size_t queuePageErase(adiv5::MemAp& ap, const TargetProfile& profile) {
    const FlashControllerProfile& fc = profile.flash;
    const std::uint32_t page = (profile.pageNumber(profile.keyStoreAddress) & fc.pageNumberMask)
                               << fc.pageNumberShift;
    ap.write(fc.address(fc.cr), fc.crPageErase | page, "select the key-store page");
    ap.write(fc.address(fc.cr), fc.crPageErase | page | fc.crStart, "erase the key-store page");
    return ap.poll(fc.address(fc.sr), fc.srBusy, 0, "wait for the page erase",
                   JigFault::FlashProgram);
}

tl::unexpected<JigError> flashError(const std::string& where, std::uint32_t status) {
    return fail(JigFault::FlashProgram, "write key store", where,
                "the flash controller reported an error: retry once, scrap the endpoint if it "
                "fails again",
                long(status));
}

} // namespace

Status ProbeJig::writeKeyStore(std::span<const std::uint8_t> record) {
    if (auto ready = requireAttached("write key store"); !ready)
        return ready;
    if (record.empty() || record.size() % 4 != 0 || record.size() > profile_.keyStoreSize)
        return fail(JigFault::Protocol, "write key store", "probe " + serial(),
                    "the record must be whole words and fit the key-store page");
    if (cortexTarget())
        return writeKeyStoreByAlgorithm(record);
    const FlashControllerProfile& fc = profile_.flash;
    secure::SecretWords words = secure::SecretWords::fromBytes(record);
    secure::SecretWords readBack(words.span().size());
    std::uint32_t status = 0;
    markDirty(words.span().size());
    {
        TransferQueue queue(probe_);
        adiv5::MemAp ap(queue);
        queueControllerUnlock(ap);
        queuePageErase(ap, profile_);
        ap.write(fc.address(fc.cr), fc.crProgram, "enter program mode");
        ap.writeWords(profile_.keyStoreAddress, words.span(), "program the key store");
        ap.poll(fc.address(fc.sr), fc.srBusy, 0, "wait for programming", JigFault::FlashProgram);
        ap.read(fc.address(fc.sr), &status, "read the flash status");
        ap.write(fc.address(fc.cr), fc.crLock, "lock the flash controller");
        ap.readWords(profile_.keyStoreAddress, readBack.span(), "read the key store back");
        if (auto sent = noted(queue.flush()); !sent)
            return sent;
    }
    if (status & fc.srErrors)
        return flashError("probe " + serial(), status);
    if (!words.equals(readBack))
        return fail(JigFault::VerifyMismatch, "write key store", "probe " + serial(),
                    "the key store read back differs from the record: retry once, scrap the "
                    "endpoint if it fails again");
    return {};
}

Status ProbeJig::readKeyStore(std::span<std::uint8_t> out) {
    if (auto ready = requireAttached("read key store"); !ready)
        return ready;
    if (out.size() > profile_.keyStoreSize)
        return fail(JigFault::Protocol, "read key store", "probe " + serial(),
                    "more bytes asked for than the key-store page holds");
    secure::SecretWords words((out.size() + 3) / 4);
    TransferQueue queue(probe_);
    adiv5::MemAp ap(queue);
    ap.readWords(profile_.keyStoreAddress, words.span(), "read the key store");
    if (auto sent = noted(queue.flush()); !sent)
        return sent;
    words.copyTo(out);
    return {};
}

Status ProbeJig::lockAndReset() {
    if (auto ready = requireAttached("lock endpoint"); !ready)
        return ready;
    const FlashControllerProfile& fc = profile_.flash;
    const LockProfile& lock = profile_.lock;
    std::uint32_t status = 0;
    std::uint32_t options = 0;
    const auto afterTheWait = [&](adiv5::MemAp& ap) {
        ap.read(fc.address(fc.sr), &status, "read the flash status");
        if (cortexTarget()) // the firmware runs after the reset the option load makes
            queueLetFirmwareRun(ap);
        ap.write(fc.address(fc.cr), fc.crOptionLoad, "load the option bytes (resets the endpoint)");
        ap.read(fc.address(fc.optr), &options, "read the lock level back");
    };
    TransferQueue queue(probe_);
    adiv5::MemAp ap(queue);
    queueControllerUnlock(ap);
    ap.write(fc.address(fc.optkeyr), fc.optionUnlockKeys[0], "unlock the option bytes (key 1)");
    ap.write(fc.address(fc.optkeyr), fc.optionUnlockKeys[1], "unlock the option bytes (key 2)");
    ap.write(fc.address(fc.optr), (options_ & ~lock.rdpMask) | lock.lockedLevel,
             "set readout protection");
    ap.write(fc.address(fc.cr), fc.crOptionStart, "store the option bytes");
    const std::size_t wait = ap.poll(fc.address(fc.sr), fc.srBusy, 0, "wait for the option bytes",
                                     JigFault::FlashProgram);
    afterTheWait(ap);
    if (auto sent = noted(queue.flush()); !sent) {
        if (queue.failedItem() != wait) // a slow option write is polled for longer
            return sent;
        KPS_TRY(noted(adiv5::awaitValue(probe_, profile_.memAp, fc.address(fc.sr), fc.srBusy, 0,
                                        kOptionTimeLimit, "wait for the option bytes",
                                        JigFault::FlashProgram)));
        TransferQueue rest(probe_);
        adiv5::MemAp restAp(rest, profile_.memAp, false);
        afterTheWait(restAp);
        KPS_TRY(noted(rest.flush()));
    }
    if ((status & fc.srErrors) || (options & lock.rdpMask) != lock.lockedLevel)
        return fail(JigFault::FlashProgram, "lock endpoint", "probe " + serial(),
                    "the readout protection did not take: the endpoint stays unlocked; scrap it",
                    long(options));
    locked_ = true;
    dirty_ = false;
    return {};
}

Status ProbeJig::eraseKeyStoreIfUnlocked() {
    LinkFacts facts;
    std::array<std::uint32_t, 3> unit{};
    // A Cortex-M target is stopped first: code of ours may still run on it.
    KPS_TRY(connectAndLinkUp(facts, unit, cortexTarget()));
    algorithmLoaded_ = false;
    for (std::size_t i = 0; i < 12; ++i)
        if (std::uint8_t(unit[i / 4] >> (8 * (i % 4))) != dirtyUnit_[i])
            return fail(JigFault::NoTarget, "erase key store", "probe " + serial(),
                        "another endpoint is in the socket now: the one written to left it "
                        "unlocked");
    if ((facts.options & profile_.lock.rdpMask) != profile_.lock.unlockedLevel)
        return {}; // the lock took (its answer was lost): it holds the verified record
    const FlashControllerProfile& fc = profile_.flash;
    secure::SecretWords readBack(std::max<std::size_t>(writtenWords_, 1));
    std::uint32_t status = 0;
    const auto afterTheWait = [&](adiv5::MemAp& ap) {
        ap.read(fc.address(fc.sr), &status, "read the flash status");
        ap.write(fc.address(fc.cr), fc.crLock, "lock the flash controller");
        ap.readWords(profile_.keyStoreAddress, readBack.span(), "check the key store is erased");
    };
    TransferQueue queue(probe_);
    adiv5::MemAp ap(queue, profile_.memAp, false);
    queueControllerUnlock(ap);
    const std::size_t wait = queuePageErase(ap, profile_);
    afterTheWait(ap);
    if (auto sent = noted(queue.flush()); !sent) {
        if (queue.failedItem() != wait) // a slow page erase is polled for longer
            return sent;
        KPS_TRY(noted(adiv5::awaitValue(probe_, profile_.memAp, fc.address(fc.sr), fc.srBusy, 0,
                                        kOptionTimeLimit, "wait for the page erase",
                                        JigFault::FlashProgram)));
        TransferQueue rest(probe_);
        adiv5::MemAp restAp(rest, profile_.memAp, false);
        afterTheWait(restAp);
        KPS_TRY(noted(rest.flush()));
    }
    const auto words = readBack.span();
    if ((status & fc.srErrors) ||
        !std::all_of(words.begin(), words.end(), [](std::uint32_t w) { return w == ~0u; }))
        return fail(JigFault::FlashProgram, "erase key store", "probe " + serial(),
                    "the key-store page did not erase", long(status));
    return {};
}

} // namespace kps::jigs
