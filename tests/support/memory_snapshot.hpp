#pragma once
// This process's writable memory as it was at one instant, searched for secrets
// without the search itself putting them there.
//
// The constructor forks: the child keeps a copy-on-write image of the memory and
// waits. The parent may then learn the secrets (read them from files) and hands them
// to search(), which sends them to the child masked (XOR with a random pad made
// before the fork); the child compares its memory, XORed with the same pad, against
// them and answers with the hits. No plain secret reaches the child's memory after
// the fork, so what it finds was in the process at that instant.
//
// The child calls no allocator and no library (another thread may have held a lock
// at the fork): only system calls on buffers made before the fork.
#include <QByteArray>
#include <QList>
#include <QString>
#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <openssl/rand.h>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace kps::test {

/// A needle whose bytes lie in pieces `stride` bytes apart (a key's 32-bit words as a
/// queue of structs or a packet holds them): piece 4, stride 32 looks for bytes 0-3 at
/// the hit, 4-7 at hit + 32, and so on. Contiguous: piece = stride = the whole needle.
struct SpacedNeedle {
    QByteArray bytes;
    std::uint32_t piece = 0; // 0: contiguous
    std::uint32_t stride = 0;
};

struct MemoryHit {
    int needle = -1;
    std::uint64_t address = 0;
    QString region; // the mapping's name in /proc/self/maps ("[heap]", a library, "" anon)
};

class MemorySnapshot {
public:
    MemorySnapshot()
        : maps_(kMapsBytes)
        , scratch_(kChunk + kMaxNeedle)
        , needles_(kNeedleBytes)
        , first_(kPrefixes, -1)
        , next_(kMaxNeedles, -1)
        , starts_(kMaxNeedles, 0)
        , lengths_(kMaxNeedles, 0)
        , pieces_(kMaxNeedles, 0)
        , strides_(kMaxNeedles, 0) {
        RAND_bytes(pad_.data(), int(pad_.size()));
        int toChild[2], toParent[2];
        if (::pipe2(toChild, O_CLOEXEC) != 0 || ::pipe2(toParent, O_CLOEXEC) != 0)
            return;
        child_ = ::fork();
        if (child_ == 0) {
            ::close(toChild[1]);
            ::close(toParent[0]);
            runChild(toChild[0], toParent[1]);
        }
        ::close(toChild[0]);
        ::close(toParent[1]);
        toChild_ = toChild[1];
        fromChild_ = toParent[0];
    }
    MemorySnapshot(const MemorySnapshot&) = delete;
    MemorySnapshot& operator=(const MemorySnapshot&) = delete;
    ~MemorySnapshot() {
        if (toChild_ >= 0)
            ::close(toChild_);
        if (fromChild_ >= 0)
            ::close(fromChild_);
        if (child_ > 0) {
            ::kill(child_, SIGKILL);
            ::waitpid(child_, nullptr, 0);
        }
    }

    bool valid() const { return child_ > 0; }
    std::uint64_t bytesSearched() const { return searched_; }

    /// Every place in the snapshot where one of the needles (8 to kMaxNeedle bytes) is;
    /// nothing when the search did not run to its end (a bad needle, a child that died).
    std::optional<QList<MemoryHit>> search(const QList<QByteArray>& needles) {
        QList<SpacedNeedle> contiguous;
        for (const QByteArray& needle : needles)
            contiguous.append({needle, 0, 0});
        return search(contiguous);
    }

