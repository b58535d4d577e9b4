#pragma once
// A file the station writes, made without following links: NAME.partial is created
// under a handle of its directory (openat, O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600), written,
// synced and renamed onto NAME (renameat) only when complete. A NAME.partial found in
// the way is removed only when it is a regular file of the user's own (an interrupted
// run); a link or another user's file is refused and left alone, so a planted link
// never leads a write outside the directory.
#include "kps/secure/trusted_files.hpp"

#include <span>
#include <sys/types.h>

namespace kps::secure {

/// Whether commit() may replace a NAME that exists.
enum class Replace { Never, Allowed };

class SafeOutput {
public:
    /// Creates DIRECTORY/NAME.partial (the directory must exist). Exports are 0600: they
    /// hold what only the station's user hands on; a file meant for a group is made
    /// readable by a later, deliberate chmod, never by the mode it is created with.
    static FileResult<SafeOutput> create(const std::string& directory, const std::string& name,
                                         Replace replace, mode_t mode = 0600);
    /// As create(), the directory and name taken from a path.
    static FileResult<SafeOutput> createPath(const std::string& path, Replace replace,
                                             mode_t mode = 0600);
    SafeOutput(SafeOutput&& other) noexcept;
    SafeOutput& operator=(SafeOutput&& other) noexcept;
    ~SafeOutput(); // uncommitted: removes NAME.partial

    /// The partial file's descriptor (open for reading and writing).
    int fd() const noexcept { return file_.get(); }
    std::string path() const;        // DIRECTORY/NAME
    std::string partialPath() const; // DIRECTORY/NAME.partial

    FileResult<void> write(std::span<const std::uint8_t> bytes);
    /// fsync, rename NAME.partial onto NAME, fsync the directory.
    FileResult<void> commit();

private:
    SafeOutput(FileHandle directory, FileHandle file, std::string directoryPath, std::string name,
               Replace replace);
    void discard() noexcept;

    FileHandle directory_;
    FileHandle file_;
    std::string directoryPath_;
    std::string name_;
    Replace replace_ = Replace::Never;
    bool committed_ = false;
};

} // namespace kps::secure
