// The GUI speaks English and French: every string has its French translation, and the
// French catalogue built into kps-station is the one the window uses with --lang fr.
#include "kps/app/commands/words.hpp"
#include "station_fixture.hpp"
#include "ui/login_page.hpp"
#include "ui/translations.hpp"

#include <QApplication>
#include <QFile>
#include <QPushButton>
#include <QXmlStreamReader>

using namespace kps;

class TstTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyStringHasItsFrenchTranslation() {
        QFile file(QStringLiteral(KPS_SOURCE_DIR "/app/station/translations/kps-station_fr.ts"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QString source;
        QStringList missing;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("message"))
                ++messages;
            else if (xml.name() == QLatin1String("source"))
                source = xml.readElementText();
            else if (xml.name() == QLatin1String("translation") &&
                     (xml.attributes().hasAttribute(QLatin1String("type")) ||
                      xml.readElementText(QXmlStreamReader::IncludeChildElements)
                          .trimmed()
                          .isEmpty()))
                missing << source;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 100);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(" | "))));
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