    /// The same for needles spread over memory in pieces (at most kMaxNeedle bytes apart
    /// from first to last byte).
    std::optional<QList<MemoryHit>> search(const QList<SpacedNeedle>& needles) {
        QList<MemoryHit> hits;
        QByteArray message;
        const auto count = std::uint32_t(needles.size());
        message.append(reinterpret_cast<const char*>(&count), sizeof count);
        for (const SpacedNeedle& needle : needles) {
            const auto length = std::uint32_t(needle.bytes.size());
            const std::uint32_t piece = needle.piece ? needle.piece : length;
            const std::uint32_t stride = needle.piece ? needle.stride : length;
            for (std::uint32_t field : {length, piece, stride})
                message.append(reinterpret_cast<const char*>(&field), sizeof field);
            for (qsizetype i = 0; i < needle.bytes.size(); ++i)
                message.append(char(std::uint8_t(needle.bytes[i]) ^ pad_[std::size_t(i)]));
        }
        if (!writeAll(toChild_, message.constData(), std::size_t(message.size())))
            return std::nullopt;
        ::close(toChild_);
        toChild_ = -1;
        WireHit wire{};
        bool ended = false;
        while (!ended && readAll(fromChild_, &wire, sizeof wire)) {
            ended = wire.needle < 0;
            if (!ended)
                hits.append({wire.needle, wire.address, QString::fromLocal8Bit(wire.region)});
        }
        ::waitpid(child_, nullptr, 0);
        child_ = -1;
        if (!ended)
            return std::nullopt;
        searched_ = wire.address;
        return hits;
    }

private:
    static constexpr std::size_t kMapsBytes = 4 << 20;
    static constexpr std::size_t kChunk = 1 << 20;
    static constexpr std::size_t kMaxNeedle = 256;
    static constexpr std::size_t kNeedleBytes = 1 << 20;
    static constexpr std::size_t kMaxNeedles = 1 << 14;
    static constexpr std::size_t kPrefixes = 1 << 16;

    struct WireHit {
        std::int32_t needle; // -1: the end; then address holds the bytes searched
        std::uint64_t address;
        char region[112];
    };

    /// Calls `transfer(bytes, size)` (read or write) until all of `size` bytes are done.
    template <class Byte, class Transfer>
    static bool allBytes(Byte* bytes, std::size_t size, Transfer transfer) {
        while (size > 0) {
            const ssize_t n = transfer(bytes, size);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            bytes += n;
            size -= std::size_t(n);
        }
        return true;
    }
    static bool writeAll(int fd, const void* data, std::size_t size) {
        return allBytes(static_cast<const char*>(data), size,
                        [fd](const char* bytes, std::size_t n) { return ::write(fd, bytes, n); });
    }
    static bool readAll(int fd, void* data, std::size_t size) {
        return allBytes(static_cast<char*>(data), size,
                        [fd](char* bytes, std::size_t n) { return ::read(fd, bytes, n); });
    }

    [[noreturn]] void runChild(int in, int out) {
        if (!readNeedles(in))
            ::_exit(1);
        const int memory = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
        const int maps = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
        if (memory < 0 || maps < 0)
            ::_exit(1);
        std::size_t mapsSize = 0;
        for (ssize_t n;
             (n = ::read(maps, maps_.data() + mapsSize, maps_.size() - 1 - mapsSize)) > 0;)
            mapsSize += std::size_t(n);
        maps_[mapsSize] = '\0';
        std::uint64_t searched = 0;
        for (char* line = maps_.data(); *line;) {
            char* end = std::strchr(line, '\n');
            if (end)
                *end = '\0';
            searched += searchRegion(line, memory, out);
            line = end ? end + 1 : line + std::strlen(line);
        }
        WireHit done{-1, searched, {}};
        writeAll(out, &done, sizeof done);
        ::_exit(0);
    }

