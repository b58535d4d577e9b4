#include "kps/app/audit_check.hpp"

#include "kps/x509/signature.hpp"

#include <map>

namespace kps::app {

using namespace provisioning;

namespace {

/// Problems of one checkpoint on its own: signer and signature.
QString checkpointProblem(const AuditCheckpoint& checkpoint, const x509::CertificateInfo& station) {
    if (checkpoint.signerSha256.toStdString() != station.sha256Hex)
        return QStringLiteral("checkpoint %1 names another signer than the station's certificate")
            .arg(checkpoint.seq);
    const QByteArray message = checkpointMessage(checkpoint.seq, checkpoint.hash);
    const auto* data = reinterpret_cast<const std::uint8_t*>(message.constData());
    const auto* signature = reinterpret_cast<const std::uint8_t*>(checkpoint.signature.constData());
    if (!x509::verifySignature(station.der, {data, std::size_t(message.size())},
                               {signature, std::size_t(checkpoint.signature.size())}))
        return QStringLiteral("checkpoint %1: the signature does not verify with the station's "
                              "certificate")
            .arg(checkpoint.seq);
    return {};
}

/// What is wrong with one row, given the previous row's hash.
QString rowProblem(const AuditEntry& entry, qint64 expectedSeq, const QString& previous) {
    if (entry.seq != expectedSeq)
        return QStringLiteral("row %1 found where row %2 belongs (deleted or reordered rows)")
            .arg(entry.seq)
            .arg(expectedSeq);
    if (entry.prev != previous)
        return QStringLiteral("does not link to the previous row's hash");
    if (auditHash(entry) != entry.hash)
        return QStringLiteral("its content does not match its hash (the row was changed)");
    return {};
}

class ChainWalk {
public:
    ChainWalk(AuditVerification& result, std::map<qint64, AuditCheckpoint> checkpoints)
        : result_(result)
        , checkpoints_(std::move(checkpoints)) {}

    void row(const AuditEntry& entry) {
        ++result_.rows;
        QString problem = rowProblem(entry, result_.rows, previous_);
        if (auto checkpoint = checkpoints_.find(entry.seq);
            problem.isEmpty() && checkpoint != checkpoints_.end()) {
            if (checkpoint->second.hash != entry.hash)
                problem = QStringLiteral("differs from what checkpoint %1 signed").arg(entry.seq);
            checkpoints_.erase(checkpoint);
        }
        if (!problem.isEmpty())
            broken(result_.rows, problem);
        previous_ = entry.hash;
        result_.headHash = entry.hash;
    }

    /// Checkpoints of rows that are no longer there.
    void finish() {
        for (const auto& [seq, checkpoint] : checkpoints_)
            broken(seq, QStringLiteral("checkpoint %1 seals a row that is missing (rows were "
                                       "deleted from the end of the chain)")
                            .arg(seq));
    }

    void broken(qint64 seq, const QString& reason) {
        if (result_.intact || seq < result_.firstBroken) {
            result_.intact = false;
            result_.firstBroken = seq;
            result_.reason = reason;
        }
    }

private:
    AuditVerification& result_;
    std::map<qint64, AuditCheckpoint> checkpoints_;
    QString previous_ = kAuditGenesis;
};

} // namespace

CommandResult<AuditVerification> verifyAuditChain(Store& store,
                                                  const x509::CertificateInfo& stationSigning) {
    AuditVerification result;
    std::map<qint64, AuditCheckpoint> checkpoints;
    std::vector<std::pair<qint64, QString>> badSignatures;
    auto read = store.forEachCheckpoint([&](const AuditCheckpoint& checkpoint) -> Done {
        ++result.checkpoints;
        result.lastCheckpoint = std::max(result.lastCheckpoint, checkpoint.seq);
        if (QString problem = checkpointProblem(checkpoint, stationSigning); !problem.isEmpty())
            badSignatures.emplace_back(checkpoint.seq, problem);
        checkpoints.emplace(checkpoint.seq, checkpoint);
        return {};
    });
    if (!read)
        return tl::unexpected(fromError(read.error()));
    ChainWalk walk(result, std::move(checkpoints));
    for (const auto& [seq, problem] : badSignatures)
        walk.broken(seq, problem);
    auto walked = store.forEachAudit([&](const AuditEntry& entry) -> Done {
        walk.row(entry);
        return {};
    });
    if (!walked)
        return tl::unexpected(fromError(walked.error()));
    walk.finish();
    return result;
}

} // namespace kps::app
