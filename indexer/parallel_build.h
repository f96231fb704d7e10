#pragma once
// Building a database that has no documents yet with several writers at
// once: what `citesearch-index add` does into a new or empty database.
// Xapian's writer is single-threaded and is ~90% of indexing
// (docs/performance.md), so the only way to use more cores is more writers.
//
//   1. One pass reads every file and keys every record (record_key.h), so
//      each distinct id is known with the position of its first appearance.
//   2. Each database of DIR (DIR itself, or every shard) splits its ids, in
//      order of first appearance, into up to `jobs` contiguous slices. `jobs`
//      threads each build a slice into a scratch database of its own
//      (DIR/build-N/slice-K, Xapian's DB_NO_SYNC, committed once), reading
//      every file but applying only the records of its slice (FileUnit::select):
//      every copy of a record meets in the one writer that owns its id, and
//      merges there exactly as with a single writer.
//   3. The slices are compacted, in order, into a new generation DIR/gen-N
//      (written and synced once by Xapian's compactor), which is switched in
//      by renaming its stub (db_layout.h); the scratch databases go.
//
// The result is the single writer's, document for document: the same
// records with the same merged copies, the same document ids (compaction
// numbers each slice after the one before, and a slice holds the ids that
// follow the previous slice's in order of first appearance), the same
// spelling frequencies and synonyms; and it is compacted. A kill at any
// moment leaves the database as it was (the switch is the commit); the
// scratch folders it leaves are removed by the next build or rebuild.
//
// The caller holds the WriterLock of DIR. Not for databases with documents:
// merging into records already indexed needs their writer (index_writer.h).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "index_writer.h"

namespace citesearch {

struct ParallelBuildOptions {
    std::size_t jobs = 2;  // writer threads (at most; small inputs use fewer)
    std::function<void(const Diagnostic&)> on_diagnostic;   // from the first pass, in file order
    std::function<void(const IndexProgress&)> on_progress;  // from the calling thread, while the writers run
};

// True when every database of `dir` is missing or holds no documents (and no
// drop-folder manifest): a parallel build may replace it.
bool database_is_empty(const std::filesystem::path& dir);

// Builds the database at `dir` from `files` (file, source name) as above.
// `dir` must exist as a database (ensure_database) with no documents.
// Counts are those the single writer would give. Throws std::runtime_error
// (or a Xapian::Error) on failure, leaving the database as it was.
IndexCounts build_in_parallel(const std::filesystem::path& dir,
                              const std::vector<std::pair<std::filesystem::path, std::string>>& files,
                              const ParallelBuildOptions& options);

}  // namespace citesearch
