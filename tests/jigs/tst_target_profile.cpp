// Target profiles are data: the embedded reference endpoint profile passes the
// kps-target/1 schema, parses into the memory map the station and the simulator
// use, and broken profiles are refused with a reason.
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
