#pragma once
// PINs come from a file or the environment, never from a command line.
#include "kps/hsm/error.hpp"
#include "kps/hsm/secret_bytes.hpp"

#include <string>

namespace kps::hsm {

/// Reads a PIN file (first line, without the newline). Refuses files others can read.
Result<SecretBytes> readPinFile(const std::string& path);
/// Reads a PIN from an environment variable and removes the variable from the environment.
Result<SecretBytes> takePinFromEnvironment(const char* variable);
/// A fresh random PIN of `length` characters from [A-Za-z0-9].
SecretBytes randomPin(std::size_t length);
/// Writes a PIN file readable by its owner only (0600); fails if the file exists.
Status writePinFile(const std::string& path, const SecretBytes& pin);

} // namespace kps::hsm
