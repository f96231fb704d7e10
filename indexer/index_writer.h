#pragma once
// The single writer of a citesearch index. Reads citation files and applies
// them to the Xapian database, one file at a time, each file as one unit.
//
// Contract:
//  - Opening takes Xapian's writer lock: a second writer fails at once with
//    DatabaseLockedError (message contains "locked"). Commands take the
//    naming WriterLock (writer_lock.h) before opening.
//  - Every unit of work (a file applied, a file's records removed, a file
//    renamed) is one Xapian transaction, and commits happen only between
//    units (after at least `batch_records` changes, and at close): a kill at
//    any moment leaves the database at its last commit, which never holds
//    part of a unit. A drop file's manifest entry (manifest.h) is written in
//    the same transaction as its records.
//  - Applying a file replaces everything that file provided before: records
//    it no longer holds lose that source, and go when no other file still
//    provides them. Copies of one citation from several files merge into one
//    record by the rule of stored_record.h, whatever the order of arrival.
//  - A sharded database (shard_layout.h) is written as one: each record goes
//    to the shard of its id, a unit is a transaction in every shard, and the
//    shard holding the manifest (shard-0) commits last, so the manifest never
//    claims more than is committed (a kill between shards' commits leaves
//    some shards ahead; the next pass re-applies the file, idempotently).
//  - Opening a database of index schema 1 adds the date sort keys of schema
//    2 to its documents, once.
//  - Not thread-safe: one IndexWriter per database, used from one thread
//    (it builds documents on a second thread of its own, WriterOptions::build_batch).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "manifest.h"
#include "ris_reader.h"
#include "writer_lock.h"

namespace citesearch {

struct IndexCounts {
    std::size_t files = 0;
    std::size_t records = 0;   // good records read
    std::size_t added = 0;     // new citations
    std::size_t replaced = 0;  // same citation from the same file, indexed again with changes
    std::size_t unchanged = 0; // same citation from the same file, identical: not rewritten
    std::size_t merged = 0;    // same citation already provided by another file (or earlier in this one)
    std::size_t removed = 0;   // citations gone because no file provides them any more
    std::size_t rejected = 0;  // records skipped with an error diagnostic
    std::size_t failed_files = 0;  // files that could not be read at all

    IndexCounts& operator+=(const IndexCounts& o);
};

struct IndexProgress {
    std::size_t records = 0;
    std::size_t bytes_done = 0;   // over all files, including the current one
    std::size_t bytes_total = 0;  // 0 when unknown
};

struct WriterOptions {
    std::size_t batch_records = 50000;  // commit after at least this many changes (between units)
    // Xapian's DB_NO_SYNC: commits are not fsync()ed. Only for a database
    // that is thrown away unless the run completes and something durable is
    // made from it (rebuild compacts it into the new generation).
    bool no_sync = false;
    // Saved records are built into documents on a second thread, this many
    // at a time, while the writer's thread writes the batch before
    // (index_writer.cc). 0: each is built and written as it is saved, on the
    // writer's thread alone. The database is the same either way.
    std::size_t build_batch = 64;
    std::function<void(const Diagnostic&)> on_diagnostic;      // each problem, as found
    std::function<void(const IndexProgress&)> on_progress;     // called every few thousand records
};

// One file to apply as a unit.
struct FileUnit {
    std::filesystem::path file;  // read from here
    std::string source;          // how provenance names it (path relative to the folder indexed)
    // Drop files are tracked: `entry` (path, size, mtime and hash as looked
    // at) is completed with the counts and messages and stored in the manifest.
    bool tracked = false;
    IngestedFile entry;
    // Asked after reading, before anything is kept: false cancels the unit
    // (the file changed while it was read; the next look will take it).
    std::function<bool()> still_unchanged;
    // When set, only the records whose id it accepts are applied (and
    // counted); the rest of the file is read and skipped. A parallel build
    // (parallel_build.h) gives each writer its own share of the ids this way.
    // For untracked units only: what the file gave before is not dropped.
    std::function<bool(const std::string& id)> select;
};

struct FileResult {
    IndexCounts counts;
    bool cancelled = false;
    IngestedFile entry;  // as recorded (tracked units)
};

class IndexWriter {
public:
    // Opens the database at `db_dir` (a Xapian database folder or stub, or a
    // sharded folder: every shard), creating a plain one if there is none.
    // Throws DatabaseLockedError when another writer holds it,
    // std::runtime_error for other failures.
    IndexWriter(const std::filesystem::path& db_dir, WriterOptions options);
    // Opens these databases as the shards of one, in shard order (a rebuild
    // writes its new shards this way).
    IndexWriter(const std::vector<std::filesystem::path>& shard_dirs, WriterOptions options);
    ~IndexWriter();  // commits
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    // Reads `file` and applies its records (untracked); `source_name` is how
    // provenance names it.
    IndexCounts add_file(const std::filesystem::path& file, const std::string& source_name);
    FileResult apply(const FileUnit& unit);

    // A tracked file is gone: its copies go (records no other file provides
    // are deleted) with its manifest entry.
    IndexCounts remove_source(const std::string& source);
    // A tracked file was renamed (same content): its copies are attributed to
    // `to.path` without reading the file, and the manifest entry moves.
    IndexCounts rename_source(const std::string& from, const IngestedFile& to);
    // Stores a manifest entry alone (a touched but identical file).
    void record_file(const IngestedFile& entry);

    // Every manifest entry, by path.
    std::map<std::string, IngestedFile> manifest() const;
    std::string metadata(std::string_view key) const;
    void set_metadata(std::string_view key, const std::string& value);

    // Set before a run of add_file calls so progress can show an ETA.
    void set_total_bytes(std::size_t bytes);

    void commit();
    std::size_t document_count() const;  // over every shard
    std::size_t shard_count() const;      // 1 when not sharded

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Files to index under `path`: the file itself, or every file below a folder
// (recursively, hidden ones skipped) whose content looks like RIS or MEDLINE,
// sorted by path. Pairs of (file, source name relative to `path`'s folder).
std::vector<std::pair<std::filesystem::path, std::string>> collect_input_files(const std::filesystem::path& path);

// Now as ISO-8601 UTC ("2026-11-28T01:02:03Z").
std::string now_iso8601();

}  // namespace citesearch
