#include "kps/hsm/softhsm.hpp"

#include <cstdlib>
#include <fstream>

namespace kps::hsm {

Status useSoftHsmIn(const std::filesystem::path& directory) {
    std::error_code error;
    const auto tokens = directory / "tokens";
    std::filesystem::create_directories(tokens, error);
    std::filesystem::permissions(tokens, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
    if (error)
        return fail("create token directory", CKR_GENERAL_ERROR, tokens.string(), error.message());
    const auto config = directory / "softhsm2.conf";
    if (!std::filesystem::exists(config)) {
        std::ofstream out(config);
        out << "# SoftHSM2 configuration of this station (written by kps init)\n"
            << "directories.tokendir = " << std::filesystem::absolute(tokens).string() << "\n"
            << "objectstore.backend = file\n"
            << "log.level = ERROR\n"
            << "slots.removable = false\n";
        if (!out)
            return fail("write softhsm2.conf", CKR_GENERAL_ERROR, config.string(),
                        "check the disk");
    }
    ::setenv("SOFTHSM2_CONF", std::filesystem::absolute(config).c_str(), 1);
    return {};
}

} // namespace kps::hsm
