#pragma once
// Helpers for keys that come in from customers' files: which OAEP a file names, and
// whether an HSM refusal means a bad file (exit 2) or a failing HSM (exit 4).
#include "kps/hsm/error.hpp"
#include "kps/hsm/key_ops.hpp"
#include "kps/provisioning/error.hpp"

#include <optional>

namespace kps::provisioning {

std::optional<hsm::OaepHash> oaepFromName(const QString& wrap);

/// True for the codes a module gives for wrapped data that is corrupt, truncated,
/// wrapped under another key or of the wrong size.
bool meansBadData(CK_RV rv);

/// A bad-input error naming the file place when the HSM refused the data, else a
/// device error.
Error incomingError(const hsm::HsmError& error, const QString& what, const QString& place,
                    const QString& hint);

/// The same error, with the place in the file where it happened.
Error located(Error error, const QString& place);

} // namespace kps::provisioning
