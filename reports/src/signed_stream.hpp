#pragma once
// A file written as a stream and signed when complete: bytes go to FILE.partial and
// into SHA-256; finish() syncs, signs the digest (FILE.sig, DER) and moves the file
// into place. Destroyed unfinished, it leaves nothing behind. FILE.partial is a
// secure::SafeOutput: a link planted in its place is refused, never followed.
#include "kps/reports/report_error.hpp"
#include "kps/secure/safe_output.hpp"
#include "kps/x509/signer.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <memory>
#include <optional>

namespace kps::reports {

class SignedStream {
public:
    static ReportResult<std::unique_ptr<SignedStream>> create(const QString& path);
    ~SignedStream();
    SignedStream(const SignedStream&) = delete;
    SignedStream& operator=(const SignedStream&) = delete;

    ReportResult<void> write(const QByteArray& bytes);
    /// Returns the SHA-256 (hex) of the file's bytes.
    ReportResult<QString> finish(x509::Signer& signer);
    const QString& path() const { return path_; }

private:
    explicit SignedStream(const QString& path);
    QString path_;
    std::optional<secure::SafeOutput> output_; // FILE.partial, made without following links
    QFile file_;                               // on output_'s descriptor
    QCryptographicHash hash_{QCryptographicHash::Sha256};
};

/// Signs a SHA-256 digest and writes FILE.sig.
ReportResult<void> signDigestTo(const QString& path, const QByteArray& digest,
                                x509::Signer& signer);

} // namespace kps::reports
