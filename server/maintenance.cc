#include "maintenance.h"

#include <xapian.h>

#include <iostream>

#include "db_layout.h"
#include "drop_sync.h"
#include "writer_lock.h"

namespace citesearch {

const char* job_name(JobKind kind) { return kind == JobKind::sync ? "sync" : "rebuild"; }

Maintenance::Maintenance(MaintenanceOptions options) : options_(std::move(options)) {}

Maintenance::~Maintenance() {
    stop_ = true;
    std::thread worker;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        worker = std::move(worker_);
    }
    if (worker.joinable()) worker.join();
}

std::optional<JobRefusal> Maintenance::start(JobKind kind) {
    if (options_.drop.empty())
        return JobRefusal{"no_drop_folder",
                          "the server has no drop folder (drop_folder in the configuration, or --drop-folder)"};
    if (options_.db.empty())
        return JobRefusal{"no_local_database",
                          "admin sync and rebuild write the index, and this server reads several databases or a remote one; "
                          "run citesearch-index where the databases are"};
    std::lock_guard<std::mutex> lock(mutex_);
    if (status_.running)
        return JobRefusal{"busy", "a " + status_.job + " started at " + status_.started_at + " is still running"};
    // Taken here, not in the job, so a refusal is the answer to this
    // request; the job holds it until it ends.
    std::optional<WriterLock> held;
    try {
        held.emplace(options_.db, std::string("citesearch-server ") + job_name(kind));
    } catch (const DatabaseLockedError& e) {
        return JobRefusal{"locked", e.what()};
    } catch (const std::exception& e) {
        return JobRefusal{"error", e.what()};
    }
    if (worker_.joinable()) worker_.join();  // the previous job has finished
    status_ = JobStatus{};
    status_.job = job_name(kind);
    status_.running = true;
    status_.started_at = now_iso8601();
    worker_ = std::thread([this, kind, lock = std::move(*held)]() mutable { run(kind, std::move(lock)); });
    return std::nullopt;
}

JobStatus Maintenance::status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
}

void Maintenance::run(JobKind kind, WriterLock held) {
    (void)held;  // kept until the job ends
    JobStatus done;
    std::cout << "admin: " << job_name(kind) << " started" << std::endl;
    try {
        SyncOptions sync;
        sync.drop = options_.drop;
        sync.settle = options_.settle;
        sync.should_stop = [this] { return stop_.load(); };
        WriterOptions writer_options;
        SyncSummary summary;
        if (kind == JobKind::sync) {
            ensure_database(options_.db);
            IndexWriter writer(options_.db, writer_options);
            SettleTracker tracker(sync.settle);
            summary = sync_drop(writer, sync, tracker);
        } else {
            RebuildOptions rebuild;
            rebuild.sync = sync;
            rebuild.writer = writer_options;
            rebuild.grace = options_.grace;
            summary = rebuild_drop(options_.db, rebuild);
        }
        done.ok = !summary.stopped;
        done.summary = summary.to_string(job_name(kind), options_.db);
        done.problems = summary.problems;
        if (summary.stopped) done.error = "stopped early: the server is shutting down";
    } catch (const Xapian::Error& e) {
        done.error = e.get_description();
    } catch (const std::exception& e) {
        done.error = e.what();
    }
    std::cout << "admin: "
              << (done.error.empty() ? done.summary : std::string(job_name(kind)) + " failed: " + done.error)
              << std::endl;
    std::lock_guard<std::mutex> lock(mutex_);
    done.job = status_.job;
    done.started_at = status_.started_at;
    done.finished_at = now_iso8601();
    status_ = std::move(done);
}

}  // namespace citesearch
