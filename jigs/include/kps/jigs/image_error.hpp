#pragma once
// A file the station reads to program a target (firmware image, flash algorithm)
// that cannot be used: which file, where in it (line, section, symbol) and why.
// Bad input: nothing was programmed.
#include "kps/base/expected.hpp"

#include <string>

namespace kps::jigs {

struct ImageError {
    std::string file;   // as the caller named it
    std::string place;  // "line 12", "section PrgCode", "symbol Init", "" for the whole file
    std::string reason; // "checksum 0x3C, the record's bytes sum to 0x3D"

    std::string message() const {
        return file + (place.empty() ? "" : ", " + place) + ": " + reason;
    }
};

template <class T> using ImageResult = kps::Expected<T, ImageError>;

inline tl::unexpected<ImageError> imageError(std::string file, std::string place,
                                             std::string reason) {
    return tl::unexpected(ImageError{std::move(file), std::move(place), std::move(reason)});
}

} // namespace kps::jigs
