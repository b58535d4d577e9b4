// The station's own memory, searched at its zeroization points (hardening): after
// orders of all four key sources have been imported, run on the simulated line,
// destroyed and closed, no endpoint key, password, customer master or listed key is
// anywhere in the process's writable memory (heap, stacks, anonymous mappings, the
// loaded libraries' data, SoftHSM2's included), and of the PINs only the HSM user PIN
// the open vault keeps in locked memory; once the station is closed, not that either.
// The snapshots are forks taken before the test reads the secrets from the files they
// were kept in (memory_snapshot.hpp), so the search cannot find its own copies.
// Positive control: a secret left in a heap buffer is found, and not once it is wiped.
#include "key_source_orders.hpp"
#include "kps/jigs/transfer_queue.hpp"
#include "kps/provisioning/line_archive.hpp"
#include "kps/secure/secret_bytes.hpp"
#include "memory_snapshot.hpp"

#include <QDirIterator>

using namespace kps;

namespace {

// 16 endpoints per order, 64 in all: long enough that buffers freed early in the batch
// have been handed out again while the last endpoints' are still there to be found.
constexpr int kCount = 16;
const QStringList kSources{QStringLiteral("manuf"), QStringLiteral("customer-masters"),
                           QStringLiteral("customer-list"), QStringLiteral("random")};

struct Needle {
    QString what;
    QByteArray bytes;
    std::uint32_t piece = 0; // > 0: the bytes lie in pieces `stride` apart (test::SpacedNeedle)
    std::uint32_t stride = 0;
};

/// How a key's 32-bit words lie on their way to the endpoint: one per queued register
/// access (jigs::QueuedAccess), per DAP_Transfer item, and in the DAP_Transfer packet
/// (a request byte before each word). A copy left in a buffer one of them outgrew has
/// this shape, not the key's.
const std::pair<const char*, std::uint32_t> kWordStrides[] = {
    {" (queued register writes)", std::uint32_t(sizeof(jigs::QueuedAccess))},
    {" (DAP_Transfer items)", std::uint32_t(sizeof(jigs::dap::TransferItem))},
    {" (DAP_Transfer packet)", 5},
};

QByteArray utf16(const QByteArray& latin1) {
    QByteArray wide;
    wide.reserve(2 * latin1.size());
    for (char c : latin1)
        wide.append(c).append('\0');
    return wide;
}

/// The forms a secret can take in memory: raw, hex, HEX, base64, and the UTF-16 (QString)
/// forms of the text ones. Forms shorter than 8 bytes are left out.
void addForms(QList<Needle>& needles, const QString& what, const QByteArray& raw, bool text) {
    QList<std::pair<const char*, QByteArray>> forms{{"", raw}};
    if (text)
        forms.append({" (UTF-16)", utf16(raw)});
    else
        for (const auto& [name, form] :
             {std::pair{" (hex)", raw.toHex()}, std::pair{" (HEX)", raw.toHex().toUpper()},
              std::pair{" (base64)", raw.toBase64()}}) {
            forms.append({name, form});
            forms.append({" (UTF-16)", utf16(form)});
        }
    for (const auto& [name, form] : forms)
        if (form.size() >= 8)
            needles.append({what + QString::fromLatin1(name), form});
    if (!text && raw.size() % 4 == 0) // keys: whole words in the key-store record
        for (const auto& [name, stride] : kWordStrides)
            needles.append({what + QString::fromLatin1(name), raw, 4, stride});
}

QByteArray bytesOf(const secure::SecretBytes& secret) {
    QByteArray bytes(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()));
    while (bytes.endsWith('\0'))
        bytes.chop(1);
    return bytes;
}

QByteArray fileBytes(const QString& path) {
    QByteArray bytes = test::readBytes(path);
    while (bytes.endsWith('\n') || bytes.endsWith('\0'))
        bytes.chop(1);
    return bytes;
}

/// Files under `root` whose names match, in a stable order.
QStringList filesUnder(const QString& root, const QString& pattern) {
    QStringList files;
    QDirIterator found(root, {pattern}, QDir::Files, QDirIterator::Subdirectories);
    while (found.hasNext())
        files << found.next();
    files.sort();
    return files;
}

} // namespace

class TstMemoryScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        fixture_.emplace();
        orders_.emplace(*fixture_);
    }

    void theSearchFindsASecretLeftInMemory() {
        auto* kept = new std::uint8_t[32];
        RAND_bytes(kept, 32);
        const QByteArray masked = maskedCopy(kept, 32);
        QVERIFY2(!searchNow(masked).isEmpty(), "a secret in a live heap buffer was not found");
        secure::secureWipe(kept, 32);
        delete[] kept;
        QCOMPARE(searchNow(masked).size(), 0);
    }

    /// The same for a key's words left in a queue of register writes (one word per
    /// 32-byte QueuedAccess): found word by word at their stride, and not once wiped.
    void theSearchFindsAKeyLeftInAQueue() {
        std::uint8_t key[16];
        RAND_bytes(key, sizeof key);
        auto* queue = new jigs::QueuedAccess[4];
        for (int i = 0; i < 4; ++i)
            std::memcpy(&queue[i].data, key + 4 * i, 4);
        const QByteArray masked = maskedCopy(key, 16);
        secure::secureWipe(key, sizeof key);
        const auto spacedSearch = [&] {
            MemorySnapshot snapshot;
            if (!snapshot.valid())
                qFatal("cannot fork");
            QByteArray needle = unmasked(masked);
            auto hits = snapshot.search(
                QList<test::SpacedNeedle>{{needle, 4, std::uint32_t(sizeof(jigs::QueuedAccess))}});
            secure::secureWipe(needle.data(), std::size_t(needle.size()));
            if (!hits)
                qFatal("the memory search did not run to its end");
            return hits->size();
        };
        QVERIFY2(spacedSearch() > 0, "a key in a live queue was not found");
        for (int i = 0; i < 4; ++i)
            secure::secureWipe(&queue[i].data, 4);
        delete[] queue;
        QCOMPARE(spacedSearch(), 0);
    }

    /// Both snapshots are taken before any secret is read for the search.
    void noSecretInMemoryAfterTheLine() {
        for (const QString& source : kSources)
            provisionAndClose(source);
        QCOMPARE(started_.size(), kSources.size());
        afterTheLine_ = std::make_unique<MemorySnapshot>();
        secrets_ = fixture_->station->paths().secrets();
        fixture_->station.reset();
        stationClosed_ = std::make_unique<MemorySnapshot>();
        QVERIFY(afterTheLine_->valid() && stationClosed_->valid());
        needles_ = lineSecrets() + customerSecrets() + pins();
        int vaultPin = 0, others = 0;
        for (const test::MemoryHit& hit : search(*afterTheLine_, needles_))
            ++(needles_[hit.needle].what == QLatin1String("user.pin") ? vaultPin : others);
        // The open vault keeps the HSM user PIN, in locked memory, to log in again after a
        // security-officer step (hsm_vault.hpp): that one copy and nothing else.
        QVERIFY2(vaultPin <= 1, "the HSM user PIN is in memory more than once");
        QCOMPARE(others, 0);
    }

    void noSecretOrPinInMemoryOnceTheStationIsClosed() {
        QVERIFY(stationClosed_ && stationClosed_->valid() && !needles_.isEmpty());
        QCOMPARE(search(*stationClosed_, needles_).size(), 0);
    }

