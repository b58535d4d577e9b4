// The PKCS#11 library (kps::hsm) on its own, against a real SoftHSM2 token: every
// CK_RV named with a hint, module loading failures, wrong PIN and locked token, key
// policies read back, failed unwraps named by their standard codes whatever the
// module answers, the session pool, RFC 7512 URIs. Secret memory and X.509 have
// suites of their own (tst_secure_memory, tst_x509).
#include "cli_runner.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/hsm/key_policy.hpp"
#include "kps/hsm/object.hpp"
#include "kps/hsm/session_pool.hpp"
#include "kps/hsm/token.hpp"
#include "kps/hsm/uri.hpp"
#include "softhsm_token.hpp"

#include <QFile>
#include <barrier>
#include <set>
#include <thread>
#include <type_traits>

using namespace kps;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

std::span<const std::uint8_t> bytes(const QByteArray& data) {
    return {reinterpret_cast<const std::uint8_t*>(data.constData()), std::size_t(data.size())};
}

} // namespace

static_assert(!std::is_copy_constructible_v<hsm::Session>);
static_assert(!std::is_copy_constructible_v<hsm::Module>);
static_assert(!std::is_copy_constructible_v<hsm::SessionObject>);

class TstHsmLayer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { token_.emplace(); }
    void cleanupTestCase() { token_.reset(); }

    void wrongPinIsRefusedAndChangesNothing() {
        auto wrong = secure::SecretBytes::copyOf(bytes("not-the-pin"));
        auto refused = hsm::openUserSession(*token_->module, test::SoftHsmToken::kLabel, wrong);
        QVERIFY(!refused);
        QCOMPARE(refused.error().rv, CKR_PIN_INCORRECT);
        QVERIFY(refused.error().message().find("kps-test") != std::string::npos);
        QVERIFY(refused.error().message().find("check the PIN") != std::string::npos);
        auto session = token_->session();
        QCOMPARE(*hsm::countObjects(session), std::size_t(0));
    }

    void everyReturnCodeHasANameAndAHint() {
        const QByteArray header = readAll(QStringLiteral(KPS_PKCS11_HEADER));
        const QRegularExpression define(
            QStringLiteral("#define (CKR_[A-Z0-9_]+)\\s+\\(?(0x[0-9a-fA-F]+|[0-9]+)UL\\)?"));
        int codes = 0;
        for (auto it = define.globalMatch(QString::fromLatin1(header)); it.hasNext();) {
            const auto match = it.next();
            const CK_RV rv = match.captured(2).toULong(nullptr, 0);
            QCOMPARE(QString::fromStdString(hsm::ckrName(rv)), match.captured(1));
            const bool silent =
                rv == CKR_OK || rv == CKR_NO_EVENT || rv == CKR_USER_ALREADY_LOGGED_IN;
            QVERIFY2(silent || !hsm::ckrHint(rv).empty(), qPrintable(match.captured(1)));
            ++codes;
        }
        QVERIFY(codes >= 90);
        QCOMPARE(QString::fromStdString(hsm::ckrName(CKR_VENDOR_DEFINED + 7)),
                 QStringLiteral("CKR_VENDOR_DEFINED+0x00000007"));
    }

    void missingModuleIsAClearError() {
        auto missing = hsm::Module::load("/nonexistent/libpkcs11-nothing.so");
        QVERIFY(!missing);
        QCOMPARE(missing.error().rv, CKR_LIBRARY_LOAD_FAILED);
        QCOMPARE(missing.error().object, std::string("/nonexistent/libpkcs11-nothing.so"));
        QVERIFY(missing.error().hint.find("cannot be loaded") != std::string::npos);
        auto notAModule = hsm::Module::load("libcrypto.so.3");
        QVERIFY(!notAModule);
        QVERIFY(notAModule.error().hint.find("not a PKCS#11 module") != std::string::npos);
    }

    void lockedTokenIsNotEvenTried() {
        qputenv("KPS_FAULT", "locked");
        auto faulty = hsm::Module::load(KPS_FAULT_MODULE); // C_GetFunctionList only
        QVERIFY2(faulty, faulty ? "" : faulty.error().message().c_str());
        auto session = hsm::openUserSession(*faulty, test::SoftHsmToken::kLabel, token_->userPin);
        qunsetenv("KPS_FAULT");
        QVERIFY(!session);
        QCOMPARE(session.error().rv, CKR_PIN_LOCKED);
        QVERIFY(session.error().hint.find("nothing was tried") != std::string::npos);
        QVERIFY(session.error().hint.find("security officer") != std::string::npos);
    }

    void keyPolicyIsReadBack() {
        auto session = token_->session();
        hsm::SecretKeyPolicy master;
        master.label = "policy test";
        master.length = 32;
        master.uses = {hsm::KeyUse::Derive};
        auto attributes = hsm::keyTemplate(master, hsm::Creation::Generate);
        auto key = hsm::generateKey(session, CKM_AES_KEY_GEN, attributes, master.label);
        QVERIFY(key);
        hsm::SessionObject guard(session, *key);
        QVERIFY(hsm::enforcePolicy(session, *key, master));
        // A module that ignored CKA_SENSITIVE (simulated by asking for less) is caught.
        auto weaker = master;
        weaker.sensitive = false;
        auto lax = hsm::keyTemplate(weaker, hsm::Creation::Generate);
        auto laxKey = hsm::generateKey(session, CKM_AES_KEY_GEN, lax, "lax");
        QVERIFY(laxKey);
        hsm::SessionObject laxGuard(session, *laxKey);
        auto refused = hsm::enforcePolicy(session, *laxKey, master);
        QVERIFY(!refused);
        QCOMPARE(refused.error().rv, CKR_TEMPLATE_INCONSISTENT);
        QVERIFY(refused.error().hint.find("CKA_SENSITIVE") != std::string::npos);
        auto wrongLength = master;
        wrongLength.length = 16;
        QCOMPARE(hsm::enforcePolicy(session, *key, wrongLength).error().rv, CKR_KEY_SIZE_RANGE);
    }

    /// SoftHSM answers CKR_GENERAL_ERROR to a failed unwrap; hsm names the failure as
    /// PKCS#11 does, so callers need no module-specific code.
    void failedUnwrapsHaveTheStandardCodes() {
        auto session = token_->session();
        hsm::SecretKeyPolicy kek;
        kek.length = 16;
        kek.uses = {hsm::KeyUse::Unwrap};
        auto kekTemplate = hsm::keyTemplate(kek, hsm::Creation::Generate);
        auto kekKey = hsm::generateKey(session, CKM_AES_KEY_GEN, kekTemplate, "quirk KEK");
        QVERIFY(kekKey);
        hsm::SessionObject kekGuard(session, *kekKey);
        hsm::SecretKeyPolicy target;
        target.uses = {hsm::KeyUse::Encrypt};
        const std::vector<std::uint8_t> garbage(24, 0x11);
        auto unwrapped = hsm::keyTemplate(target, hsm::Creation::Unwrap);
        auto kwp = hsm::unwrapKwp(session, *kekKey, garbage, unwrapped, "garbage");
        QVERIFY(!kwp);
        QCOMPARE(kwp.error().rv, CKR_WRAPPED_KEY_INVALID);
        QCOMPARE(kwp.error().call, std::string("C_UnwrapKey"));

        hsm::Attributes publicPolicy, privatePolicy;
        publicPolicy.number(CKA_MODULUS_BITS, 2048).flag(CKA_TOKEN, false).flag(CKA_WRAP, true);
        privatePolicy.flag(CKA_TOKEN, false).flag(CKA_UNWRAP, true).flag(CKA_SENSITIVE, true);
        auto pair = hsm::generateKeyPair(session, CKM_RSA_PKCS_KEY_PAIR_GEN, publicPolicy,
                                         privatePolicy, "quirk RSA");
        QVERIFY(pair);
        hsm::SessionObject publicGuard(session, pair->publicKey);
        hsm::SessionObject privateGuard(session, pair->privateKey);
        const std::vector<std::uint8_t> block(256, 0x42);
        auto again = hsm::keyTemplate(target, hsm::Creation::Unwrap);
        auto oaep = hsm::unwrapOaep(session, hsm::OaepHash::Sha1, pair->privateKey, block, again,
                                    "garbage");
        QVERIFY(!oaep);
        QCOMPARE(oaep.error().rv, CKR_ENCRYPTED_DATA_INVALID);
    }

    void sessionPoolGivesEachThreadItsOwnSession() {
        auto login = token_->session(); // the token's login state is shared by all sessions
        hsm::SessionPool pool(*token_->module, login.slot(), 8);
        std::barrier meet(4);
        std::mutex mutex;
        std::set<CK_SESSION_HANDLE> handles;
        std::atomic<int> kcvs{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&] {
                auto lease = pool.acquire();
                if (!lease)
                    return;
                {
                    std::lock_guard lock(mutex);
                    handles.insert(lease->session().handle());
                }
                meet.arrive_and_wait(); // all four leases are held at once
                if (kcvOfFreshKey(lease->session()))
                    ++kcvs;
            });
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(handles.size(), std::size_t(4));
        QCOMPARE(kcvs.load(), 4);
        QCOMPARE(pool.idleCount(), std::size_t(4));
        {
            auto again = pool.acquire();
            QVERIFY(again);
            again->discard();
        }
        QCOMPARE(pool.openedCount(), std::size_t(4)); // reused, not reopened
        QCOMPARE(pool.idleCount(), std::size_t(3));   // the discarded one is closed
    }

    void uriSelectsTokenAndObject() {
        auto session = token_->session();
        hsm::SecretKeyPolicy named;
        named.label = "URI_MASTER";
        named.length = 16;
        named.lifetime = hsm::Lifetime::Token;
        auto attributes = hsm::keyTemplate(named, hsm::Creation::Generate);
        auto key = hsm::generateKey(session, CKM_AES_KEY_GEN, attributes, named.label);
        QVERIFY(key);
        hsm::SessionObject guard(session, *key);
        auto uri = hsm::Pkcs11Uri::parse("pkcs11:token=kps-test;object=URI_MASTER;type=secret-key");
        QVERIFY(uri);
        QCOMPARE(*uri->tokenLabel(), std::string("kps-test"));
        QCOMPARE(*uri->objectLabel(), std::string("URI_MASTER"));
        QCOMPARE(*hsm::findTokenSlot(*token_->module, *uri), session.slot());
        auto filter = uri->objectFilter();
        QCOMPARE(*hsm::findOne(session, filter, uri->text()), *key);
        auto other = hsm::Pkcs11Uri::parse("pkcs11:token=another-token");
        QCOMPARE(hsm::findTokenSlot(*token_->module, *other).error().rv, CKR_TOKEN_NOT_PRESENT);
        auto withPin = hsm::Pkcs11Uri::parse("pkcs11:token=kps-test?pin-value=1234");
        QVERIFY(!withPin);
        QVERIFY(withPin.error().hint.find("pin-source") != std::string::npos);
        auto source = hsm::Pkcs11Uri::parse("pkcs11:token=kps-test?pin-source=file:/run/pin");
        QCOMPARE(*source->pinSource(), std::string("/run/pin"));
        QVERIFY(!hsm::Pkcs11Uri::parse("http://not-a-pkcs11-uri"));
    }

private:
    static bool kcvOfFreshKey(const hsm::Session& session) {
        hsm::SecretKeyPolicy policy;
        policy.length = 16;
        policy.uses = {hsm::KeyUse::Sign};
        auto attributes = hsm::keyTemplate(policy, hsm::Creation::Generate);
        auto key = hsm::generateKey(session, CKM_AES_KEY_GEN, attributes, "pool test");
        if (!key)
            return false;
        hsm::SessionObject guard(session, *key);
        return bool(hsm::kcvOf(session, *key, "pool test"));
    }

    std::optional<test::SoftHsmToken> token_;
};

QTEST_GUILESS_MAIN(TstHsmLayer)
#include "tst_hsm_layer.moc"
