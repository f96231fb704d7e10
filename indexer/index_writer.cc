#include "index_writer.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <deque>
#include <future>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

#include "db_layout.h"
#include "document_builder.h"
#include "record_key.h"
#include "schema.h"
#include "shard_layout.h"
#include "stemming.h"
#include "stored_record.h"

namespace citesearch {

IndexCounts& IndexCounts::operator+=(const IndexCounts& o) {
    files += o.files;
    records += o.records;
    added += o.added;
    replaced += o.replaced;
    merged += o.merged;
    removed += o.removed;
    unchanged += o.unchanged;
    rejected += o.rejected;
    failed_files += o.failed_files;
    return *this;
}

std::string now_iso8601() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

struct IndexWriter::Impl {
    // One database, or the shards of a sharded one (shard_layout.h): a
    // record's reads and writes go to shard_of(its id); the manifest and
    // other metadata live in shards[0].
    std::vector<Xapian::WritableDatabase> shards;
    WriterOptions options;
    std::size_t uncommitted = 0;
    std::size_t records_total = 0;
    std::size_t bytes_before_file = 0;
    std::size_t bytes_total = 0;
    // The database was empty when opened: a record this writer has not
    // written cannot be in it, and is added without looking it up.
    bool fresh = false;
    std::unordered_set<std::size_t> written;  // hashes of the ids this writer added (only while `fresh`)

    // Saving is staged. Building a document (tokenizing, stemming, the
    // stored JSON) is ~28% of the work and needs no database, while adding
    // it and committing (Xapian's inverter and tables) must happen on the
    // writer's thread: so saved records are built in batches on a second
    // thread while this one reads, merges and writes the batch before
    // (docs/performance.md, "citesearch-index"). Staged records are written in the
    // order they were saved, so document ids are those of saving one by one;
    // load() sees a staged record before the database's copy; a unit's
    // records are all written before its transaction ends (flush()).
    struct Staged {
        StoredRecord record;  // no sources left: the record goes
        Xapian::docid docid;  // 0: not in the database when loaded
        bool again;           // saved while an earlier save of it was still staged
    };
    DocumentBuilder builder;    // used by one thread at a time: the builder's, or this one in flush()
    std::deque<Staged> staged;  // saved and not yet written, oldest first
    std::size_t staged_base = 0;   // sequence number of staged.front()
    std::size_t building_end = 0;  // staged records below this number are handed to the builder
    std::unordered_map<std::string, std::size_t> staged_by_id;  // id -> number of its latest staged save
    // The documents of staged [staged_base, building_end), being built.
    // Declared last: destroyed (and so waited for) first.
    std::future<std::vector<BuiltDocument>> building;

    Xapian::WritableDatabase& meta() { return shards.front(); }
    Xapian::WritableDatabase& shard_for(const std::string& id) { return shards[shard_of(id, shards.size())]; }

    void progress(std::size_t bytes_in_file) {
        if (options.on_progress) options.on_progress({records_total, bytes_before_file + bytes_in_file, bytes_total});
    }

    static std::string id_term(const std::string& id) { return schema::boolean_term(schema::kId, id); }

    // A stored record and the document that holds it in its shard, so that
    // saving it needs no second look-up of its id.
    struct Loaded {
        Xapian::docid docid = 0;
        StoredRecord record;
    };

    std::optional<Loaded> load(const std::string& id) {
        if (auto it = staged_by_id.find(id); it != staged_by_id.end()) {
            const Staged& st = staged[it->second - staged_base];
            if (st.record.sources.empty()) return std::nullopt;  // staged to go
            return Loaded{st.docid, st.record};
        }
        if (fresh && !written.count(std::hash<std::string>{}(id))) return std::nullopt;
        Xapian::WritableDatabase& db = shard_for(id);
        std::string term = id_term(id);
        Xapian::PostingIterator it = db.postlist_begin(term);
        if (it == db.postlist_end(term)) return std::nullopt;
        return Loaded{*it, stored_record_from_json(db.get_document(*it).get_data())};
    }

