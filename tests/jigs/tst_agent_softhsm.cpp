// The station's side of kps-agent/1 is within SoftHSM 2.6's mechanisms: ECDH1_DERIVE
// with CKD_NULL to a 256-bit AES key (Z), AES_ECB_ENCRYPT_DATA over the context (K_T),
// AES_KEY_WRAP_PAD of every secret under K_T, ECDSA (raw r || s) over the signed
// part's SHA-256 - all in the token, session objects, K_T and Z sensitive and not
// extractable. The HSM's wraps equal the OpenSSL reference's byte for byte, and the
// emulated agent accepts the HSM's request.
#include "agent_fixture.hpp"
#include "softhsm_token.hpp"

using namespace kps;
using namespace kps::test;

namespace {

const Bytes kP256Oid = {0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};

struct Hsm {
    CK_OBJECT_HANDLE create(std::vector<CK_ATTRIBUTE> attributes) {
        CK_OBJECT_HANDLE handle = CK_INVALID_HANDLE;
        const CK_RV rv = session.api()->C_CreateObject(session.handle(), attributes.data(),
                                                       CK_ULONG(attributes.size()), &handle);
        if (rv != CKR_OK)
            qFatal("C_CreateObject: 0x%lx", rv);
        return handle;
    }
    CK_OBJECT_HANDLE ecPrivateKey(const Bytes& d) {
        CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
        CK_KEY_TYPE type = CKK_EC;
        CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
        return create({{CKA_CLASS, &cls, sizeof cls},
                       {CKA_KEY_TYPE, &type, sizeof type},
                       {CKA_TOKEN, &no, sizeof no},
                       {CKA_SENSITIVE, &yes, sizeof yes},
                       {CKA_DERIVE, &yes, sizeof yes},
                       {CKA_SIGN, &yes, sizeof yes},
                       {CKA_EC_PARAMS, const_cast<std::uint8_t*>(kP256Oid.data()), kP256Oid.size()},
                       {CKA_VALUE, const_cast<std::uint8_t*>(d.data()), d.size()}});
    }
    /// An endpoint secret, wrappable: an AES key, or the password's transfer form as a
    /// generic secret.
    CK_OBJECT_HANDLE secretObject(const agentref::Secret& secret) {
        const Bytes value = agentref::transferForm(secret);
        CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
        CK_KEY_TYPE type = secret.role == proto::kRolePassword ? CKK_GENERIC_SECRET : CKK_AES;
        CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
        return create({{CKA_CLASS, &cls, sizeof cls},
                       {CKA_KEY_TYPE, &type, sizeof type},
                       {CKA_TOKEN, &no, sizeof no},
                       {CKA_SENSITIVE, &yes, sizeof yes},
                       {CKA_EXTRACTABLE, &yes, sizeof yes},
                       {CKA_VALUE, const_cast<std::uint8_t*>(value.data()), value.size()}});
    }
    /// A session AES-256 key derived from `base` (sensitive, not extractable).
    CK_OBJECT_HANDLE derive(CK_OBJECT_HANDLE base, CK_MECHANISM mechanism) {
        CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
        CK_KEY_TYPE type = CKK_AES;
        CK_ULONG length = 32;
        CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
        CK_ATTRIBUTE t[] = {
            {CKA_CLASS, &cls, sizeof cls},           {CKA_KEY_TYPE, &type, sizeof type},
            {CKA_VALUE_LEN, &length, sizeof length}, {CKA_TOKEN, &no, sizeof no},
            {CKA_SENSITIVE, &yes, sizeof yes},       {CKA_EXTRACTABLE, &no, sizeof no},
            {CKA_DERIVE, &yes, sizeof yes},          {CKA_WRAP, &yes, sizeof yes}};
        CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
        const CK_RV rv = session.api()->C_DeriveKey(session.handle(), &mechanism, base, t,
                                                    CK_ULONG(std::size(t)), &key);
        if (rv != CKR_OK)
            qFatal("C_DeriveKey 0x%lx: 0x%lx", mechanism.mechanism, rv);
        return key;
    }
    Bytes wrap(CK_OBJECT_HANDLE kek, CK_OBJECT_HANDLE key) {
        CK_MECHANISM mechanism{CKM_AES_KEY_WRAP_PAD, nullptr, 0};
        Bytes out(128);
        CK_ULONG length = CK_ULONG(out.size());
        if (session.api()->C_WrapKey(session.handle(), &mechanism, kek, key, out.data(), &length) !=
            CKR_OK)
            return {};
        out.resize(length);
        return out;
    }
    Bytes sign(CK_OBJECT_HANDLE key, const Bytes& message) { // CKM_ECDSA over SHA-256
        Bytes hash = p256::sha256(message), signature(64);
        CK_MECHANISM mechanism{CKM_ECDSA, nullptr, 0};
        CK_ULONG length = 64;
        if (session.api()->C_SignInit(session.handle(), &mechanism, key) != CKR_OK ||
            session.api()->C_Sign(session.handle(), hash.data(), CK_ULONG(hash.size()),
                                  signature.data(), &length) != CKR_OK)
            return {};
        return signature;
    }

