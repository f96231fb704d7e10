#include "drop_sync.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "db_layout.h"

namespace citesearch {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

bool stop_requested(const SyncOptions& o) { return o.should_stop && o.should_stop(); }

// Whether the file still looks as it did when it was planned.
bool still_as_looked(const fs::path& file, const FileLook& look) {
    struct stat st;
    if (::stat(file.c_str(), &st) != 0) return false;
    std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    return static_cast<std::uint64_t>(st.st_size) == look.size && mtime == look.mtime_ns;
}

void check_drop_folder(IndexWriter& writer, const std::map<std::string, IngestedFile>& manifest, const fs::path& drop) {
    std::error_code ec;
    std::string here = fs::weakly_canonical(fs::absolute(drop), ec).string();
    std::string recorded = writer.metadata(kDropFolderKey);
    if (!recorded.empty() && recorded != here && !manifest.empty())
        throw DropMismatch("the database holds the files of drop folder " + recorded + ", not " + here +
                           "; sync from that folder, or rebuild from this one");
    if (recorded != here) writer.set_metadata(kDropFolderKey, here);
}

// Applies one plan; updates `manifest` as it goes.
void apply_plan(IndexWriter& writer, const SyncOptions& options, DropPlan& plan,
                std::map<std::string, IngestedFile>& manifest, SyncSummary& sum) {
    auto stopping = [&] {
        if (!sum.stopped && stop_requested(options)) sum.stopped = true;
        return sum.stopped;
    };
    for (const DropPlan::Rename& r : plan.renamed) {
        if (stopping()) return;
        IngestedFile entry = manifest.at(r.from);
        entry.path = r.to.path;
        entry.size = r.to.size;
        entry.mtime_ns = r.to.mtime_ns;
        for (std::string& line : entry.rejected_lines)
            if (line.starts_with(r.from + ":")) line = r.to.path + line.substr(r.from.size());
        sum.records += writer.rename_source(r.from, entry);
        manifest.erase(r.from);
        manifest[entry.path] = entry;
        ++sum.renamed;
    }
    for (const FileLook& f : plan.touched) {
        if (stopping()) return;
        IngestedFile entry = manifest.at(f.path);
        entry.size = f.size;
        entry.mtime_ns = f.mtime_ns;
        writer.record_file(entry);
        manifest[f.path] = entry;
        ++sum.touched;
    }
    // New and changed files, in path order.
    std::vector<std::pair<std::pair<FileLook, std::string>*, bool>> files;
    for (auto& a : plan.added) files.push_back({&a, false});
    for (auto& c : plan.changed) files.push_back({&c, true});
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.first->first.path < b.first->first.path; });
    for (const auto& [item, changed] : files) {
        if (stopping()) return;
        const FileLook& look = item->first;
        FileUnit unit;
        unit.file = options.drop / look.path;
        unit.source = look.path;
        unit.tracked = true;
        unit.entry.path = look.path;
        unit.entry.size = look.size;
        unit.entry.mtime_ns = look.mtime_ns;
        unit.entry.hash = item->second;
        unit.still_unchanged = [file = unit.file, look] { return still_as_looked(file, look); };
        FileResult r = writer.apply(unit);
        if (r.cancelled) {
            ++sum.busy;
            sum.problems.push_back(look.path + ": changed while it was read; left for the next look");
            continue;
        }
        sum.records += r.counts;
        ++(changed ? sum.changed : sum.added);
        if (!r.entry.error.empty()) {
            ++sum.rejected_files;
            sum.problems.push_back(look.path + ": rejected: " + r.entry.error);
        } else if (r.entry.rejected > 0) {
            sum.problems.push_back(look.path + ": " + std::to_string(r.entry.rejected) + " records rejected");
        }
        manifest[look.path] = r.entry;
    }
    for (const std::string& path : plan.deleted) {
        if (stopping()) return;
        sum.records += writer.remove_source(path);
        manifest.erase(path);
        ++sum.deleted;
    }
}

}  // namespace

