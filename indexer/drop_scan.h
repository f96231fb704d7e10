#pragma once
// Change detection for a drop folder: what is there, what is ready to read,
// and what changed since the manifest (manifest.h) was written. No Xapian:
// the planning is pure, so it is tested with plain values.
//
// A file is a candidate unless its name (or a folder above it) is ignored:
// hidden names (".*") and the partial-download names "*.part", "*.tmp",
// "*.crdownload", "*~". It is ready once it has stopped changing: its mtime
// is already older than the settle interval, or its size and mtime were the
// same at two looks at least the settle interval apart.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "manifest.h"

namespace citesearch {

// What one look at a file sees.
struct FileLook {
    std::string path;  // relative to the drop folder, '/'-separated
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;  // nanoseconds since the epoch

    bool same_state(const FileLook& o) const { return size == o.size && mtime_ns == o.mtime_ns; }
};

// True for names a drop folder ignores (see above).
bool ignored_name(std::string_view filename);

// Every candidate file below `root`, sorted by path. Throws
// std::runtime_error when `root` is not a readable folder.
std::vector<FileLook> scan_drop(const std::filesystem::path& root);

// Content hash of a file (ContentHash over its bytes); nullopt when it cannot be read.
std::optional<std::string> file_content_hash(const std::filesystem::path& file);

// Nanoseconds since the epoch, now (wall clock, comparable with mtimes).
std::int64_t wall_clock_ns();

// Remembers the first look at files that were still young, so a later look
// can tell whether they stopped changing; and the files known to have
// arrived whole (renamed into the folder: complete the moment they appear),
// which need no settling. Not thread-safe.
class SettleTracker {
public:
    explicit SettleTracker(std::chrono::nanoseconds settle) : settle_(settle) {}

    // Whether `f` may be read now. `now` is a monotonic time; `wall_ns` the
    // wall clock (against mtimes).
    bool ready(const FileLook& f, std::chrono::steady_clock::time_point now, std::int64_t wall_ns);
    // When the earliest waiting file may be ready; nullopt when none waits.
    std::optional<std::chrono::steady_clock::time_point> next_check() const;
    // Forgets every file but `waiting` (those a plan left busy): a file that
    // went away, or is back to what the manifest says, waits for nothing.
    void retain(const std::vector<FileLook>& waiting);
    // `path` arrived whole (inotify IN_MOVED_TO): ready at once, until
    // written_in_place(path) says it is being written again or a pass has
    // taken it (retain()).
    void arrived_whole(const std::string& path);
    void written_in_place(const std::string& path);

    std::chrono::nanoseconds settle() const { return settle_; }

private:
    struct Seen {
        FileLook look;
        std::chrono::steady_clock::time_point since;
    };
    std::chrono::nanoseconds settle_;
    std::map<std::string, Seen> seen_;
    std::set<std::string> whole_;
};

// What to do to bring the index in line with the folder.
struct DropPlan {
    struct Rename {
        std::string from;
        FileLook to;
        std::string hash;
    };
    std::vector<FileLook> unchanged;  // same size and mtime as recorded: not even hashed
    std::vector<FileLook> touched;    // new mtime (or size), same hash: only the manifest changes
    std::vector<Rename> renamed;      // a recorded file's content under a new name (the old one is gone)
    std::vector<std::pair<FileLook, std::string>> changed;  // recorded, new content (with its hash)
    std::vector<std::pair<FileLook, std::string>> added;    // not recorded (with its hash)
    std::vector<std::string> deleted;                       // recorded, no longer there
    std::vector<FileLook> busy;                             // still being written, or unreadable: left for a later look

    bool nothing_to_do() const {
        return touched.empty() && renamed.empty() && changed.empty() && added.empty() && deleted.empty();
    }
};

struct PlanInputs {
    std::vector<FileLook> looks;                                      // scan_drop()
    const std::map<std::string, IngestedFile>* manifest;              // what the index recorded
    std::function<bool(const FileLook&)> ready;                       // settled? (SettleTracker)
    std::function<std::optional<std::string>(const FileLook&)> hash;  // content hash, nullopt when unreadable
};

// Compares the folder with the manifest. Only files whose size or mtime
// differ from the record (or that are new) are hashed, and only once ready.
// A recorded file that is gone while a new ready file has its hash is a
// rename. A busy file that was recorded is neither changed nor deleted yet.
DropPlan plan_drop(const PlanInputs& in);

}  // namespace citesearch