private:
    using MemorySnapshot = test::MemorySnapshot;

    static QByteArray maskedCopy(const std::uint8_t* bytes, int size) {
        QByteArray masked(size, '\0');
        for (int i = 0; i < size; ++i)
            masked[i] = char(bytes[i] ^ 0x5A);
        return masked;
    }
    static QByteArray unmasked(const QByteArray& masked) {
        return maskedCopy(reinterpret_cast<const std::uint8_t*>(masked.constData()),
                          int(masked.size()));
    }

    /// A snapshot taken now, searched for the needle kept masked until after the fork.
    static QList<test::MemoryHit> searchNow(const QByteArray& masked) {
        MemorySnapshot snapshot;
        if (!snapshot.valid())
            qFatal("cannot fork");
        QByteArray needle = unmasked(masked);
        auto hits = snapshot.search({needle});
        secure::secureWipe(needle.data(), std::size_t(needle.size()));
        if (!hits)
            qFatal("the memory search did not run to its end");
        return *hits;
    }

    /// Searches, prints every hit and the figures.
    static QList<test::MemoryHit> search(MemorySnapshot& snapshot, const QList<Needle>& needles) {
        QList<test::SpacedNeedle> spaced;
        for (const Needle& needle : needles)
            spaced.append({needle.bytes, needle.piece, needle.stride});
        const auto found = snapshot.search(spaced);
        if (!found)
            qFatal("the memory search did not run to its end");
        const QList<test::MemoryHit>& hits = *found;
        for (const auto& hit : hits)
            qInfo("%s found at 0x%llx in %s", qPrintable(needles[hit.needle].what),
                  static_cast<unsigned long long>(hit.address),
                  hit.region.isEmpty() ? "an anonymous mapping" : qPrintable(hit.region));
        qInfo("searched %.1f MiB of writable memory for %lld needles: %lld hits",
              double(snapshot.bytesSearched()) / (1 << 20), qlonglong(needles.size()),
              qlonglong(hits.size()));
        return hits;
    }

    void provisionAndClose(const QString& source) {
        const QString order = QStringLiteral("PO-MEM-") + source.toUpper();
        orders_->start(order, source, 70000000 + 1000 * int(kSources.indexOf(source)), kCount);
        int verified = 0;
        const QString why = orders_->run(order, &verified);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QCOMPARE(verified, kCount);
        orders_->close(source, order);
        started_ << order;
    }

    /// What the endpoints hold: every key and password, read from the line's archive.
    QList<Needle> lineSecrets() const {
        QList<Needle> needles;
        int endpoints = 0, secrets = 0;
        for (const QString& order : started_)
            for (const auto& [address, held] :
                 provisioning::readLineArchive(orders_->archiveOf(order))) {
                for (const auto& [id, value] : held.keys) {
                    addForms(needles, address + QStringLiteral(" key %1").arg(id), bytesOf(value),
                             false);
                    ++secrets;
                }
                addForms(needles, address + QStringLiteral(" password"), bytesOf(held.password),
                         true);
                ++secrets;
                ++endpoints;
            }
        if (endpoints != kCount * int(kSources.size()))
            qFatal("the line's archive holds %d endpoints", endpoints);
        qInfo("%d endpoints: %d keys and passwords", endpoints, secrets);
        return needles;
    }

    /// The PIN files: the HSM's user PIN and those of the six staff.
    QList<Needle> pins() const {
        QList<Needle> needles;
        const QStringList files = filesUnder(secrets_, QStringLiteral("*.pin"));
        if (files.size() < 7)
            qFatal("%lld PIN files", qlonglong(files.size()));
        for (const QString& file : files)
            addForms(needles, QFileInfo(file).fileName(), fileBytes(file), true);
        return needles;
    }

    /// The customer's own copies of the masters and of the listed keys and passwords.
    QList<Needle> customerSecrets() const {
        QList<Needle> needles;
        const QString masters = fixture_->path(QStringLiteral("PO-MEM-CUSTOMER-MASTERS/masters"));
        const QString keys = fixture_->path(QStringLiteral("PO-MEM-CUSTOMER-LIST/keys"));
        const QStringList masterFiles = filesUnder(masters, QStringLiteral("*.bin"));
        for (const QString& file : masterFiles)
            addForms(needles, QStringLiteral("master ") + QFileInfo(file).baseName(),
                     fileBytes(file), false);
        int listedKeys = 0;
        for (const QString& file : filesUnder(keys, QStringLiteral("*.bin")))
            if (!file.endsWith(QLatin1String("password.bin"))) {
                addForms(needles, QStringLiteral("listed key ") + file.mid(keys.size() + 1),
                         fileBytes(file), false);
                ++listedKeys;
            }
        const QStringList passwords = filesUnder(keys, QStringLiteral("password.txt"));
        for (const QString& file : passwords)
            addForms(needles, QStringLiteral("listed password ") + file.mid(keys.size() + 1),
                     fileBytes(file), true);
        qInfo("the customer's %lld masters, %d listed keys and %lld listed passwords",
              qlonglong(masterFiles.size()), listedKeys, qlonglong(passwords.size()));
        return needles;
    }

    std::optional<test::StationFixture> fixture_;
    std::optional<test::KeySourceOrders> orders_;
    QStringList started_;
    QString secrets_;
    QList<Needle> needles_; // read once both snapshots are taken
    std::unique_ptr<MemorySnapshot> afterTheLine_;
    std::unique_ptr<MemorySnapshot> stationClosed_;
};

QTEST_MAIN(TstMemoryScan) // QApplication: closing an order draws the report (Qt Charts)
#include "tst_memory_scan.moc"
