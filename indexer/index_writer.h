#pragma once
// The single writer of a citesearch index. Reads citation files and applies
// them to the Xapian database, one file at a time, each file as one unit.
//
// Contract:
//  - Opening takes Xapian's writer lock: a second writer fails at once with
//    DatabaseLockedError (message contains "locked").
//  - Each file is applied inside a Xapian transaction, and commits happen only
//    between files (after at least `batch_records` changes, and at close):
//    a kill at any moment leaves the database at its last commit, which never
//    holds part of a file.
//  - Re-indexing a citation replaces its document (same unique key, see
//    record_key.h): the document count never grows for the same citation.
//  - Not thread-safe: one IndexWriter per database, used from one thread.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ris_reader.h"

namespace citesearch {

class DatabaseLockedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IndexCounts {
    std::size_t files = 0;
    std::size_t records = 0;   // good records read
    std::size_t added = 0;     // new citations
    std::size_t replaced = 0;  // same citation from the same file, indexed again
    std::size_t merged = 0;    // same citation already provided by another file
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
    std::size_t batch_records = 50000;  // commit after at least this many changes (between files)
    std::function<void(const Diagnostic&)> on_diagnostic;      // each problem, as found
    std::function<void(const IndexProgress&)> on_progress;     // called every few thousand records
};

class IndexWriter {
public:
    // Creates the database if needed. Throws DatabaseLockedError when another
    // writer holds it, std::runtime_error for other failures.
    IndexWriter(const std::filesystem::path& db_dir, WriterOptions options);
    ~IndexWriter();  // commits
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    // Reads `file` and applies its records; `source_name` is how provenance
    // names it (a path relative to the folder being indexed).
    IndexCounts add_file(const std::filesystem::path& file, const std::string& source_name);

    // Set before a run of add_file calls so progress can show an ETA.
    void set_total_bytes(std::size_t bytes);

    void commit();
    std::size_t document_count() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Files to index under `path`: the file itself, or every file below a folder
// (recursively, hidden ones skipped) whose content looks like RIS or MEDLINE,
// sorted by path. Pairs of (file, source name relative to `path`'s folder).
std::vector<std::pair<std::filesystem::path, std::string>> collect_input_files(const std::filesystem::path& path);

}  // namespace citesearch
