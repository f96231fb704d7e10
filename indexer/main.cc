// citesearch-index: builds and maintains a citesearch index from RIS/MEDLINE files.
// Thin: parses the command line, wires the library together, maps errors to exit codes.

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "db_layout.h"
#include "drop_sync.h"
#include "drop_watch.h"
#include "index_writer.h"
#include "parallel_build.h"
#include "shard_layout.h"

namespace {

// Exit codes, documented in --help; scripts rely on them.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // database or I/O error
constexpr int kExitUsage = 2;     // bad command line
constexpr int kExitLocked = 3;    // another writer holds the database
constexpr int kExitRejected = 4;  // finished, but some records or files were rejected

constexpr const char* kExitHelp =
    "Exit codes: 0 all good; 1 database or I/O error; 2 usage error; 3 database locked by another writer;\n"
    "4 finished, but some records or files were rejected (see the file:line messages).";

std::string human_bytes(double b) {
    char buf[32];
    if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
    else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f kB", b / 1e3);
    return buf;
}

// "var/db", or "var/db (2 shards)".
std::string db_name(const std::string& db, std::size_t shards) {
    return shards > 1 ? db + " (" + std::to_string(shards) + " shards)" : db;
}

int run_add(const std::string& db, const std::vector<std::string>& paths, std::size_t batch, std::size_t shards,
            std::size_t jobs) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    const bool tty = isatty(STDERR_FILENO);
    bool progress_shown = false;

    citesearch::WriterOptions options;
    options.batch_records = batch;
    options.on_diagnostic = [&](const citesearch::Diagnostic& d) {
        if (progress_shown) std::cerr << "\r\033[K";
        progress_shown = false;
        std::cerr << d.to_string() << "\n";
    };
    if (tty) {
        options.on_progress = [&](const citesearch::IndexProgress& p) {
            double secs = std::chrono::duration<double>(clock::now() - start).count();
            double rate = secs > 0 ? p.records / secs : 0;
            std::fprintf(stderr, "\r\033[K%zu records, %.0f records/s, %s", p.records, rate, human_bytes(p.bytes_done).c_str());
            if (p.bytes_total > 0 && p.bytes_done > 0) {
                double eta = secs * (static_cast<double>(p.bytes_total) / p.bytes_done - 1);
                std::fprintf(stderr, " of %s, ETA %.0fs", human_bytes(p.bytes_total).c_str(), eta > 0 ? eta : 0);
            }
            progress_shown = true;
        };
    }

    std::vector<std::pair<std::filesystem::path, std::string>> files;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec)) {
            std::cerr << "citesearch-index: " << p << ": no such file or directory\n";
            return kExitUsage;
        }
        auto found = citesearch::collect_input_files(p);
        files.insert(files.end(), found.begin(), found.end());
    }
    std::size_t total_bytes = 0;
    for (const auto& f : files) {
        std::error_code ec;
        auto size = std::filesystem::file_size(f.first, ec);
        if (!ec) total_bytes += size;
    }

    citesearch::WriterLock lock(db, "citesearch-index add");
    if (shards > 0) citesearch::ensure_database(db, shards);
    citesearch::IndexCounts total;
    std::size_t documents = 0, shard_count = 1;
    if (jobs > 1 && citesearch::database_is_empty(db)) {
        // Nothing to merge with: several writers, compacted into a new generation (parallel_build.h).
        citesearch::ensure_database(db, shards);
        citesearch::ParallelBuildOptions parallel;
        parallel.jobs = jobs;
        parallel.on_diagnostic = options.on_diagnostic;
        parallel.on_progress = options.on_progress;
        total = citesearch::build_in_parallel(db, files, parallel);
        documents = Xapian::Database(db).get_doccount();
        shard_count = citesearch::database_parts(db).size();
    } else {
        citesearch::IndexWriter writer(db, options);
        writer.set_total_bytes(total_bytes);
        for (const auto& [file, source] : files) total += writer.add_file(file, source);
        writer.commit();
        documents = writer.document_count();
        shard_count = writer.shard_count();
    }
    if (progress_shown) std::cerr << "\r\033[K";

    double secs = std::chrono::duration<double>(clock::now() - start).count();
    std::printf("%zu files, %zu records: %zu added, %zu replaced, %zu unchanged, %zu merged, %zu removed, %zu rejected, "
                "%zu files rejected; %zu documents in %s; %.2fs (%.0f records/s)\n",
                total.files, total.records, total.added, total.replaced, total.unchanged, total.merged, total.removed,
                total.rejected, total.failed_files,
                documents, db_name(db, shard_count).c_str(), secs, secs > 0 ? total.records / secs : 0.0);
    return (total.rejected || total.failed_files) ? kExitRejected : kExitOk;
}


