#pragma once
// PINs come from a file or the environment, never from a command line, and go
// straight into locked memory.
#include "kps/base/expected.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <string>

namespace kps::secure {

/// Why a PIN could not be read or written: what was tried, on which file or
/// variable, and the reason (with the system's error text where there is one).
struct PinError {
    std::string what;   // "open PIN file"
    std::string source; // the file or the environment variable
    std::string reason; // "the PIN file must be readable by its owner only: chmod 600 it"

    std::string message() const; // "open PIN file failed on SOURCE: REASON"
};

template <class T> using PinResult = kps::Expected<T, PinError>;

/// Reads a PIN file (first line, without the newline). Refuses files others can read.
PinResult<SecretBytes> readPinFile(const std::string& path);
/// Reads a PIN from an environment variable and removes the variable from the environment.
PinResult<SecretBytes> takePinFromEnvironment(const char* variable);
/// A fresh random PIN of `length` characters from [A-Za-z0-9].
SecretBytes randomPin(std::size_t length);
/// Writes a PIN file readable by its owner only (0600); fails if the file exists.
PinResult<void> writePinFile(const std::string& path, const SecretBytes& pin);

} // namespace kps::secure
