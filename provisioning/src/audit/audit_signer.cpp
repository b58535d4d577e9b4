#include "kps/provisioning/ports/audit_signer.hpp"

namespace kps::provisioning {
namespace {

class StationAuditSigner final : public AuditSigner {
public:
    explicit StationAuditSigner(std::shared_ptr<x509::Signer> signer)
        : signer_(std::move(signer)) {}

    QString signerSha256() const override {
        return QString::fromStdString(signer_->certificate().sha256Hex);
    }

    Outcome<QByteArray> sign(const QByteArray& message) override {
        auto signature =
            signer_->signData({reinterpret_cast<const std::uint8_t*>(message.constData()),
                               std::size_t(message.size())});
        if (!signature)
            return failure(ErrorKind::Device, QStringLiteral("sign audit checkpoint"),
                           QString::fromStdString(signature.error().object),
                           QString::fromStdString(signature.error().message()),
                           QStringLiteral("Check the HSM; the event was not recorded"));
        return QByteArray(reinterpret_cast<const char*>(signature->data()),
                          qsizetype(signature->size()));
    }

private:
    std::shared_ptr<x509::Signer> signer_;
};

} // namespace

std::shared_ptr<AuditSigner> auditSignerFor(std::shared_ptr<x509::Signer> signer) {
    if (!signer)
        return nullptr;
    return std::make_shared<StationAuditSigner>(std::move(signer));
}

} // namespace kps::provisioning