// What sync, watch and rebuild share.
struct DropArgs {
    std::string db;
    std::string drop;
    double settle = 2.0;      // seconds
    double interval = 60.0;   // seconds (watch)
    std::size_t batch = 50000;
    std::size_t shards = 0;   // --shards: create the database with this many (0: not sharded)
};

citesearch::SyncOptions sync_options(const DropArgs& a) {
    citesearch::SyncOptions o;
    o.drop = a.drop;
    o.settle = std::chrono::nanoseconds(static_cast<long long>(a.settle * 1e9));
    return o;
}

citesearch::WriterOptions drop_writer_options(const DropArgs& a) {
    citesearch::WriterOptions o;
    o.batch_records = a.batch;
    o.on_diagnostic = [](const citesearch::Diagnostic& d) { std::cerr << d.to_string() << "\n"; };
    return o;
}

void print_summary(const citesearch::SyncSummary& s, const std::string& verb, const std::string& db) {
    for (const std::string& p : s.problems) std::cerr << "citesearch-index: " << p << "\n";
    std::cout << s.to_string(verb, db) << std::endl;
}

// A missing drop folder is a usage error, caught before anything is locked or created.
bool drop_folder_exists(const DropArgs& a) {
    std::error_code ec;
    if (std::filesystem::is_directory(a.drop, ec)) return true;
    std::cerr << "citesearch-index: " << a.drop << ": no such folder\n";
    return false;
}

int run_sync(const DropArgs& a) {
    if (!drop_folder_exists(a)) return kExitUsage;
    citesearch::WriterLock lock(a.db, "citesearch-index sync");
    citesearch::ensure_database(a.db, a.shards);
    citesearch::IndexWriter writer(a.db, drop_writer_options(a));
    citesearch::SyncOptions options = sync_options(a);
    citesearch::SettleTracker tracker(options.settle);
    citesearch::SyncSummary s = citesearch::sync_drop(writer, options, tracker);
    print_summary(s, "sync", db_name(a.db, writer.shard_count()));
    return s.has_rejections() ? kExitRejected : kExitOk;
}

int run_watch(const DropArgs& a) {
    if (!drop_folder_exists(a)) return kExitUsage;
    // Blocked before anything else runs, so only the watcher's signalfd sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    citesearch::WriterLock lock(a.db, "citesearch-index watch");
    citesearch::ensure_database(a.db, a.shards);
    citesearch::IndexWriter writer(a.db, drop_writer_options(a));
    citesearch::WatchOptions options;
    options.sync = sync_options(a);
    options.rescan = std::chrono::milliseconds(static_cast<long long>(a.interval * 1000));
    options.on_pass = [&](const citesearch::SyncSummary& s) { print_summary(s, "sync", db_name(a.db, writer.shard_count())); };
    options.on_note = [](const std::string& text) { std::cerr << "citesearch-index: " << text << std::endl; };
    std::cout << "citesearch-index: watching " << a.drop << " for " << a.db << " (full scan every " << a.interval
              << "s, files settle for " << a.settle << "s); stop with SIGINT or SIGTERM" << std::endl;
    citesearch::watch_drop(writer, options);
    writer.commit();
    std::cout << "citesearch-index: stopped" << std::endl;
    return kExitOk;
}