    // Stages the record to be written into document `docid` (0: a record
    // load() did not find, added), or deleted when no source is left. True
    // when it goes.
    bool save(StoredRecord r, Xapian::docid docid) {
        ++uncommitted;
        const bool goes = r.sources.empty();
        // A record saved again while staged is staged again, not changed in
        // place: each save is built and written, as when saving one by one
        // (the spelling dictionary counts the words of every save).
        auto [it, first] = staged_by_id.insert_or_assign(r.id, staged_base + staged.size());
        staged.push_back(Staged{std::move(r), docid, !first});
        if (options.build_batch == 0) flush();
        else if (staged_base + staged.size() - building_end >= options.build_batch) hand_over();
        return goes;
    }

    // Builds the documents of staged [from, to) (none for records that go).
    static std::vector<BuiltDocument> build_all(DocumentBuilder& builder, const std::vector<const StoredRecord*>& records) {
        std::vector<BuiltDocument> out;
        out.reserve(records.size());
        for (const StoredRecord* r : records) out.push_back(r->sources.empty() ? BuiltDocument{} : builder.build(*r));
        return out;
    }
    std::vector<const StoredRecord*> records_between(std::size_t from, std::size_t to) const {
        std::vector<const StoredRecord*> out;
        for (std::size_t n = from; n < to; ++n) out.push_back(&staged[n - staged_base].record);
        return out;
    }

    // Hands the records staged since the last hand-over to the builder's
    // thread, and writes the batch it built meanwhile. The builder reads its
    // records where they are staged: a deque keeps them in place as others
    // are added or written, and they are not changed once handed over.
    void hand_over() {
        std::vector<BuiltDocument> ready;
        if (building.valid()) ready = building.get();
        const std::size_t ready_end = building_end;
        building_end = staged_base + staged.size();
        building = std::async(std::launch::async, build_all, std::ref(builder), records_between(ready_end, building_end));
        write(std::move(ready));
    }

    // Writes everything staged (at the end of a unit).
    void flush() {
        if (building.valid()) write(building.get());
        const std::size_t end = staged_base + staged.size();
        std::vector<BuiltDocument> rest = build_all(builder, records_between(building_end, end));
        building_end = end;
        write(std::move(rest));
    }

    // Forgets everything staged (a unit cancelled).
    void discard() noexcept {
        try {
            if (building.valid()) building.get();
        } catch (...) {
            // The unit is being cancelled anyway.
        }
        building = {};
        staged_base += staged.size();
        building_end = staged_base;
        staged.clear();
        staged_by_id.clear();
    }

    // Writes the oldest staged records, whose documents are `built`, in order.
    void write(std::vector<BuiltDocument> built) {
        for (BuiltDocument& b : built) {
            Staged& st = staged.front();
            const StoredRecord& r = st.record;
            Xapian::WritableDatabase& db = shard_for(r.id);
            if (r.sources.empty()) {
                if (st.docid) db.delete_document(st.docid);
                else db.delete_document(id_term(r.id));
            } else {
                // Spelling words and abbreviations go with the record, to its shard.
                for (const auto& [word, count] : b.spelling) db.add_spelling(word, count);
                for (const auto& [key, long_form] : b.synonyms) db.add_synonym(key, long_form);
                if (st.docid) {
                    db.replace_document(st.docid, b.document);
                } else if (st.again) {
                    // Its first save may have been an addition, written since: by its id term.
                    db.replace_document(id_term(r.id), b.document);
                } else {
                    db.add_document(b.document);
                    if (fresh) written.insert(std::hash<std::string>{}(r.id));
                }
            }
            if (auto it = staged_by_id.find(r.id); it != staged_by_id.end() && it->second == staged_base) staged_by_id.erase(it);
            staged.pop_front();
            ++staged_base;
        }
    }

