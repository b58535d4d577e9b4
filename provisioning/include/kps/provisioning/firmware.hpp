#pragma once
// The firmware image a profile pins (kps-profile/1 "firmware": a file beside the
// profile and its SHA-256): read, its SHA-256 compared with the pin, parsed (ELF or
// Intel HEX) and checked against the profile's target (a target with a flash
// algorithm; every byte inside its flash and off its key-store page). A file that is
// missing, changed or malformed is bad input, and nothing is programmed.
#include "kps/provisioning/profile.hpp"

#include <memory>

namespace kps::jigs {
struct FirmwareImage;
}

namespace kps::provisioning {

struct Firmware {
    QString file;     // where it was read
    QString sha256;   // of the file, lower-case hex: the profile's pin
    qint64 bytes = 0; // bytes it programs
    std::shared_ptr<const jigs::FirmwareImage> image;
};

/// The profile's firmware; nullptr when the profile names none.
Outcome<std::shared_ptr<const Firmware>> loadFirmware(const Profile& profile);

} // namespace kps::provisioning