int run_rebuild(const DropArgs& a) {
    if (!drop_folder_exists(a)) return kExitUsage;
    citesearch::WriterLock lock(a.db, "citesearch-index rebuild");
    citesearch::RebuildOptions options;
    options.sync = sync_options(a);
    options.writer = drop_writer_options(a);
    options.shards = a.shards;
    citesearch::SyncSummary s = citesearch::rebuild_drop(a.db, options);
    std::vector<std::filesystem::path> parts = citesearch::database_parts(a.db);
    auto gen = citesearch::live_generation(parts.front());
    std::string where = parts.size() > 1 ? std::to_string(parts.size()) + " shards, " : "";
    if (gen) where += citesearch::generation_path(parts.front(), *gen).filename().string();
    print_summary(s, "rebuild", a.db + (where.empty() ? "" : " (" + where + ")"));
    return s.has_rejections() ? kExitRejected : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    // Xapian keeps a writer's uncommitted postings in memory and merges them
    // into its tables every XAPIAN_FLUSH_THRESHOLD documents (10,000 by
    // default; inside a transaction too, without committing). At 2,000 a
    // 10,000-record file indexes with 8% less CPU and a third of the peak
    // memory (docs/performance.md); the index is the same. Set before any
    // thread starts; an explicit setting in the environment wins.
    ::setenv("XAPIAN_FLUSH_THRESHOLD", "2000", /*overwrite=*/0);

    CLI::App app{"citesearch-index: index RIS and MEDLINE citation exports into a citesearch database."};
    app.footer(kExitHelp);
    app.require_subcommand(1);

    std::string db;
    std::vector<std::string> paths;
    std::size_t batch = 50000;
    std::size_t shards = 0;
    std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
    constexpr const char* kShardsHelp =
        "Spread the records over N databases DIR/shard-0 .. DIR/shard-(N-1), by a hash of their id (created with the "
        "database; an existing one must have N)";
    CLI::App* add = app.add_subcommand("add", "Index RIS/MEDLINE files and folders (recursively, recognised by content).");
    add->add_option("--db", db, "Database folder (created if missing)")->required();
    add->add_option("--batch", batch, "Commit after at least this many records (between files)")->check(CLI::PositiveNumber);
    add->add_option("--shards", shards, kShardsHelp)->check(CLI::Range(std::size_t{1}, citesearch::kMaxShards));
    add->add_option("--jobs", jobs,
                    "Writer threads for a new or empty database, merged by compaction (default: one per core; 1: a "
                    "single writer committing every --batch records)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
    add->add_option("paths", paths, "Files or folders to index")->required();
    add->footer(kExitHelp);

    DropArgs drop_args;
    auto drop_command = [&](const char* name, const char* what) {
        CLI::App* cmd = app.add_subcommand(name, what);
        cmd->add_option("--db", drop_args.db, "Database folder (created if missing)")->required();
        cmd->add_option("--drop", drop_args.drop, "Drop folder: every file below it is an export to index")->required();
        cmd->add_option("--settle", drop_args.settle,
                        "Seconds a file must stay unchanged before it is read (default 2)")->check(CLI::NonNegativeNumber);
        cmd->add_option("--batch", drop_args.batch, "Commit after at least this many records (between files)")
            ->check(CLI::PositiveNumber);
        cmd->add_option("--shards", drop_args.shards, kShardsHelp)->check(CLI::Range(std::size_t{1}, citesearch::kMaxShards));
        cmd->footer(kExitHelp);
        return cmd;
    };
    CLI::App* sync = drop_command("sync", "Bring the database in line with the drop folder once, then exit (for cron or a timer).");
    CLI::App* watch = drop_command("watch", "Keep the database in line with the drop folder until stopped (SIGINT/SIGTERM).");
    watch->add_option("--interval", drop_args.interval, "Seconds between full scans, besides inotify (default 60)")
        ->check(CLI::PositiveNumber);
    CLI::App* rebuild = drop_command("rebuild",
                                     "Build a fresh database from the drop folder beside the live one and switch to it atomically.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return e.get_exit_code() == 0 ? rc : kExitUsage;
    }

    try {
        if (*add) return run_add(db, paths, batch, shards, jobs);
        if (*sync) return run_sync(drop_args);
        if (*watch) return run_watch(drop_args);
        if (*rebuild) return run_rebuild(drop_args);
    } catch (const citesearch::DatabaseLockedError& e) {
        std::cerr << "citesearch-index: " << e.what() << "\n";
        return kExitLocked;
    } catch (const citesearch::DropMismatch& e) {
        std::cerr << "citesearch-index: " << e.what() << "\n";
        return kExitUsage;
    } catch (const citesearch::LayoutMismatch& e) {
        std::cerr << "citesearch-index: " << e.what() << "\n";
        return kExitUsage;
    } catch (const Xapian::Error& e) {
        std::cerr << "citesearch-index: error: " << e.get_description() << "\n";
        return kExitFailure;
    } catch (const std::exception& e) {
        std::cerr << "citesearch-index: error: " << e.what() << "\n";
        return kExitFailure;
    }
    return kExitUsage;
}
