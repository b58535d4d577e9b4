// Target profiles are data: the embedded reference endpoint and STM32WLE5 profiles
// pass the kps-target/1 schema, parse into the memory map the station, the simulator
// and the emulator use, and broken profiles are refused with a reason.
#include "kps/jigs/target_profile.hpp"
#include "kps/schemas/validator.hpp"

#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace kps;
using namespace kps::jigs;

class TstTargetProfile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void embeddedProfileMatchesTheFileAndTheSchema() {
        QFile file(QStringLiteral(KPS_SOURCE_DIR "/jigs/targets/reference-endpoint-v1.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QCOMPARE(QByteArray(builtInTargetJson("reference-endpoint-v1").data(),
                            qsizetype(builtInTargetJson("reference-endpoint-v1").size())),
                 text);
        auto checked = schemas::parseDocument(text, QStringLiteral("kps-target/1"),
                                              QStringLiteral("reference-endpoint-v1.json"));
        QVERIFY2(checked, checked ? "" : qPrintable(checked.error().message()));
    }

    void referenceMemoryMap() {
        const TargetProfile& target = referenceTarget();
        QCOMPARE(target.name, std::string("reference-endpoint-v1"));
        QCOMPARE(target.dpidr, std::uint32_t(0x2BA01477));
        QCOMPARE(target.flashBase, std::uint32_t(0x08000000));
        QCOMPARE(target.pageSize, std::uint32_t(2048));
        QCOMPARE(target.keyStoreAddress, std::uint32_t(0x0800F800)); // the last page
        QCOMPARE(target.pageNumber(target.keyStoreAddress), std::uint32_t(31));
        QCOMPARE(target.uniqueIdAddress, std::uint32_t(0x1FFF7590));
        QCOMPARE(target.flash.address(target.flash.cr), std::uint32_t(0x40022014));
        QCOMPARE(target.flash.srBusy, std::uint32_t(1u << 16));
        QCOMPARE(target.flash.crLock, std::uint32_t(1u << 31));
        QCOMPARE(target.lock.lockedLevel, std::uint32_t(0xBB));
    }

    void stm32wle5ProfileMatchesTheFileAndTheSchema() {
        QFile file(QStringLiteral(KPS_SOURCE_DIR "/jigs/targets/stm32wle5.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        const std::string_view embedded = builtInTargetJson("stm32wle5");
        QCOMPARE(QByteArray(embedded.data(), qsizetype(embedded.size())), text);
        auto checked = schemas::parseDocument(text, QStringLiteral("kps-target/1"),
                                              QStringLiteral("stm32wle5.json"));
        QVERIFY2(checked, checked ? "" : qPrintable(checked.error().message()));
    }

    void stm32wle5MemoryMapAndController() {
        const TargetProfile& target = stm32wle5Target();
        QCOMPARE(target.dpidr, std::uint32_t(0x6BA02477));
        QCOMPARE(target.flashSize, std::uint32_t(256 * 1024));
        QCOMPARE(target.programUnit, std::uint32_t(8));
        QCOMPARE(target.keyStoreAddress, std::uint32_t(0x0803F800)); // the last page
        QCOMPARE(target.pageNumber(target.keyStoreAddress), std::uint32_t(127));
        QCOMPARE(target.flash.address(target.flash.cr), std::uint32_t(0x58004014));
        QCOMPARE(target.flash.pageNumberMask, std::uint32_t(0x7F));
        QCOMPARE(target.flash.srConfigBusy, std::uint32_t(1u << 18));
        QCOMPARE(target.flash.srSequenceError, std::uint32_t(1u << 7));
        QCOMPARE(target.flash.crOptionLoad, std::uint32_t(1u << 27));
        QCOMPARE(target.lock.permanentLevel, std::uint32_t(0xCC));
        QCOMPARE(target.identity.deviceId, std::uint32_t(0x497));
        QCOMPARE(target.identity.uid64Address, std::uint32_t(0x1FFF7580));
        QCOMPARE(target.identity.flashSizeRegister, std::uint32_t(0x1FFF75E0));
        QCOMPARE(target.peripherals.aes, std::uint32_t(0x58001800));
        QCOMPARE(target.peripherals.uartName, std::string("LPUART1"));
        QCOMPARE(target.timing.pageEraseNanoseconds, std::uint32_t(22'000'000));
        // the reference profile leaves the optional parts at 0
        QCOMPARE(referenceTarget().programUnit, std::uint32_t(4));
        QCOMPARE(referenceTarget().identity.deviceId, std::uint32_t(0));
        QCOMPARE(referenceTarget().lock.factoryOptions, std::uint32_t(0xAA));
    }

    void refusesBrokenProfiles() {
        std::string text(builtInTargetJson("reference-endpoint-v1"));
        const auto at = text.find("\"0x0800F800\"");
        QVERIFY(at != std::string::npos);
        std::string misplaced = text;
        misplaced.replace(at, 12, "\"0x0800F900\""); // not on a page boundary
        auto refused = parseTargetProfile(misplaced);
        QVERIFY(!refused);
        QVERIFY(refused.error().hint.find("page") != std::string::npos);
        QVERIFY(!parseTargetProfile("{\"format\": \"kps-target/1\"}"));
        QVERIFY(!parseTargetProfile("not json"));
        QVERIFY(!builtInTargetProfile("no-such-target"));
    }
};

QTEST_GUILESS_MAIN(TstTargetProfile)
#include "tst_target_profile.moc"
