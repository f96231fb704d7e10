#pragma once
// Bringing an index in line with a drop folder: `sync` (one pass), and
// `rebuild` (a fresh generation built beside the live one, then switched).
// docs/drops.md tells the lifecycle; drop_scan.h says how changes are seen.
//
// Per pass: renamed files are re-attributed and touched ones re-recorded
// without reading them; new and changed files are applied, one transaction
// each (index_writer.h); deleted files go last, so a record moving between
// files never disappears from the live index. Everything a pass applied is
// committed when it ends.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "drop_scan.h"
#include "index_writer.h"

namespace citesearch {

struct SyncOptions {
    std::filesystem::path drop;                                 // the drop folder
    std::chrono::nanoseconds settle = std::chrono::seconds(2);  // see drop_scan.h
    // One-shot syncs look again, once, after `settle` at files that were
    // still being written; a watcher leaves them for a later pass instead.
    bool wait_for_settle = true;
    // Asked between files (and while waiting): true ends the pass early,
    // keeping what was applied.
    std::function<bool()> should_stop;
};

struct SyncSummary {
    std::size_t files = 0;  // candidate files in the folder
    std::size_t unchanged = 0;
    std::size_t added = 0;  // new files
    std::size_t changed = 0;
    std::size_t renamed = 0;
    std::size_t touched = 0;
    std::size_t deleted = 0;
    std::size_t busy = 0;               // still being written: left for a later look
    std::size_t rejected_files = 0;     // new or changed files that are not citation files at all
    IndexCounts records;                // what applying them did
    std::vector<std::string> problems;  // "b.ris: binary file ..." — one line per rejected or busy file
    std::size_t documents = 0;          // in the index after the pass
    double seconds = 0;
    bool stopped = false;  // should_stop ended it early

    bool nothing_done() const { return added + changed + renamed + touched + deleted == 0; }
    bool has_rejections() const { return rejected_files > 0 || records.rejected > 0; }
    // One line, "VERB: 312 files: 2 new, 1 changed, ...; 250 records: 200
    // added, ..., 20 merged, ...; 4210 documents in DB; 0.41s", or, for a
    // sync that had nothing to do, "unchanged: 312 files; 4210 documents in DB; 0.02s".
    std::string to_string(const std::string& verb, const std::string& db) const;
};

// Thrown when the database holds the files of another drop folder: syncing
// would delete them all. Rebuild to start over from the new folder.
class DropMismatch : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One pass over the drop folder (see above). `tracker` remembers files still
// being written between passes. Throws std::runtime_error when the folder
// cannot be read, DropMismatch as said.
SyncSummary sync_drop(IndexWriter& writer, const SyncOptions& options, SettleTracker& tracker);

struct RebuildOptions {
    SyncOptions sync;
    WriterOptions writer;
    // A missing database is created with this many shards (0: not sharded);
    // an existing one keeps its layout (LayoutMismatch when it differs).
    std::size_t shards = 0;
    // How long the old generation stays after the switch, for readers that
    // read the old stub just before it (server/searcher.h reloads within 100 ms).
    std::chrono::milliseconds grace{2000};
};

// Builds a new generation of the database at `db` from the whole drop folder,
// compacts it, switches to it atomically and removes the old one. The caller
// holds the database's WriterLock. When should_stop ends the build early,
// nothing is switched and the summary says `stopped`. A sharded database
// gets a new generation in every shard (one pass over the folder routes
// each record to its shard's build), switched shard after shard.
SyncSummary rebuild_drop(const std::filesystem::path& db, const RebuildOptions& options);

}  // namespace citesearch
