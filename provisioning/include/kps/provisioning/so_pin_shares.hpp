#pragma once
// The token's security officer PIN never stays on disk in clear: `kps init` makes it and
// splits it into two shares (2-of-2), one for each of the first two key custodians,
// who take them away. A share is a string of the PIN alphabet [A-Za-z0-9] as long as the
// PIN: the first is uniformly random, the second the PIN minus the first, character by
// character modulo 62. Each share alone is uniformly random (it says nothing of the PIN);
// both added give it back. A share is read like a PIN file (0600, first line).
#include "kps/provisioning/error.hpp"
#include "kps/secure/secret_bytes.hpp"

namespace kps::provisioning {

struct SoPinShares {
    secure::SecretBytes first;
    secure::SecretBytes second;
};

/// Splits a PIN of the alphabet [A-Za-z0-9] into two shares.
SoPinShares splitSoPin(const secure::SecretBytes& soPin);
/// The PIN the two shares make; bad input (naming neither share's content) when they
/// differ in length or hold a character outside the alphabet.
Outcome<secure::SecretBytes> joinSoPin(const secure::SecretBytes& first,
                                       const secure::SecretBytes& second);

} // namespace kps::provisioning
