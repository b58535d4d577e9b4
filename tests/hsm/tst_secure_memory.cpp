// The secure-memory library on its own: SecretBytes, SecretWords and SecureVector live
// in locked, never-dumped memory that is wiped when it is given back (also the buffers
// a SecureVector outgrows); PIN files and variables; process hardening.
#include "kps/secure/pin.hpp"
#include "kps/secure/process_hardening.hpp"
#include "kps/secure/secret_bytes.hpp"
#include "kps/secure/secret_words.hpp"
#include "kps/secure/secure_vector.hpp"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstring>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <type_traits>

using namespace kps;

// AddressSanitizer's runtime intercepts mlock() and makes it a no-op (it reserves huge
// shadow mappings), so a sanitizer build cannot show the locked flag.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMlockIsANoOp = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kMlockIsANoOp = true;
#else
constexpr bool kMlockIsANoOp = false;
#endif
#else
constexpr bool kMlockIsANoOp = false;
#endif

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

std::span<const std::uint8_t> bytes(const char* text) {
    return {reinterpret_cast<const std::uint8_t*>(text), std::strlen(text)};
}

/// The VmFlags of the mapping that holds `address` (from /proc/self/smaps).
QByteArray mappingFlags(const void* address) {
    const auto where = reinterpret_cast<quintptr>(address);
    bool inside = false;
    const QRegularExpression range(QStringLiteral("^([0-9a-f]+)-([0-9a-f]+) "));
    for (const QByteArray& line : readAll(QStringLiteral("/proc/self/smaps")).split('\n')) {
        const auto match = range.match(QString::fromLatin1(line));
        if (match.hasMatch())
            inside = match.captured(1).toULongLong(nullptr, 16) <= where &&
                     where < match.captured(2).toULongLong(nullptr, 16);
        else if (inside && line.startsWith("VmFlags:"))
            return line;
    }
    return {};
}

void checkLockedAndUndumped(const void* address) {
    const QByteArray flags = mappingFlags(address);
    QVERIFY2(flags.contains(" dd"), flags.constData()); // MADV_DONTDUMP
    struct rlimit memlock {};
    getrlimit(RLIMIT_MEMLOCK, &memlock);
    if (memlock.rlim_cur >= 1024 * 1024 && !kMlockIsANoOp)
        QVERIFY2(flags.contains(" lo"), flags.constData()); // mlock'ed
}

bool allZero(const std::uint8_t* data, std::size_t size) {
    return std::all_of(data, data + size, [](std::uint8_t b) { return b == 0; });
}

void writeFile(const QString& path, const QByteArray& content, QFile::Permissions permissions) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    QVERIFY(file.setPermissions(permissions));
}

} // namespace

static_assert(!std::is_copy_constructible_v<secure::SecretBytes>);
static_assert(!std::is_convertible_v<secure::SecretBytes, std::string>);
static_assert(!std::is_convertible_v<secure::SecretBytes, QByteArray>);
static_assert(!std::is_copy_constructible_v<secure::SecretWords>);

