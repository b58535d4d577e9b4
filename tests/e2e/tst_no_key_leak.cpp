// No key value or password of a demo batch is anywhere but in the endpoints: not
// in the database (and its WAL), the reports, the exports, the configuration or
// the command's output. Positive control: the same search finds them in the
// endpoints' own key stores.
#include "cli_runner.hpp"
#include "kps/provisioning/line_archive.hpp"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

using namespace kps;

namespace {

struct Haystack {
    QString name;
    QByteArray bytes;
};

QList<QByteArray> needlesOf(const hsm::SecretBytes& secret, bool isPassword) {
    const QByteArray raw(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()));
    if (isPassword)
        return {raw};
    return {raw, raw.toHex(), raw.toHex().toUpper(), raw.toBase64()};
}

} // namespace

class TstNoKeyLeak : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noSecretOutsideTheEndpoints() {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("demo"));
        auto demo = test::runKps({QStringLiteral("demo"), QStringLiteral("--out"), out,
                                  QStringLiteral("--count"), QStringLiteral("30")});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        const auto line = provisioning::readLineArchive(out + QStringLiteral("/line"));
        QCOMPARE(line.size(), std::size_t(30));

        QList<Haystack> haystacks{{QStringLiteral("stdout"), demo.out},
                                  {QStringLiteral("stderr"), demo.err}};
        QDirIterator files(out, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            if (path.contains(QLatin1String("/line/")) ||
                path.contains(QLatin1String("/hsm/tokens/")))
                continue; // the endpoints themselves, and the HSM's own store
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            haystacks.append({path, file.readAll()});
        }
        QVERIFY(haystacks.size() > 10);
        QVERIFY(std::any_of(haystacks.begin(), haystacks.end(), [](const Haystack& h) {
            return h.name.endsWith(QLatin1String("kps.sqlite"));
        }));

        QByteArray controlPage;
        QDirIterator pages(out + QStringLiteral("/line"), QDir::Files);
        while (pages.hasNext()) {
            QFile page(pages.next());
            page.open(QIODevice::ReadOnly);
            controlPage += page.readAll();
        }
        int needles = 0;
        for (const auto& [address, endpoint] : line) {
            QList<std::pair<const hsm::SecretBytes*, bool>> secrets{{&endpoint.password, true}};
            for (const auto& [id, key] : endpoint.keys)
                secrets.append({&key, false});
            for (const auto& [secret, isPassword] : secrets)
                for (const QByteArray& needle : needlesOf(*secret, isPassword)) {
                    ++needles;
                    if (std::size_t(needle.size()) == secret->size())
                        QVERIFY2(controlPage.contains(needle), "positive control failed");
                    for (const Haystack& haystack : haystacks)
                        QVERIFY2(!haystack.bytes.contains(needle),
                                 qPrintable(QStringLiteral("a secret of %1 found in %2")
                                                .arg(address, haystack.name)));
                }
        }
        qInfo("searched %lld files and outputs for %d needles: 0 hits", qlonglong(haystacks.size()),
              needles);
    }
};

QTEST_GUILESS_MAIN(TstNoKeyLeak)
#include "tst_no_key_leak.moc"
