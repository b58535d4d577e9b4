// The GUI speaks English and French: every string has its French translation, and the
// French catalogue built into kps-station is the one the window uses with --lang fr.
#include "cli_runner.hpp"
#include "kps/app/commands/words.hpp"
#include "station_fixture.hpp"
#include "ui/login_page.hpp"
#include "ui/translations.hpp"

#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QMap>
#include <QPushButton>
#include <QXmlStreamReader>

using namespace kps;

namespace {

/// "context / source" of every message of a .ts file, and whether it is translated.
QMap<QString, bool> messagesOf(const QString& path) {
    QFile file(path);
    QMap<QString, bool> messages;
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    QString context, source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("name"))
            context = xml.readElementText();
        else if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation"))
            messages[context + QStringLiteral(" / ") + source] =
                !xml.attributes().hasAttribute(QLatin1String("type")) &&
                !xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().isEmpty();
    }
    return messages;
}

} // namespace

class TstTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyStringHasItsFrenchTranslation() {
        const auto french = messagesOf(
            QStringLiteral(KPS_SOURCE_DIR "/app/station/translations/kps-station_fr.ts"));
        QVERIFY(french.size() > 100);
        QStringList missing;
        for (const auto& [key, translated] : french.asKeyValueRange())
            if (!translated)
                missing << key;
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(" | "))));
    }

    void theCataloguesAreUpToDate() {
        const QString lupdate =
            QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
        if (!QFile::exists(lupdate))
            QSKIP("lupdate is not installed");
        QTemporaryDir directory;
        const QString fresh = directory.filePath(QStringLiteral("fresh.ts"));
        const QDir source(QStringLiteral(KPS_SOURCE_DIR));
        const auto result = test::runProgram(
            lupdate,
            {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
             QStringLiteral("-I"), source.filePath(QStringLiteral("app/core/include")),
             QStringLiteral("-I"), source.filePath(QStringLiteral("app/station")),
             source.filePath(QStringLiteral("app/core")),
             source.filePath(QStringLiteral("app/station")), QStringLiteral("-ts"), fresh});
        QCOMPARE(result.exitCode, 0);
        const auto french = messagesOf(
            source.filePath(QStringLiteral("app/station/translations/kps-station_fr.ts")));
        QStringList missing;
        for (const QString& key : messagesOf(fresh).keys())
            if (!french.value(key, false))
                missing << key;
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("run scripts/update-translations.sh and translate: ") +
                            missing.join(QStringLiteral(" | "))));
    }

    void frenchIsBuiltIn() {
        test::StationFixture fixture;
        app::StationHost host(*fixture.station);
        QCOMPARE(station::installTranslations(*qApp, QStringLiteral("fr")), QStringLiteral("fr"));
        station::Session session;
        station::LoginPage page(host, session);
        QCOMPARE(page.findChild<QPushButton*>(QStringLiteral("loginButton"))->text(),
                 QStringLiteral("Se connecter"));
        QCOMPARE(app::roleTitle(provisioning::Role::Custodian),
                 QStringLiteral("dépositaire de clés"));
        QCOMPARE(app::stepTitle(provisioning::SlotStep::Passed), QStringLiteral("OK"));
    }
};

QTEST_MAIN(TstTranslations)
#include "tst_translations.moc"
