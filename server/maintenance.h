#pragma once
// The operator actions behind the admin API, run inside the server: a sync
// or a rebuild of the index from the drop folder (indexer/drop_sync.h), one
// at a time, in a background thread.
//
// In-process rather than spawning citesearch-index: the server links the
// indexing library already (it shares the schema), so there is no second
// executable to find, install or keep at the same version, and a job's
// outcome is a value, not a log to parse. The job takes the same WriterLock
// as citesearch-index, so it never writes together with a watcher, a cron
// sync or another server: it is refused at once, naming the holder.
//
// Thread-safety: safe for concurrent use from many threads.

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "writer_lock.h"

namespace citesearch {

struct MaintenanceOptions {
    std::string db;    // the database folder the server reads; empty (several, or remote) refuses sync and rebuild
    std::string drop;  // the drop folder; empty refuses sync and rebuild
    std::chrono::nanoseconds settle = std::chrono::seconds(2);
    std::chrono::milliseconds grace{2000};  // rebuild: old generation kept this long after the switch
};

enum class JobKind { sync, rebuild };
const char* job_name(JobKind kind);

struct JobStatus {
    std::string job;  // "sync" or "rebuild"; empty when none has run
    bool running = false;
    std::string started_at;             // ISO-8601 UTC
    std::string finished_at;            // empty while running
    bool ok = false;                    // finished without an error
    std::string summary;                // the summary line, as citesearch-index prints it
    std::vector<std::string> problems;  // rejected and busy files
    std::string error;                  // why it failed
};

// Why a job was not started.
struct JobRefusal {
    std::string code;  // "busy" (a job is running), "locked" (another writer), "no_drop_folder", "no_local_database", "error"
    std::string message;
};

class Maintenance {
public:
    explicit Maintenance(MaintenanceOptions options);
    // Asks a running job to stop between two files, and waits for it.
    ~Maintenance();
    Maintenance(const Maintenance&) = delete;
    Maintenance& operator=(const Maintenance&) = delete;

    // Starts `kind` in the background; nullopt when started.
    std::optional<JobRefusal> start(JobKind kind);
    JobStatus status() const;

private:
    void run(JobKind kind, WriterLock held);  // `held`: the database's lock, for the whole job

    const MaintenanceOptions options_;
    mutable std::mutex mutex_;
    JobStatus status_;    // guarded by mutex_
    std::thread worker_;  // guarded by mutex_
    std::atomic<bool> stop_{false};
};

}  // namespace citesearch
