#include "kps/secure/pin.hpp"

#include "kps/secure/trusted_files.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <openssl/rand.h>
#include <unistd.h>

namespace kps::secure {
namespace {

constexpr std::size_t kMaxPin = 256;
constexpr std::size_t kMaxPinFile = 4096; // a PIN, its newline and perhaps a comment line

tl::unexpected<PinError> failed(std::string what, std::string source, std::string reason) {
    return tl::unexpected(PinError{std::move(what), std::move(source), std::move(reason)});
}

/// A failure of the last system call, its error text appended to the hint.
tl::unexpected<PinError> fileError(const std::string& what, const std::string& path,
                                   const std::string& hint) {
    return failed(what, path, hint + " (" + std::strerror(errno) + ")");
}

std::size_t lineLength(const SecretBytes& bytes, std::size_t size) {
    std::size_t length = 0;
    while (length < size && bytes.data()[length] != '\n' && bytes.data()[length] != '\r')
        ++length;
    return length;
}

} // namespace

std::string PinError::message() const {
    std::string text = what + " failed";
    if (!source.empty())
        text += " on " + source;
    if (!reason.empty())
        text += ": " + reason;
    return text;
}

PinResult<SecretBytes> readPinFile(const std::string& path) {
    auto file = readSecretInput(path, kMaxPinFile);
    if (!file) {
        const FileError& error = file.error();
        return failed("read PIN file", path,
                      error.fix.empty() ? error.reason : error.reason + ": " + error.fix);
    }
    SecretBytes buffer = std::move(*file);
    buffer.shrink(lineLength(buffer, buffer.size()));
    if (buffer.empty())
        return failed("read PIN file", path, "the PIN file is empty");
    if (buffer.size() > kMaxPin)
        return failed("read PIN file", path,
                      "the PIN is longer than " + std::to_string(kMaxPin) + " characters");
    return buffer;
}

PinResult<SecretBytes> takePinFromEnvironment(const char* variable) {
    char* value = std::getenv(variable);
    if (!value || !*value)
        return failed("read PIN", variable, "the variable is not set");
    const std::size_t length = std::strlen(value);
    auto pin = SecretBytes::copyOf({reinterpret_cast<const std::uint8_t*>(value), length});
    secureWipe(value, length);
    ::unsetenv(variable);
    return pin;
}

SecretBytes randomPin(std::size_t length) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    SecretBytes pin(length);
    SecretBytes noise(1);
    for (std::size_t i = 0; i < length;) {
        if (RAND_priv_bytes(noise.data(), 1) != 1)
            std::abort();          // no randomness: a PIN made without it would be guessable
        if (noise.data()[0] < 248) // 248 = 4 * 62: no bias
            pin.data()[i++] = static_cast<std::uint8_t>(alphabet[noise.data()[0] % 62]);
    }
    return pin;
}

PinResult<void> writePinFile(const std::string& path, const SecretBytes& pin) {
    FileHandle file(
        ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!file)
        return fileError("create PIN file", path, "remove the old file or choose another path");
    if (::write(file.get(), pin.data(), pin.size()) != static_cast<ssize_t>(pin.size()) ||
        ::write(file.get(), "\n", 1) != 1 || ::fsync(file.get()) != 0)
        return fileError("write PIN file", path, "check the disk");
    return {};
}

} // namespace kps::secure
