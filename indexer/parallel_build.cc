#include "parallel_build.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "db_layout.h"
#include "record_key.h"
#include "schema.h"
#include "shard_layout.h"
#include "writer_lock.h"
#include "ris_reader.h"

namespace citesearch {
namespace fs = std::filesystem;
namespace {

// A slice smaller than this is not worth a writer, a scratch database and a
// compaction source of its own.
constexpr std::size_t kMinSliceRecords = 500;

// One writer's share: a contiguous run, in order of first appearance, of the
// ids of one database of DIR.
struct Slice {
    std::size_t part = 0;
    bool first_of_part = false;
    fs::path dir;  // its scratch database
};

struct FirstPass {
    IndexCounts counts;  // files, records, rejected, failed_files
    // Each distinct id: its database (shard) and position among that
    // database's ids in order of first appearance; then, once sliced, its slice.
    std::unordered_map<std::string, std::pair<std::uint32_t, std::uint32_t>> ids;
    std::vector<std::uint32_t> per_part;  // distinct ids per database
    std::size_t bytes = 0;
};

// Reads every file once: diagnostics, the counts that do not depend on the
// index, and every record's id. Mirrors IndexWriter::apply's counting.
FirstPass read_ids(const std::vector<std::pair<fs::path, std::string>>& files, std::size_t parts,
                   const ParallelBuildOptions& options) {
    FirstPass pass;
    pass.per_part.assign(parts, 0);
    for (const auto& [file, source] : files) {
        RisReader reader(file);
        auto report = [&] {
            for (const Diagnostic& d : reader.take_diagnostics())
                if (options.on_diagnostic) options.on_diagnostic(d);
        };
        while (std::optional<RisRecord> rec = reader.next()) {
            report();
            Provenance where{source, rec->ordinal, rec->first_line, rec->citation.ris_id};
            std::string id = record_id(record_key(rec->citation, where));
            auto part = static_cast<std::uint32_t>(shard_of(id, parts));
            if (pass.ids.try_emplace(std::move(id), part, pass.per_part[part]).second) ++pass.per_part[part];
            ++pass.counts.records;
        }
        report();
        ++pass.counts.files;
        pass.counts.rejected += reader.records_rejected();
        if (reader.format() == FileFormat::binary || reader.format() == FileFormat::unknown ||
            reader.format() == FileFormat::web_of_science)
            ++pass.counts.failed_files;
        pass.bytes += reader.bytes_read();
    }
    return pass;
}

// Every metadata entry of a live database (a manifest, the drop folder's
// name), carried into the new generation.
std::map<std::string, std::string> metadata_of(const Xapian::Database& db) {
    std::map<std::string, std::string> out;
    for (Xapian::TermIterator k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
        out.emplace(*k, db.get_metadata(*k));
    return out;
}

}  // namespace

bool database_is_empty(const fs::path& dir) {
    if (layout_of(dir) == DbLayout::missing) return true;
    for (const fs::path& part : database_parts(dir)) {
        if (layout_of(part) == DbLayout::missing) continue;
        if (Xapian::Database(part.string()).get_doccount() > 0) return false;
    }
    return true;
}

IndexCounts build_in_parallel(const fs::path& dir, const std::vector<std::pair<fs::path, std::string>>& files,
                              const ParallelBuildOptions& options) {
    const std::vector<fs::path> parts = database_parts(dir);
    // Xapian's writer lock on every live database until the switch: a writer
    // that holds one (not through the WriterLock) is not built over.
    std::vector<Xapian::WritableDatabase> live;
    for (const fs::path& part : parts) {
        try {
            live.emplace_back(part.string(), Xapian::DB_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            throw DatabaseLockedError("database " + part.string() + " is locked: another citesearch-index is writing to it");
        }
        if (live.back().get_doccount() > 0)
            throw std::runtime_error("database " + part.string() + " has documents: not built in parallel");
    }
    std::vector<std::map<std::string, std::string>> metadata;
    for (const Xapian::WritableDatabase& db : live) metadata.push_back(metadata_of(db));
    FirstPass pass = read_ids(files, parts.size(), options);
    IndexCounts total = pass.counts;

    // A new generation number for every database, as a rebuild does.
    unsigned n = 0;
    for (const fs::path& part : parts) n = std::max(n, next_generation(part));
    std::error_code ec;
    auto remove_builds = [&] {
        for (const fs::path& part : parts) {
            fs::remove_all(build_path(part, n), ec);
            fs::remove_all(generation_path(part, n), ec);
        }
    };

    // Slices: each database's ids cut into at most `jobs` contiguous runs.
    const std::size_t jobs = std::max<std::size_t>(options.jobs, 1);
    std::vector<Slice> slices;
    std::vector<std::size_t> first_slice(parts.size());
    std::vector<std::size_t> slice_count(parts.size());
    for (std::size_t p = 0; p < parts.size(); ++p) {
        std::size_t ids = pass.per_part[p];
        slice_count[p] = std::clamp<std::size_t>(ids / kMinSliceRecords, 1, jobs);
        first_slice[p] = slices.size();
        for (std::size_t k = 0; k < slice_count[p]; ++k)
            slices.push_back({p, k == 0, build_path(parts[p], n) / ("slice-" + std::to_string(k))});
    }
    for (auto& [id, where] : pass.ids) {
        std::size_t p = where.first;
        std::size_t k = static_cast<std::size_t>(where.second) * slice_count[p] / std::max<std::size_t>(pass.per_part[p], 1);
        where.second = static_cast<std::uint32_t>(first_slice[p] + k);
    }

    // The writers: each takes the next slice until none is left.
    std::atomic<std::size_t> next_slice{0};
    std::vector<std::atomic<std::size_t>> done(slices.size());
    std::mutex result_mutex;
    IndexCounts applied;
    std::exception_ptr failure;
    std::atomic<bool> failed{false};
    const std::size_t writers = std::min(jobs, slices.size());
    // A writer per job already keeps each core busy: a builder thread each
    // on top only made them contend (10k records: 22 s -> 25 s, +12% CPU).
    const std::size_t build_batch = writers < jobs ? WriterOptions{}.build_batch : 0;
    auto writer = [&] {
        try {
            for (std::size_t s; !failed && (s = next_slice++) < slices.size();) {
                const Slice& slice = slices[s];
                std::error_code gone;
                fs::remove_all(slice.dir, gone);
                fs::create_directories(slice.dir.parent_path());
                WriterOptions wo;
                wo.no_sync = true;  // scratch: the compaction writes the synced copy
                wo.batch_records = std::numeric_limits<std::size_t>::max();
                wo.build_batch = build_batch;
                wo.on_progress = [&done, s](const IndexProgress& p) { done[s] = p.records; };
                IndexWriter w(std::vector<fs::path>{slice.dir}, wo);
                // The live database's metadata, but not its stemmer: the new
                // generation is a new index, stemmed as this writer stems it.
                if (slice.first_of_part)
                    for (const auto& [key, value] : metadata[slice.part])
                        if (key != schema::kMetaStemmer) w.set_metadata(key, value);
                IndexCounts mine;
                for (const auto& [file, source] : files) {
                    if (failed) return;
                    FileUnit unit{file, source, false, {}, {}, {}};
                    unit.select = [&pass, s](const std::string& id) {
                        auto it = pass.ids.find(id);
                        return it != pass.ids.end() && it->second.second == s;
                    };
                    mine += w.apply(unit).counts;
                }
                w.commit();
                std::lock_guard<std::mutex> lock(result_mutex);
                applied += mine;
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(result_mutex);
            if (!failure) failure = std::current_exception();
            failed = true;
        }
    };
    std::atomic<std::size_t> running{writers};
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < writers; ++t)
        threads.emplace_back([&] {
            writer();
            --running;
        });
    // Progress from this thread only, so callers need no locking.
    if (options.on_progress) {
        const std::size_t records = std::max<std::size_t>(pass.counts.records, 1);
        while (running > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            std::size_t r = 0;
            for (const auto& d : done) r += d;
            r = std::min(r, records);
            options.on_progress({r, pass.bytes * r / records, pass.bytes});
        }
    }
    for (std::thread& t : threads) t.join();
    if (failure) {
        remove_builds();
        std::rethrow_exception(failure);
    }
    total.added = applied.added;
    total.replaced = applied.replaced;
    total.unchanged = applied.unchanged;
    total.merged = applied.merged;
    total.removed = applied.removed;
    if (pass.ids.empty()) {  // nothing to index: the database stays as it is
        remove_builds();
        return total;
    }

    // Compaction: the slices of each database, in order, into its new
    // generation; the databases of a sharded DIR at once.
    std::vector<std::thread> compactors;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        compactors.emplace_back([&, p] {
            try {
                Xapian::Database sources;
                for (std::size_t k = 0; k < slice_count[p]; ++k)
                    sources.add_database(Xapian::Database(slices[first_slice[p] + k].dir.string()));
                sources.compact(generation_path(parts[p], n).string(), Xapian::Compactor::FULL);
            } catch (...) {
                std::lock_guard<std::mutex> lock(result_mutex);
                if (!failure) failure = std::current_exception();
            }
        });
        if (compactors.size() >= jobs || p + 1 == parts.size()) {
            for (std::thread& t : compactors) t.join();
            compactors.clear();
        }
    }
    if (failure) {
        remove_builds();
        std::rethrow_exception(failure);
    }
    for (const fs::path& part : parts) fs::remove_all(build_path(part, n), ec);
    // The switch is the commit. Shard by shard, as a rebuild: a record is in
    // the same shard in the old and the new, so it is never seen twice.
    for (const fs::path& part : parts) switch_generation(part, n);
    for (Xapian::WritableDatabase& db : live) db.close();
    // The old generations held no documents; a reader that opened one just
    // now meets the new one on its next reopen.
    for (const fs::path& part : parts) remove_stale(part, n);
    return total;
}

}  // namespace citesearch