    bool readNeedles(int in) {
        std::uint32_t count = 0;
        if (!readAll(in, &count, sizeof count) || count > kMaxNeedles)
            return false;
        std::size_t used = 0;
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint32_t shape[3] = {}; // length, piece, stride
            if (!readAll(in, shape, sizeof shape))
                return false;
            const std::uint32_t length = shape[0], piece = shape[1], stride = shape[2];
            if (length < 8 || length > kMaxNeedle || piece < 2 || piece > length ||
                stride < piece || length % piece != 0 ||
                (length / piece - 1) * stride + piece > kMaxNeedle ||
                used + length > needles_.size() || !readAll(in, needles_.data() + used, length))
                return false;
            starts_[i] = used;
            lengths_[i] = length;
            pieces_[i] = piece;
            strides_[i] = stride;
            used += length;
            const std::size_t prefix = needles_[starts_[i]] | (needles_[starts_[i] + 1] << 8);
            next_[i] = first_[prefix];
            first_[prefix] = int(i);
        }
        return true;
    }

    /// One line of /proc/self/maps: searched when writable; returns the bytes read.
    std::uint64_t searchRegion(const char* line, int memory, int out) {
        // "begin-end perms offset device inode   name"
        const char* cursor = line;
        const unsigned long begin = hexNumber(cursor);
        const unsigned long end = hexNumber(++cursor);
        const char* perms = ++cursor;
        if (end <= begin || perms[0] != 'r' || perms[1] != 'w')
            return 0;
        for (int field = 0; field < 4 && *cursor; ++field) {
            cursor = std::strchr(cursor, ' ');
            cursor = cursor ? cursor + std::strspn(cursor, " ") : "";
        }
        const char* name = cursor;
        std::uint64_t searched = 0;
        for (unsigned long at = begin; at < end; at += kChunk) {
            const std::size_t wanted = std::min<unsigned long>(kChunk + kMaxNeedle, end - at);
            const ssize_t got = ::pread(memory, scratch_.data(), wanted, off_t(at));
            if (got <= 0)
                continue;
            searched += std::min<std::uint64_t>(std::uint64_t(got), kChunk);
            searchChunk(at, std::size_t(got), std::min<std::size_t>(std::size_t(got), kChunk), name,
                        out);
        }
        return searched;
    }

    static unsigned long hexNumber(const char*& cursor) {
        unsigned long value = 0;
        for (;; ++cursor) {
            const char c = *cursor;
            if (c >= '0' && c <= '9')
                value = value * 16 + unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                value = value * 16 + unsigned(c - 'a' + 10);
            else
                return value;
        }
    }

    /// The search's own buffers (the scratch copy, the masked needles, the map) are not
    /// the process's memory: a match there is not a hit.
    bool ownBuffer(std::uint64_t address) const {
        const auto inside = [&](const auto& buffer) {
            const auto from = reinterpret_cast<std::uint64_t>(buffer.data());
            return address >= from && address < from + buffer.size();
        };
        return inside(scratch_) || inside(needles_) || inside(maps_);
    }

    void searchChunk(unsigned long at, std::size_t size, std::size_t positions, const char* name,
                     int out) {
        const std::uint8_t* bytes = scratch_.data();
        for (std::size_t p = 0; p + 8 <= size && p < positions; ++p) {
            const std::size_t prefix =
                std::size_t(bytes[p] ^ pad_[0]) | (std::size_t(bytes[p + 1] ^ pad_[1]) << 8);
            for (int i = first_[prefix]; i >= 0; i = next_[std::size_t(i)])
                if (matches(bytes + p, size - p, std::size_t(i)) && !ownBuffer(at + p))
                    report(i, at + p, name, out);
        }
    }

    bool matches(const std::uint8_t* bytes, std::size_t available, std::size_t needle) const {
        const std::size_t length = lengths_[needle], piece = pieces_[needle];
        const std::size_t stride = strides_[needle];
        if ((length / piece - 1) * stride + piece > available)
            return false;
        const std::uint8_t* masked = needles_.data() + starts_[needle];
        for (std::size_t i = 0; i < length; ++i) {
            const std::size_t at = (i / piece) * stride + i % piece; // where byte i lies
            if (std::uint8_t(bytes[at] ^ pad_[i]) != masked[i])
                return false;
        }
        return true;
    }

    static void report(int needle, std::uint64_t address, const char* name, int out) {
        WireHit hit{needle, address, {}};
        std::strncpy(hit.region, name, sizeof hit.region - 1);
        writeAll(out, &hit, sizeof hit);
    }

    std::array<std::uint8_t, kMaxNeedle> pad_{};
    std::vector<char> maps_;
    std::vector<std::uint8_t> scratch_;
    std::vector<std::uint8_t> needles_;
    std::vector<int> first_;
    std::vector<int> next_;
    std::vector<std::size_t> starts_;
    std::vector<std::size_t> lengths_;
    std::vector<std::size_t> pieces_;
    std::vector<std::size_t> strides_;
    pid_t child_ = -1;
    int toChild_ = -1;
    int fromChild_ = -1;
    std::uint64_t searched_ = 0;
};

} // namespace kps::test
