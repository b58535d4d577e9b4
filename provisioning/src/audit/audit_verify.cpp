#include "audit_verify.hpp"

#include "kps/x509/signature.hpp"

#include <map>

namespace kps::provisioning {
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

/// What is wrong with one row of a station alone, given the previous row's hash.
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

/// What is wrong with one row of a shared registry's chain (seq has gaps there).
QString registryRowProblem(const AuditEntry& entry, const QString& previousHash,
                           qint64 previousSeq) {
    if (entry.seq <= previousSeq)
        return QStringLiteral("row %1 follows row %2 (reordered rows)")
            .arg(entry.seq)
            .arg(previousSeq);
    if (entry.prev != previousHash)
        return QStringLiteral("does not link to the previous row's hash (deleted, moved or "
                              "inserted rows)");
    if (auditHash(entry) != entry.hash)
        return QStringLiteral("its content does not match its hash (the row was changed)");
    return {};
}

void markBroken(ChainVerification& chain, qint64 seq, const QString& reason) {
    if (chain.intact || seq < chain.firstBroken) {
        chain.intact = false;
        chain.firstBroken = seq;
        chain.reason = reason;
    }
}

class SealedWalk {
public:
    SealedWalk(ChainVerification& result, std::map<qint64, AuditCheckpoint> checkpoints)
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
            markBroken(result_, result_.rows, problem);
        previous_ = entry.hash;
        result_.headHash = entry.hash;
    }

    /// Checkpoints of rows that are no longer there.
    void finish() {
        for (const auto& [seq, checkpoint] : checkpoints_)
            markBroken(result_, seq,
                       QStringLiteral("checkpoint %1 seals a row that is missing (rows were "
                                      "deleted from the end of the chain)")
                           .arg(seq));
    }

private:
    ChainVerification& result_;
    std::map<qint64, AuditCheckpoint> checkpoints_;
    QString previous_ = kAuditGenesis;
};

Outcome<ChainVerification> verifyStationChain(Store& store, const QString& station) {
    ChainVerification chain;
    chain.station = station;
    QString previousHash = kAuditGenesis;
    qint64 previousSeq = 0;
    KPS_TRY(store.audit().forEachOf(station, [&](const AuditEntry& entry) -> Done {
        ++chain.rows;
        if (const QString problem = registryRowProblem(entry, previousHash, previousSeq);
            !problem.isEmpty() && chain.intact)
            markBroken(chain, entry.seq, problem);
        previousHash = entry.hash;
        previousSeq = entry.seq;
        chain.headHash = entry.hash;
        return {};
    }));
    return chain;
}

} // namespace

Outcome<ChainVerification> verifySealedChain(Store& store, const x509::CertificateInfo& signing) {
    ChainVerification result;
    result.station = store.station();
    std::map<qint64, AuditCheckpoint> checkpoints;
    std::vector<std::pair<qint64, QString>> badSignatures;
    KPS_TRY(store.audit().forEachCheckpoint([&](const AuditCheckpoint& checkpoint) -> Done {
        ++result.checkpoints;
        result.lastCheckpoint = std::max(result.lastCheckpoint, checkpoint.seq);
        if (QString problem = checkpointProblem(checkpoint, signing); !problem.isEmpty())
            badSignatures.emplace_back(checkpoint.seq, problem);
        checkpoints.emplace(checkpoint.seq, checkpoint);
        return {};
    }));
    SealedWalk walk(result, std::move(checkpoints));
    for (const auto& [seq, problem] : badSignatures)
        markBroken(result, seq, problem);
    KPS_TRY(store.audit().forEach([&](const AuditEntry& entry) -> Done {
        walk.row(entry);
        return {};
    }));
    walk.finish();
    return result;
}

Outcome<std::vector<ChainVerification>> verifyStationChains(Store& store) {
    KPS_TRY_LET(stations, store.audit().stations());
    std::vector<ChainVerification> chains;
    for (const QString& station : stations) {
        KPS_TRY_LET(chain, verifyStationChain(store, station));
        chains.push_back(std::move(chain));
    }
    return chains;
}

} // namespace kps::provisioning