std::string SyncSummary::to_string(const std::string& verb, const std::string& db) const {
    char tail[160];
    std::snprintf(tail, sizeof tail, "%zu documents in %s; %.2fs", documents, db.c_str(), seconds);
    std::string busy_note = busy ? std::to_string(busy) + " still being written; " : "";
    if (verb == "sync" && nothing_done()) return "unchanged: " + std::to_string(files) + " files; " + busy_note + tail;
    char line[512];
    std::snprintf(
        line, sizeof line,
        "%s: %zu files: %zu new, %zu changed, %zu renamed, %zu touched, %zu deleted, %zu unchanged, %zu busy; "
        "%zu records: %zu added, %zu replaced, %zu unchanged, %zu merged, %zu removed, %zu rejected; %zu files rejected; ",
        verb.c_str(), files, added, changed, renamed, touched, deleted, unchanged, busy, records.records, records.added,
        records.replaced, records.unchanged, records.merged, records.removed, records.rejected, rejected_files);
    return line + std::string(stopped ? "stopped early; " : "") + tail;
}

SyncSummary sync_drop(IndexWriter& writer, const SyncOptions& options, SettleTracker& tracker) {
    const auto start = Clock::now();
    SyncSummary sum;
    std::map<std::string, IngestedFile> manifest = writer.manifest();
    check_drop_folder(writer, manifest, options.drop);
    for (int look = 0;; ++look) {
        PlanInputs in;
        in.looks = scan_drop(options.drop);
        in.manifest = &manifest;
        in.ready = [&](const FileLook& f) { return tracker.ready(f, Clock::now(), wall_clock_ns()); };
        in.hash = [&](const FileLook& f) { return file_content_hash(options.drop / f.path); };
        DropPlan plan = plan_drop(in);
        tracker.retain(plan.busy);
        sum.files = in.looks.size();
        sum.busy = plan.busy.size();
        apply_plan(writer, options, plan, manifest, sum);
        if (plan.busy.empty() || !options.wait_for_settle || look > 0 || sum.stopped) {
            for (const FileLook& f : plan.busy)
                sum.problems.push_back(f.path + ": still being written (or not readable); left for the next look");
            break;
        }
        // Look again once the youngest file has had time to settle.
        auto wake = tracker.next_check().value_or(Clock::now());
        while (Clock::now() < wake && !sum.stopped) {
            if (stop_requested(options)) sum.stopped = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    writer.commit();
    std::size_t applied = sum.added + sum.changed + sum.renamed + sum.touched;
    sum.unchanged = sum.files >= applied + sum.busy ? sum.files - applied - sum.busy : 0;
    sum.documents = writer.document_count();
    sum.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return sum;
}

SyncSummary rebuild_drop(const fs::path& db, const RebuildOptions& options) {
    const auto start = Clock::now();
    std::error_code ec;
    fs::create_directories(db, ec);
    if (options.shards > 0) ensure_database(db, options.shards);
    // Each database of DIR (DIR itself, or every shard) gets a new generation
    // of one number, built beside its live one.
    const std::vector<fs::path> parts = database_parts(db);
    unsigned n = 0;
    for (const fs::path& part : parts) n = std::max(n, next_generation(part));
    std::vector<fs::path> builds;
    for (const fs::path& part : parts) {
        builds.push_back(build_path(part, n));
        fs::remove_all(builds.back(), ec);
        fs::remove_all(generation_path(part, n), ec);
    }
    auto remove_builds = [&] {
        for (const fs::path& b : builds) fs::remove_all(b, ec);
    };
    SyncSummary sum;
    try {
        WriterOptions writer_options = options.writer;
        writer_options.no_sync = true;  // scratch databases: the compaction below writes the synced ones
        IndexWriter writer(builds, writer_options);
        SettleTracker tracker(options.sync.settle);
        sum = sync_drop(writer, options.sync, tracker);
    } catch (...) {
        remove_builds();
        throw;
    }
    if (sum.stopped) {
        remove_builds();
        return sum;
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
        fs::path gen = generation_path(parts[k], n);
        try {
            Xapian::Database(builds[k].string()).compact(gen.string());
        } catch (const Xapian::Error& e) {
            for (const fs::path& part : parts) fs::remove_all(generation_path(part, n), ec);
            remove_builds();
            throw std::runtime_error("cannot compact " + builds[k].string() + ": " + e.get_description());
        }
        fs::remove_all(builds[k], ec);
    }
    // Shard by shard: a reader may meet old and new shards together for a
    // moment; a record is in the same shard in both, so it is never seen twice.
    for (const fs::path& part : parts) switch_generation(part, n);
    // Readers follow the new stubs; the old generations go after a grace period.
    auto until = Clock::now() + options.grace;
    while (Clock::now() < until && !stop_requested(options.sync))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const fs::path& part : parts) remove_stale(part, n);
    sum.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return sum;
}

}  // namespace citesearch