class TstSecureMemory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void secretsAreWipedAndKeptOutOfDumps() {
        auto secret = secure::SecretBytes::copyOf(bytes("0123456789abcdef"));
        checkLockedAndUndumped(secret.data());
        secure::SecretBytes moved = std::move(secret);
        QVERIFY(secret.empty());
        QCOMPARE(moved.size(), std::size_t(16));
        moved.shrink(4);
        QCOMPARE(moved.size(), std::size_t(4));
        QVERIFY(allZero(moved.data() + 4, 12)); // the tail went with the shrink
        QCOMPARE(std::memcmp(moved.data(), "0123", 4), 0);
        moved.wipe();
        QVERIFY(allZero(moved.data(), 16));
    }

    void aFreedSecretLeavesNothingBehind() {
        const std::uint8_t* where = nullptr;
        {
            auto secret = secure::SecretBytes::copyOf(bytes("a key the pool takes back"));
            where = secret.data();
        }
        // The pool keeps its chunks mapped: the block is there, wiped, for the next taker.
        QVERIFY(allZero(where, 25));
    }

    void secretEqualsComparesWholeSpans() {
        QVERIFY(secure::secretEquals(bytes("abcd"), bytes("abcd")));
        QVERIFY(!secure::secretEquals(bytes("abcd"), bytes("abce")));
        QVERIFY(!secure::secretEquals(bytes("abcd"), bytes("abc")));
    }

    void secureVectorWipesTheBuffersItOutgrows() {
        secure::SecureVector<std::uint32_t> words;
        std::vector<const std::uint32_t*> outgrown;
        std::vector<std::size_t> sizes;
        for (std::uint32_t i = 0; i < 600; ++i) {
            const std::uint32_t* before = words.data();
            const std::size_t size = words.size();
            words.push_back(0xA5A50000u | i);
            if (before && before != words.data()) {
                outgrown.push_back(before);
                sizes.push_back(size);
            }
        }
        QVERIFY(outgrown.size() >= 5); // it grew through the pool's size classes
        checkLockedAndUndumped(words.data());
        for (std::size_t i = 0; i < outgrown.size(); ++i) {
            // Blocks of the size classes stay mapped in the pool's chunks: wiped.
            if (sizes[i] * sizeof(std::uint32_t) > 16384)
                continue;
            QVERIFY2(std::all_of(outgrown[i], outgrown[i] + sizes[i],
                                 [](std::uint32_t w) { return w == 0; }),
                     qPrintable(QStringLiteral("buffer %1 of %2 words").arg(i).arg(sizes[i])));
        }
        QCOMPARE(words[599], 0xA5A50000u | 599);
    }

    void secureCapacityFollowsTheSizeClasses() {
        QCOMPARE(secure::detail::secureCapacity(0), std::size_t(64));
        QCOMPARE(secure::detail::secureCapacity(64), std::size_t(64));
        QCOMPARE(secure::detail::secureCapacity(65), std::size_t(256));
        QCOMPARE(secure::detail::secureCapacity(9000), std::size_t(16384));
        QCOMPARE(secure::detail::secureCapacity(20000), std::size_t(20000));
        auto block = secure::detail::secureAllocate(20000);
        QCOMPARE(reinterpret_cast<quintptr>(block.data) % secure::detail::kSecureAlignment,
                 quintptr(0));
        checkLockedAndUndumped(block.data);
        secure::detail::secureFree(block);
    }

    void secretWordsPackLittleEndian() {
        const std::uint8_t record[] = {1, 2, 3, 4, 5, 6};
        auto words = secure::SecretWords::fromBytes(record);
        QCOMPARE(words.size(), std::size_t(2));
        QCOMPARE(words.span()[0], 0x04030201u);
        QCOMPARE(words.span()[1], 0x00000605u); // the last word padded with zeros
        std::uint8_t back[6] = {};
        words.copyTo(back);
        QCOMPARE(std::memcmp(back, record, 6), 0);
        checkLockedAndUndumped(words.span().data());
        auto same = secure::SecretWords::fromBytes(record);
        QVERIFY(words.equals(same));
        same.span()[1] ^= 0x100;
        QVERIFY(!words.equals(same));
        QVERIFY(!words.equals(secure::SecretWords(3)));
    }

    void pinFilesAreReadFirstLineOwnerOnly() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("user.pin"));
        writeFile(path, "s3cret-pin\nsecond line\n", QFile::ReadOwner | QFile::WriteOwner);
        auto pin = secure::readPinFile(path.toStdString());
        QVERIFY(pin);
        QCOMPARE(QByteArray(pin->chars().data(), qsizetype(pin->size())), QByteArray("s3cret-pin"));
        checkLockedAndUndumped(pin->data());

        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup));
        auto shared = secure::readPinFile(path.toStdString());
        QVERIFY(!shared);
        QCOMPARE(shared.error().source, path.toStdString());
        QVERIFY(shared.error().reason.find("chmod 600") != std::string::npos);

        writeFile(path, "\n", QFile::ReadOwner | QFile::WriteOwner);
        auto empty = secure::readPinFile(path.toStdString());
        QVERIFY(!empty);
        QVERIFY(empty.error().message().find("empty") != std::string::npos);
        QVERIFY(!secure::readPinFile(dir.filePath(QStringLiteral("none")).toStdString()));
    }

    void pinFilesAreWrittenOwnerOnlyAndNeverOverwritten() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.pin"));
        const auto pin = secure::randomPin(16);
        QCOMPARE(pin.size(), std::size_t(16));
        QVERIFY(std::all_of(pin.data(), pin.data() + 16, [](std::uint8_t c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }));
        QVERIFY(secure::writePinFile(path.toStdString(), pin));
        struct stat info {};
        QCOMPARE(::stat(path.toLocal8Bit().constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
        auto back = secure::readPinFile(path.toStdString());
        QVERIFY(back && secure::secretEquals(back->span(), pin.span()));
        auto again = secure::writePinFile(path.toStdString(), pin);
        QVERIFY(!again);
        QCOMPARE(again.error().what, std::string("create PIN file"));
    }

    void pinFromTheEnvironmentLeavesIt() {
        qputenv("KPS_TEST_SECURE_PIN", "env-pin-1234");
        auto pin = secure::takePinFromEnvironment("KPS_TEST_SECURE_PIN");
        QVERIFY(pin);
        QCOMPARE(QByteArray(pin->chars().data(), qsizetype(pin->size())),
                 QByteArray("env-pin-1234"));
        QVERIFY(!qEnvironmentVariableIsSet("KPS_TEST_SECURE_PIN"));
        auto unset = secure::takePinFromEnvironment("KPS_TEST_SECURE_PIN");
        QVERIFY(!unset);
        QCOMPARE(unset.error().source, std::string("KPS_TEST_SECURE_PIN"));
    }

    void processIsKeptOutOfDumps() {
        QVERIFY(secure::disableCoreDumps());
        QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
        struct rlimit core {};
        getrlimit(RLIMIT_CORE, &core);
        QCOMPARE(core.rlim_cur, rlim_t(0));
    }
};

QTEST_GUILESS_MAIN(TstSecureMemory)
#include "tst_secure_memory.moc"