    // Ids of the records that name `source` among their sources, in every
    // shard. Read before any change, since changes move documents in the
    // posting list.
    std::vector<std::string> ids_from(const std::string& source) {
        std::vector<std::string> ids;
        std::string term = schema::boolean_term(schema::kSource, source);
        for (Xapian::WritableDatabase& db : shards)
            for (Xapian::PostingIterator it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
                ids.push_back(db.get_document(*it, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotRecordId));
        return ids;
    }

    // Takes `source`'s copies out of the records in `ids` (a long source name
    // cut in its term may list others: they lose nothing). Counts deletions.
    void drop_source(const std::vector<std::string>& ids, const std::string& source, IndexCounts& counts,
                     const std::unordered_set<std::string>* keep = nullptr) {
        for (const std::string& id : ids) {
            if (keep && keep->count(id)) continue;
            std::optional<Loaded> r = load(id);
            if (!r || remove_copies(r->record, source) == 0) continue;
            if (save(std::move(r->record), r->docid)) ++counts.removed;
        }
    }

    // A unit is one transaction in every shard, applied with the next commit.
    void begin() {
        for (Xapian::WritableDatabase& db : shards) db.begin_transaction(false);
    }
    void end() {
        flush();
        for (Xapian::WritableDatabase& db : shards) db.commit_transaction();
    }
    void cancel() noexcept {
        discard();
        for (Xapian::WritableDatabase& db : shards) {
            try {
                db.cancel_transaction();
            } catch (...) {
                // Not in a transaction (begin() failed part-way): nothing to cancel there.
            }
        }
    }

    // Runs `body` as one unit (applied with the next commit, all or nothing).
    template <typename F>
    auto transaction(F&& body) -> decltype(body()) {
        begin();
        try {
            auto result = body();
            end();
            return result;
        } catch (...) {
            cancel();
            throw;
        }
    }

    // Xapian has no transaction across databases. The shard holding the
    // manifest commits last, so the manifest never records a file whose
    // records are not all committed: after a kill between two shards'
    // commits, some shards are ahead of the manifest, and the next pass
    // applies the file again, which changes nothing where it is applied
    // already (records are replaced by id, copies by source).
    void commit_all() {
        std::string now = now_iso8601();
        for (std::size_t k = shards.size(); k-- > 0;) {
            shards[k].set_metadata(std::string(schema::kMetaLastIndexed), now);
            shards[k].commit();
        }
        uncommitted = 0;
    }

    void commit_if_due() {
        if (uncommitted >= options.batch_records) commit_all();
    }

    // Schema 1 had no date sort keys (slots 8 and 9): add them to every
    // document, once. Values only: terms, data, spelling untouched.
    void upgrade_schema(Xapian::WritableDatabase& db) {
        std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
        if (version == schema::kSchemaVersion) return;
        if (!version.empty() && version != "1")
            throw std::runtime_error("the database has index schema " + version + ", newer than this citesearch-index (" +
                                     std::string(schema::kSchemaVersion) + ")");
        if (db.get_doccount() > 0) {
            for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
                Xapian::Document doc = db.get_document(*it);
                std::string date = doc.get_value(schema::kSlotDate);
                int yyyymmdd = date.empty() ? 0 : static_cast<int>(Xapian::sortable_unserialise(date));
                std::string id = doc.get_value(schema::kSlotRecordId);
                doc.add_value(schema::kSlotNewestKey, schema::newest_first_key(yyyymmdd, id));
                doc.add_value(schema::kSlotOldestKey, schema::oldest_first_key(yyyymmdd, id));
                db.replace_document(*it, doc);
            }
        }
        db.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
        db.commit();
    }
};

IndexWriter::IndexWriter(const std::filesystem::path& db_dir, WriterOptions options)
    : IndexWriter(database_parts(db_dir), std::move(options)) {}

IndexWriter::IndexWriter(const std::vector<std::filesystem::path>& shard_dirs, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    const int flags = Xapian::DB_CREATE_OR_OPEN | (impl_->options.no_sync ? Xapian::DB_NO_SYNC : 0);
    for (const std::filesystem::path& dir : shard_dirs) {
        try {
            impl_->shards.emplace_back(dir.string(), flags);
        } catch (const Xapian::DatabaseLockError&) {
            throw DatabaseLockedError("database " + dir.string() + " is locked: another citesearch-index is writing to it");
        } catch (const Xapian::Error& e) {
            throw std::runtime_error("cannot open database " + dir.string() + ": " + e.get_description());
        }
        impl_->upgrade_schema(impl_->shards.back());
    }
    if (impl_->shards.empty()) throw std::runtime_error("no database to write to");
    // Every shard empty: a record this writer has not written is in none of them.
    impl_->fresh = std::all_of(impl_->shards.begin(), impl_->shards.end(),
                               [](const Xapian::WritableDatabase& db) { return db.get_doccount() == 0; });
    // Records are stemmed as the index already was: an empty one gets the
    // default stemmer, one written before the stemmer was recorded keeps
    // Porter2 ("english"), which made its terms (`rebuild` moves it on).
    // Every shard records it, as each records its schema.
    const std::string key(schema::kMetaStemmer);
    std::string stemmer = impl_->fresh ? std::string(kDefaultStemmer) : impl_->meta().get_metadata(key);
    if (stemmer.empty()) stemmer = std::string(kLegacyStemmer);
    for (Xapian::WritableDatabase& db : impl_->shards)
        if (db.get_metadata(key) != stemmer) db.set_metadata(key, stemmer);
    impl_->builder.set_stemmer(stemmer);
}

IndexWriter::~IndexWriter() {
    try {
        commit();
    } catch (...) {
        // Destructors must not throw; an uncommitted batch is simply lost, as after a kill.
    }
}

void IndexWriter::set_total_bytes(std::size_t bytes) { impl_->bytes_total = bytes; }

std::size_t IndexWriter::document_count() const {
    std::size_t n = 0;
    for (const Xapian::WritableDatabase& db : impl_->shards) n += db.get_doccount();
    return n;
}

std::size_t IndexWriter::shard_count() const { return impl_->shards.size(); }

void IndexWriter::commit() {
    if (impl_->uncommitted == 0) return;
    impl_->commit_all();
}

IndexCounts IndexWriter::add_file(const std::filesystem::path& file, const std::string& source_name) {
    return apply(FileUnit{file, source_name, false, {}, {}, {}}).counts;
}

FileResult IndexWriter::apply(const FileUnit& unit) {
    Impl& s = *impl_;
    FileResult result;
    IndexCounts& counts = result.counts;
    counts.files = 1;
    RisReader reader(unit.file);
    std::vector<std::string> error_lines;
    std::string first_problem;
    auto report = [&] {
        for (Diagnostic& d : reader.take_diagnostics()) {
            if (s.options.on_diagnostic) s.options.on_diagnostic(d);
            if (first_problem.empty()) first_problem = d.message;
            if (d.severity == Diagnostic::Severity::error && error_lines.size() < kMaxRejectedLines) {
                d.file = unit.source;
                error_lines.push_back(d.to_string());
            }
        }
    };

    const std::vector<std::string> before = s.ids_from(unit.source);
    std::unordered_set<std::string> touched;  // ids met in this file so far
    const std::size_t uncommitted_before = s.uncommitted;
    s.begin();  // applied with the next commit, all or nothing
    try {
        while (std::optional<RisRecord> rec = reader.next()) {
            report();
            Provenance where{unit.source, rec->ordinal, rec->first_line, rec->citation.ris_id};
            std::string key = record_key(rec->citation, where);
            std::string id = record_id(key);
            if (unit.select && !unit.select(id)) continue;
            bool first_in_file = touched.insert(id).second;
            std::optional<Impl::Loaded> stored = s.load(id);
            if (!stored) {
                StoredRecord fresh;
                fresh.id = id;
                fresh.key = std::move(key);
                add_copy(fresh, std::move(rec->citation), std::move(where));
                ++counts.added;
                s.save(std::move(fresh), 0);
            } else {
                StoredRecord& r = stored->record;
                std::string before_json = to_json_string(r);
                bool merged = merge_into(r, rec->citation, where, first_in_file);
                if (to_json_string(r) == before_json) {
                    ++counts.unchanged;  // the same copy indexed again: nothing to rewrite
                } else {
                    ++(merged ? counts.merged : counts.replaced);
                    s.save(std::move(r), stored->docid);
                }
            }
            ++counts.records;
            ++s.records_total;
            if (s.records_total % 2000 == 0) s.progress(reader.bytes_read());
        }
        report();
        // What the file gave before and no longer gives.
        if (!unit.select) s.drop_source(before, unit.source, counts, &touched);
        if (unit.still_unchanged && !unit.still_unchanged()) {
            s.cancel();
            s.uncommitted = uncommitted_before;
            result.cancelled = true;
            return result;
        }
        counts.rejected = reader.records_rejected();
        if (reader.format() == FileFormat::binary || reader.format() == FileFormat::unknown ||
            reader.format() == FileFormat::web_of_science)
            counts.failed_files = 1;
        if (unit.tracked) {
            IngestedFile& e = result.entry;
            e = unit.entry;
            e.records = counts.records;
            e.rejected = counts.rejected;
            e.rejected_lines = std::move(error_lines);
            e.error = counts.failed_files ? (first_problem.empty() ? "not a citation file" : first_problem) : "";
            e.indexed_at = now_iso8601();
            s.meta().set_metadata(manifest_key(e.path), to_json_string(e));
            ++s.uncommitted;
        }
        s.end();
    } catch (...) {
        s.cancel();
        s.uncommitted = uncommitted_before;
        throw;
    }
    s.bytes_before_file += reader.bytes_read();
    s.progress(0);
    s.commit_if_due();
    return result;
}

IndexCounts IndexWriter::remove_source(const std::string& source) {
    Impl& s = *impl_;
    IndexCounts counts = s.transaction([&] {
        IndexCounts c;
        s.drop_source(s.ids_from(source), source, c);
        s.meta().set_metadata(manifest_key(source), "");
        ++s.uncommitted;
        return c;
    });
    s.commit_if_due();
    return counts;
}

IndexCounts IndexWriter::rename_source(const std::string& from, const IngestedFile& to) {
    Impl& s = *impl_;
    IndexCounts counts = s.transaction([&] {
        IndexCounts c;
        for (const std::string& id : s.ids_from(from)) {
            std::optional<Impl::Loaded> loaded = s.load(id);
            if (!loaded) continue;
            StoredRecord* r = &loaded->record;
            auto taken = take_copies(*r, from);
            if (taken.empty()) continue;
            std::vector<std::pair<Citation, Provenance>> elsewhere;
            for (auto& [copy, where] : taken) {
                where.file = to.path;
                // Records keyed by their file ("src:...") change identity with its name.
                std::string key = record_key(copy, where);
                if (record_id(key) == r->id) add_copy(*r, std::move(copy), std::move(where));
                else elsewhere.emplace_back(std::move(copy), std::move(where));
            }
            if (s.save(std::move(*r), loaded->docid)) ++c.removed;
            for (auto& [copy, where] : elsewhere) {
                std::string key = record_key(copy, where);
                std::string new_id = record_id(key);
                std::optional<Impl::Loaded> target = s.load(new_id);
                if (!target) {
                    target.emplace();
                    target->record.id = new_id;
                    target->record.key = key;
                    ++c.added;
                }
                add_copy(target->record, std::move(copy), std::move(where));
                s.save(std::move(target->record), target->docid);
            }
        }
        s.meta().set_metadata(manifest_key(from), "");
        s.meta().set_metadata(manifest_key(to.path), to_json_string(to));
        ++s.uncommitted;
        return c;
    });
    s.commit_if_due();
    return counts;
}

void IndexWriter::record_file(const IngestedFile& entry) {
    impl_->meta().set_metadata(manifest_key(entry.path), to_json_string(entry));
    ++impl_->uncommitted;
}

std::map<std::string, IngestedFile> IndexWriter::manifest() const {
    std::map<std::string, IngestedFile> out;
    std::string prefix(kManifestKeyPrefix);
    Xapian::WritableDatabase& db = impl_->meta();
    for (Xapian::TermIterator k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
        std::string value = db.get_metadata(*k);
        if (value.empty()) continue;
        IngestedFile f = ingested_file_from_json(value);
        out.emplace(f.path, std::move(f));
    }
    return out;
}

std::string IndexWriter::metadata(std::string_view key) const { return impl_->meta().get_metadata(std::string(key)); }

void IndexWriter::set_metadata(std::string_view key, const std::string& value) {
    impl_->meta().set_metadata(std::string(key), value);
    ++impl_->uncommitted;
}

std::vector<std::pair<std::filesystem::path, std::string>> collect_input_files(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    std::vector<std::pair<fs::path, std::string>> out;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        out.emplace_back(path, path.lexically_normal().string());
        return out;
    }
    auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& p = it->path();
        if (p.filename().string().starts_with(".")) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        // By content; a file named like an export that is not one is kept so
        // that its rejection is reported rather than silently skipped.
        FileFormat f = detect_format(p);
        std::string ext = p.extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        bool export_name = ext == ".ris" || ext == ".nbib" || ext == ".medline";
        if (f == FileFormat::ris || f == FileFormat::medline || f == FileFormat::web_of_science || export_name)
            out.emplace_back(p, p.lexically_relative(path).string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace citesearch
