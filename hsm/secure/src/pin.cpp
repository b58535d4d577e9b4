#include "kps/secure/pin.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kps::secure {
namespace {

constexpr std::size_t kMaxPin = 256;

class FileDescriptor {
public:
    explicit FileDescriptor(int fd)
        : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

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
    FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0)
        return fileError("open PIN file", path, "check the PIN file path");
    struct stat info {};
    if (fstat(file.get(), &info) != 0)
        return fileError("stat PIN file", path, "check the PIN file");
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        return failed("open PIN file", path,
                      "the PIN file must be readable by its owner only: chmod 600 it");
    SecretBytes buffer(kMaxPin);
    ssize_t got = ::read(file.get(), buffer.data(), buffer.size());
    if (got < 0)
        return fileError("read PIN file", path, "check the PIN file");
    buffer.shrink(lineLength(buffer, static_cast<std::size_t>(got)));
    if (buffer.empty())
        return failed("read PIN file", path, "the PIN file is empty");
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
    FileDescriptor file(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (file.get() < 0)
        return fileError("create PIN file", path, "remove the old file or choose another path");
    if (::write(file.get(), pin.data(), pin.size()) != static_cast<ssize_t>(pin.size()) ||
        ::write(file.get(), "\n", 1) != 1 || ::fsync(file.get()) != 0)
        return fileError("write PIN file", path, "check the disk");
    return {};
}

} // namespace kps::secure
