#pragma once
// Every file the station reads, opened the trusted way (kps/secure/trusted_files.hpp):
// no links followed, nothing that blocks (FIFO, device), a regular file within the
// limit. A refusal is an InputProblem naming the file, the reason and the fix.
// Embedded resources (":/...") are the program's own and read as they are.
#include "kps/schemas/input_problem.hpp"

#include <QByteArray>
#include <QFile>

namespace kps::schemas {

/// The whole file, refused unless it is a regular file of at most maxBytes.
Checked<QByteArray> readInputFile(const QString& path, qint64 maxBytes);
/// Opens `file` (its fileName()) for reading after the same checks, for a streamed
/// reader; the QFile owns the descriptor from then on.
Checked<void> openInputFile(QFile& file, qint64 maxBytes);

} // namespace kps::schemas