    SoftHsmToken token;
    hsm::Session session = token.session();
};

} // namespace

class TstAgentSoftHsm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void softHsmDerivesWrapsAndSignsAsTheReference() {
        const agentref::Station station = testStation();
        const proto::StationKey anchor = station.publicKey();
        AgentEndpoint endpoint(30, {&anchor, 1});
        const agentref::Publication agent = endpoint.awaitPublication();
        const std::array<std::uint8_t, 8> address = {0x8b, 0x2d, 0x30, 0, 0, 0x10, 1, 7};
        const std::vector<agentref::Secret> secrets = {
            {1, 1, 1, Bytes(16, 0x11)},
            {3, 3, 1, Bytes(32, 0x33)},
            {9, 0x80, 1, {'p', 'w', '4', '5', '6', '7', '8', '9', 'x', 'y'}}};
        const agentref::Request reference = station.answer(agent, address, secrets, 31);

        Hsm hsm;
        const p256::KeyPair ephemeral = p256::keyFromSeed(31); // the reference's
        Bytes agentPoint{0x04};
        agentPoint.insert(agentPoint.end(), agent.agentKey.begin(), agent.agentKey.end());
        CK_ECDH1_DERIVE_PARAMS ecdh{CKD_NULL, 0, nullptr, CK_ULONG(agentPoint.size()),
                                    agentPoint.data()};
        const CK_OBJECT_HANDLE z =
            hsm.derive(hsm.ecPrivateKey(ephemeral.d), {CKM_ECDH1_DERIVE, &ecdh, sizeof ecdh});
        Bytes stationKey = ephemeral.x;
        stationKey.insert(stationKey.end(), ephemeral.y.begin(), ephemeral.y.end());
        Bytes context(proto::kTransportLabel.begin(), proto::kTransportLabel.end());
        context.insert(context.end(), agent.uid64.begin(), agent.uid64.end());
        context.push_back(0x04);
        context.insert(context.end(), agent.agentKey.begin(), agent.agentKey.end());
        context.push_back(0x04);
        context.insert(context.end(), stationKey.begin(), stationKey.end());
        for (int i = 0; i < 4; ++i)
            context.push_back(std::uint8_t(agent.exchange >> (8 * i)));
        Bytes c = p256::sha256(context);
        CK_KEY_DERIVATION_STRING_DATA data{c.data(), CK_ULONG(c.size())};
        const CK_OBJECT_HANDLE kt = hsm.derive(z, {CKM_AES_ECB_ENCRYPT_DATA, &data, sizeof data});

        agentref::Request fromHsm{reference.signedPart, {}, {}};
        for (const agentref::Secret& secret : secrets) {
            const Bytes wrapped = hsm.wrap(kt, hsm.secretObject(secret));
            QVERIFY(!wrapped.empty());
            fromHsm.wrapped.insert(fromHsm.wrapped.end(), wrapped.begin(), wrapped.end());
        }
        QCOMPARE(fromHsm.wrapped, reference.wrapped); // the same K_T, the same RFC 5649
        fromHsm.signature = hsm.sign(hsm.ecPrivateKey(station.signing.d), fromHsm.signedPart);
        QCOMPARE(fromHsm.signature.size(), std::size_t(64));
        QCOMPARE(endpoint.exchange(fromHsm), proto::AgentStatus::Ok);
    }
};

QTEST_GUILESS_MAIN(TstAgentSoftHsm)
#include "tst_agent_softhsm.moc"
