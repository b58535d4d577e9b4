#include "elf_file.hpp"

#include <gelf.h>
#include <libelf.h>
#include <mutex>

namespace kps::jigs {

namespace {
bool libelfReady() {
    static std::once_flag once;
    static bool ready = false;
    std::call_once(once, [] { ready = elf_version(EV_CURRENT) != EV_NONE; });
    return ready;
}

std::string libelfMessage() {
    const char* message = elf_errmsg(-1);
    return message ? message : "libelf error";
}
} // namespace

void ElfFile::Closer::operator()(Elf* elf) const {
    elf_end(elf);
}

ElfFile::ElfFile(ElfFile&&) noexcept = default;
ElfFile& ElfFile::operator=(ElfFile&&) noexcept = default;
ElfFile::~ElfFile() = default;

ImageError ElfFile::error(std::string place, std::string reason) const {
    return {name_, std::move(place), std::move(reason)};
}

ImageResult<ElfFile> ElfFile::open(std::span<const std::uint8_t> bytes, std::string name) {
    ElfFile file;
    file.name_ = std::move(name);
    if (!libelfReady())
        return tl::unexpected(file.error("", "libelf cannot be initialised"));
    file.bytes_ = std::make_unique<std::vector<std::uint8_t>>(bytes.begin(), bytes.end());
    file.elf_.reset(elf_memory(reinterpret_cast<char*>(file.bytes_->data()), file.bytes_->size()));
    if (!file.elf_ || elf_kind(file.elf_.get()) != ELF_K_ELF)
        return tl::unexpected(file.error("", "not an ELF file"));
    GElf_Ehdr header;
    if (!gelf_getehdr(file.elf_.get(), &header))
        return tl::unexpected(file.error("ELF header", libelfMessage()));
    if (gelf_getclass(file.elf_.get()) != ELFCLASS32 || header.e_ident[EI_DATA] != ELFDATA2LSB)
        return tl::unexpected(file.error("ELF header", "not a 32-bit little-endian ELF file"));
    if (header.e_machine != EM_ARM)
        return tl::unexpected(file.error(
            "ELF header", "built for machine " + std::to_string(header.e_machine) + ", not ARM"));
    KPS_TRY(file.readSections());
    return file;
}

ImageResult<void> ElfFile::readSections() {
    Elf* elf = elf_.get();
    std::size_t names = 0;
    if (elf_getshdrstrndx(elf, &names) != 0)
        return tl::unexpected(error("section headers", libelfMessage()));
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
        GElf_Shdr header;
        if (!gelf_getshdr(scn, &header))
            return tl::unexpected(error("section headers", libelfMessage()));
        const char* name = elf_strptr(elf, names, header.sh_name);
        ElfSection section{name ? name : "",
                           header.sh_type,
                           header.sh_flags,
                           std::uint32_t(header.sh_addr),
                           std::uint32_t(header.sh_size),
                           {}};
        if (header.sh_type != SHT_NOBITS && header.sh_size > 0) {
            Elf_Data* data = elf_rawdata(scn, nullptr);
            if (!data || data->d_size != header.sh_size)
                return tl::unexpected(error("section " + section.name, libelfMessage()));
            section.bytes = {static_cast<const std::uint8_t*>(data->d_buf), data->d_size};
        }
        if (header.sh_type == SHT_SYMTAB && header.sh_entsize > 0) {
            Elf_Data* data = elf_getdata(scn, nullptr);
            const std::size_t count = header.sh_size / header.sh_entsize;
            for (std::size_t i = 0; data && i < count; ++i) {
                GElf_Sym symbol;
                if (!gelf_getsym(data, int(i), &symbol))
                    break;
                const char* symbolName = elf_strptr(elf, header.sh_link, symbol.st_name);
                symbols_.push_back({symbolName ? symbolName : "", std::uint32_t(symbol.st_value),
                                    std::uint32_t(symbol.st_size),
                                    unsigned(GELF_ST_TYPE(symbol.st_info)), symbol.st_shndx});
            }
        }
        sections_.push_back(std::move(section));
    }
    return {};
}

const ElfSection* ElfFile::section(std::string_view name) const {
    for (const ElfSection& section : sections_)
        if (section.name == name)
            return &section;
    return nullptr;
}

std::optional<ElfSymbol> ElfFile::symbol(std::string_view name) const {
    for (const ElfSymbol& symbol : symbols_)
        if (symbol.name == name)
            return symbol;
    return std::nullopt;
}

ImageResult<std::vector<ElfSegment>> ElfFile::loadSegments() const {
    std::size_t count = 0;
    if (elf_getphdrnum(elf_.get(), &count) != 0)
        return tl::unexpected(error("program headers", libelfMessage()));
    std::vector<ElfSegment> segments;
    for (std::size_t i = 0; i < count; ++i) {
        GElf_Phdr header;
        if (!gelf_getphdr(elf_.get(), int(i), &header))
            return tl::unexpected(error("program header " + std::to_string(i), libelfMessage()));
        if (header.p_type != PT_LOAD || header.p_filesz == 0)
            continue;
        if (header.p_offset > bytes_->size() || header.p_filesz > bytes_->size() - header.p_offset)
            return tl::unexpected(error("program header " + std::to_string(i),
                                        "its bytes lie beyond the end of the file"));
        segments.push_back({std::uint32_t(header.p_paddr),
                            std::span(bytes_->data() + header.p_offset, header.p_filesz)});
    }
    return segments;
}

} // namespace kps::jigs
