#include "simulated_sockets.hpp"

#include "kps/jigs/wipe.hpp"

#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kps::jigs {
namespace {

// KPSSOCK3: unique ID, flags, then the flash pages (flash_pages.hpp). KPSSOCK2 (the
// previous format) held the key-store page alone.
constexpr std::array<char, 8> kMagic = {'K', 'P', 'S', 'S', 'O', 'C', 'K', '3'};
constexpr std::array<char, 8> kMagicKeyStoreOnly = {'K', 'P', 'S', 'S', 'O', 'C', 'K', '2'};
constexpr std::size_t kHeader = kMagic.size() + 12 + 1;

/// The whole file, read without a stream buffer (the page holds keys; the caller wipes).
std::vector<std::uint8_t> readAll(const std::filesystem::path& path) {
    std::vector<std::uint8_t> bytes;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return bytes;
    struct stat info {};
    if (::fstat(fd, &info) == 0 && info.st_size > 0) {
        bytes.resize(std::size_t(info.st_size));
        std::size_t done = 0;
        for (ssize_t n;
             done < bytes.size() && (n = ::read(fd, bytes.data() + done, bytes.size() - done)) > 0;)
            done += std::size_t(n);
        bytes.resize(done);
    }
    ::close(fd);
    return bytes;
}

std::optional<SocketContent> parse(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < kHeader)
        return std::nullopt;
    const bool current = std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) == 0;
    if (!current && (bytes.size() == kHeader ||
                     std::memcmp(bytes.data(), kMagicKeyStoreOnly.data(), kMagic.size()) != 0))
        return std::nullopt;
    SocketContent content;
    const std::uint8_t* at = bytes.data() + kMagic.size();
    std::memcpy(content.uniqueId.data(), at, 12);
    content.locked = (at[12] & 1) != 0;
    content.preLocked = (at[12] & 2) != 0;
    if (!current) {
        content.keyStorePage.assign(bytes.begin() + kHeader, bytes.end());
        return content;
    }
    auto pages = sim::readPages(std::span(bytes).subspan(kHeader));
    if (!pages)
        return std::nullopt;
    content.pages = std::move(*pages);
    return content;
}

} // namespace

void writeFileAtomically(const std::filesystem::path& path, const std::uint8_t* bytes,
                         std::size_t size) {
    const std::filesystem::path temporary = path.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    bool written = true;
    for (std::size_t done = 0; done < size && written;) {
        const ssize_t n = ::write(fd, bytes + done, size - done);
        written = n > 0;
        done += written ? std::size_t(n) : 0;
    }
    ::close(fd);
    std::error_code ignored; // callers run in noexcept paths (detach)
    if (written)
        std::filesystem::rename(temporary, path, ignored);
    else
        std::filesystem::remove(temporary, ignored);
}

SimulatedSockets::SimulatedSockets(std::filesystem::path directory)
    : directory_(std::move(directory)) {
    if (persistent())
        std::filesystem::create_directories(directory_);
}

std::filesystem::path SimulatedSockets::fileOf(int slot) const {
    return directory_ / ("slot-" + std::to_string(slot) + ".socket");
}

std::optional<SocketContent> SimulatedSockets::load(int slot) const {
    if (!persistent())
        return std::nullopt;
    auto bytes = readAll(fileOf(slot));
    auto content = parse(bytes);
    wipe(bytes);
    return content;
}

void SimulatedSockets::save(int slot, const sim::SimulatedEndpoint& endpoint,
                            bool preLocked) const {
    if (!persistent())
        return;
    std::vector<std::uint8_t> bytes(kMagic.begin(), kMagic.end());
    bytes.insert(bytes.end(), endpoint.uniqueId().begin(), endpoint.uniqueId().end());
    bytes.push_back(std::uint8_t((endpoint.locked() ? 1 : 0) | (preLocked ? 2 : 0)));
    sim::FlashPages pages = sim::nonEmptyPages(endpoint);
    sim::appendPages(bytes, pages);
    sim::wipe(pages);
    writeFileAtomically(fileOf(slot), bytes.data(), bytes.size());
    wipe(bytes);
}

void SimulatedSockets::clear(int slot) const {
    if (!persistent())
        return;
    std::error_code ignored;
    std::filesystem::remove(fileOf(slot), ignored);
}

std::vector<std::array<std::uint8_t, 12>> SimulatedSockets::occupants() const {
    std::vector<std::array<std::uint8_t, 12>> ids;
    if (!persistent())
        return ids;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error))
        if (entry.path().extension() == ".socket") {
            auto bytes = readAll(entry.path());
            if (auto content = parse(bytes)) {
                ids.push_back(content->uniqueId);
                sim::wipe(content->pages);
                wipe(content->keyStorePage);
            }
            wipe(bytes);
        }
    return ids;
}

} // namespace kps::jigs
