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

void queuePageErase(adiv5::MemAp& ap, const TargetProfile& profile) {
    const FlashControllerProfile& fc = profile.flash;
    const std::uint32_t page = (profile.pageNumber(profile.keyStoreAddress) & fc.pageNumberMask)
                               << fc.pageNumberShift;
    ap.write(fc.address(fc.cr), fc.crPageErase | page, "select the key-store page");
    ap.write(fc.address(fc.cr), fc.crPageErase | page | fc.crStart, "erase the key-store page");
    ap.poll(fc.address(fc.sr), fc.srBusy, 0, "wait for the page erase", JigFault::FlashProgram);
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
    const FlashControllerProfile& fc = profile_.flash;
    secure::SecretWords words = secure::SecretWords::fromBytes(record);
    secure::SecretWords readBack(words.span().size());
    std::uint32_t status = 0;
    dirty_ = true;
    writtenWords_ = words.span().size();
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
    TransferQueue queue(probe_);
    adiv5::MemAp ap(queue);
    queueControllerUnlock(ap);
    ap.write(fc.address(fc.optkeyr), fc.optionUnlockKeys[0], "unlock the option bytes (key 1)");
    ap.write(fc.address(fc.optkeyr), fc.optionUnlockKeys[1], "unlock the option bytes (key 2)");
    ap.write(fc.address(fc.optr), (options_ & ~lock.rdpMask) | lock.lockedLevel,
             "set readout protection");
    ap.write(fc.address(fc.cr), fc.crOptionStart, "store the option bytes");
    ap.poll(fc.address(fc.sr), fc.srBusy, 0, "wait for the option bytes", JigFault::FlashProgram);
    ap.read(fc.address(fc.sr), &status, "read the flash status");
    ap.write(fc.address(fc.cr), fc.crOptionLoad, "load the option bytes (resets the endpoint)");
    ap.read(fc.address(fc.optr), &options, "read the lock level back");
    if (auto sent = noted(queue.flush()); !sent)
        return sent;
    if ((status & fc.srErrors) || (options & lock.rdpMask) != lock.lockedLevel)
        return fail(JigFault::FlashProgram, "lock endpoint", "probe " + serial(),
                    "the readout protection did not take: the endpoint stays unlocked; scrap it",
                    long(options));
    locked_ = true;
    dirty_ = false;
    return {};
}

Status ProbeJig::eraseKeyStoreIfUnlocked() {
    std::uint32_t dpidr = 0;
    std::uint32_t options = 0;
    if (auto linked = connectAndLinkUp(&dpidr, &options, {}, false); !linked)
        return linked;
    if ((options & profile_.lock.rdpMask) != profile_.lock.unlockedLevel)
        return {}; // the lock took (its answer was lost): it holds the verified record
    const FlashControllerProfile& fc = profile_.flash;
    secure::SecretWords readBack(std::max<std::size_t>(writtenWords_, 1));
    std::uint32_t status = 0;
    TransferQueue queue(probe_);
    adiv5::MemAp ap(queue);
    queueControllerUnlock(ap);
    queuePageErase(ap, profile_);
    ap.read(fc.address(fc.sr), &status, "read the flash status");
    ap.write(fc.address(fc.cr), fc.crLock, "lock the flash controller");
    ap.readWords(profile_.keyStoreAddress, readBack.span(), "check the key store is erased");
    if (auto sent = noted(queue.flush()); !sent)
        return sent;
    const auto words = readBack.span();
    if ((status & fc.srErrors) ||
        !std::all_of(words.begin(), words.end(), [](std::uint32_t w) { return w == ~0u; }))
        return fail(JigFault::FlashProgram, "erase key store", "probe " + serial(),
                    "the key-store page did not erase", long(status));
    return {};
}

} // namespace kps::jigs
