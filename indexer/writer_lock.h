#pragma once
// One writer per citesearch database, across processes, saying who it is.
//
// Xapian's own writer lock does not say who holds it, so every writer
// (citesearch-index add/sync/watch/rebuild, and the server's admin jobs)
// first takes this lock: an flock(2) on DIR/writer.lock, which the kernel
// releases when the holder dies, however it dies (no stale locks). The
// holder writes "what (pid N on host)" into the file so the next one can
// say whom it is waiting for.
//
// Thread-safety: a WriterLock is a plain owned resource; two WriterLocks on
// the same database exclude each other even inside one process.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace citesearch {

// Another writer holds the database; the message contains "locked" and,
// when known, names the holder.
class DatabaseLockedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class WriterLock {
public:
    // Creates DIR if needed and takes the lock without waiting. Throws
    // DatabaseLockedError ("database DIR is locked by citesearch-index sync
    // (pid 1234 on host)") when another writer holds it, std::runtime_error
    // when the lock file cannot be created. `holder` names the taker
    // ("citesearch-index sync").
    WriterLock(const std::filesystem::path& db_dir, const std::string& holder);
    ~WriterLock();
    WriterLock(WriterLock&& other) noexcept;
    WriterLock& operator=(WriterLock&&) = delete;
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

    // The lock file's name inside a database folder.
    static constexpr const char* kFileName = "writer.lock";

private:
    int fd_ = -1;
};

}  // namespace citesearch
