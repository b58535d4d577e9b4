# cmake -DALGORITHMS=name=file.elf,... -DOUTPUT=x.cpp -P embed_algorithms.cmake
# Writes each ELF file's bytes as a C++ array, found by name (embeddedAlgorithmElf).
string(REPLACE "," ";" algorithms "${ALGORITHMS}")
set(arrays "")
set(lookups "")
set(index 0)
foreach(pair IN LISTS algorithms)
    string(REGEX MATCH "^[^=]*" name "${pair}")
    string(REGEX REPLACE "^[^=]*=" "" path "${pair}")
    file(READ ${path} bytes HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${bytes}")
    string(REGEX REPLACE "((0x..,){16})" "\\1\n    " bytes "${bytes}")
    string(APPEND arrays "const std::uint8_t kElf${index}[] = {\n    ${bytes}};\n")
    string(APPEND lookups "    if (name == \"${name}\")\n        return kElf${index};\n")
    math(EXPR index "${index} + 1")
endforeach()
file(WRITE ${OUTPUT} "// Generated from jigs/flash-algorithms by CMake: do not edit.
#include <cstdint>
#include <span>
#include <string_view>

namespace kps::jigs {
namespace {
${arrays}} // namespace

std::span<const std::uint8_t> embeddedAlgorithmElf(std::string_view name) {
${lookups}    return {};
}

} // namespace kps::jigs
")
