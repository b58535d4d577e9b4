#pragma once
// The checks openInput, checkTreePath and SafeOutput share.
#include "kps/secure/trusted_files.hpp"

#include <sys/stat.h>

namespace kps::secure::detail {

FileError refusal(const std::string& path, FileProblem problem, std::string reason,
                  std::string fix);
FileError tooLarge(const std::string& path, std::uint64_t maxBytes);
/// The kind of file `info` describes, refused unless it is a regular file.
FileResult<void> checkRegular(const std::string& path, const struct stat& info);

} // namespace kps::secure::detail
