// Backing store of SecretBytes, SecretWords and SecureVector: size-classed blocks
// carved from mlock'ed, MADV_DONTDUMP chunks; larger requests are mapped alone.
// Every block is wiped before it goes back to a free list or to the system.
#include "kps/secure/secret_bytes.hpp"
#include "kps/secure/secure_vector.hpp"

#include <array>
#include <mutex>
#include <new>
#include <sys/mman.h>
#include <vector>

namespace kps::secure::detail {
namespace {

constexpr std::array<std::size_t, 5> kClasses = {64, 256, 1024, 4096, 16384};
constexpr std::size_t kChunkSize = 64 * 1024;

void* mapLocked(std::size_t size) {
    void* memory = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        throw std::bad_alloc();
    // Locking can fail under a low RLIMIT_MEMLOCK; the memory is still wiped and
    // kept out of core dumps, which is what matters most.
    (void)mlock(memory, size);
    (void)madvise(memory, size, MADV_DONTDUMP);
    return memory;
}

std::size_t classFor(std::size_t size) {
    for (std::size_t i = 0; i < kClasses.size(); ++i)
        if (size <= kClasses[i])
            return i;
    return kClasses.size();
}

class Pool {
public:
    SecureBlock take(std::size_t size) {
        const std::size_t index = classFor(size);
        if (index == kClasses.size())
            return {static_cast<std::uint8_t*>(mapLocked(size)), size};
        std::lock_guard lock(mutex_);
        auto& list = free_[index];
        if (list.empty())
            refill(index);
        auto* block = list.back();
        list.pop_back();
        return {block, kClasses[index]};
    }

    void give(SecureBlock block) {
        secureWipe(block.data, block.capacity);
        const std::size_t index = classFor(block.capacity);
        if (index == kClasses.size() || kClasses[index] != block.capacity) {
            munlock(block.data, block.capacity);
            munmap(block.data, block.capacity);
            return;
        }
        std::lock_guard lock(mutex_);
        free_[index].push_back(block.data);
    }

private:
    void refill(std::size_t index) {
        auto* chunk = static_cast<std::uint8_t*>(mapLocked(kChunkSize));
        for (std::size_t offset = 0; offset + kClasses[index] <= kChunkSize;
             offset += kClasses[index])
            free_[index].push_back(chunk + offset);
    }

    std::mutex mutex_;
    std::array<std::vector<std::uint8_t*>, kClasses.size()> free_;
};

Pool& pool() {
    static Pool* instance = new Pool(); // never destroyed: blocks may outlive statics
    return *instance;
}

} // namespace

SecureBlock secureAllocate(std::size_t size) {
    return pool().take(size == 0 ? 1 : size);
}

void secureFree(SecureBlock block) noexcept {
    if (block.data)
        pool().give(block);
}

std::size_t secureCapacity(std::size_t size) noexcept {
    if (size == 0)
        size = 1;
    const std::size_t index = classFor(size);
    return index == kClasses.size() ? size : kClasses[index];
}

} // namespace kps::secure::detail
