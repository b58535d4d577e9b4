// libFuzzer target: a kps-profile/1 document through the schema and the profile
// rules, then the password alphabet it defines.
#include "kps/provisioning/profile.hpp"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    auto profile = kps::provisioning::parseProfile(bytes, QStringLiteral("fuzz"));
    if (!profile)
        return 0;
    const std::array<std::uint8_t, 16> seed{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    (void)kps::provisioning::passwordFromSeed(seed, profile->password);
    return 0;
}
