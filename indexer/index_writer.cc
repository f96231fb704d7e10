#include "index_writer.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <unordered_set>

#include <xapian.h>

#include "document_builder.h"
#include "record_key.h"
#include "schema.h"
#include "stored_record.h"

namespace citesearch {

IndexCounts& IndexCounts::operator+=(const IndexCounts& o) {
    files += o.files;
    records += o.records;
    added += o.added;
    replaced += o.replaced;
    merged += o.merged;
    rejected += o.rejected;
    failed_files += o.failed_files;
    return *this;
}

struct IndexWriter::Impl {
    Xapian::WritableDatabase db;
    WriterOptions options;
    DocumentBuilder builder;
    std::size_t uncommitted = 0;
    std::size_t records_total = 0;
    std::size_t bytes_before_file = 0;
    std::size_t bytes_total = 0;

    void progress(std::size_t bytes_in_file) {
        if (options.on_progress) options.on_progress({records_total, bytes_before_file + bytes_in_file, bytes_total});
    }
};

namespace {

std::string now_iso8601() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& db_dir, WriterOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    try {
        impl_->db = Xapian::WritableDatabase(db_dir.string(), Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw DatabaseLockedError("database " + db_dir.string() + " is locked: another citesearch-index is writing to it");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("cannot open database " + db_dir.string() + ": " + e.get_description());
    }
    if (impl_->db.get_metadata(std::string(schema::kMetaSchemaVersion)).empty())
        impl_->db.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
    impl_->builder.set_spelling_database(&impl_->db);
}

IndexWriter::~IndexWriter() {
    try {
        commit();
    } catch (...) {
        // Destructors must not throw; an uncommitted batch is simply lost, as after a kill.
    }
}

void IndexWriter::set_total_bytes(std::size_t bytes) { impl_->bytes_total = bytes; }

std::size_t IndexWriter::document_count() const { return impl_->db.get_doccount(); }

void IndexWriter::commit() {
    if (impl_->uncommitted == 0) return;
    impl_->db.set_metadata(std::string(schema::kMetaLastIndexed), now_iso8601());
    impl_->db.commit();
    impl_->uncommitted = 0;
}

IndexCounts IndexWriter::add_file(const std::filesystem::path& file, const std::string& source_name) {
    Impl& s = *impl_;
    IndexCounts counts;
    counts.files = 1;
    RisReader reader(file);
    auto report = [&] {
        for (const Diagnostic& d : reader.take_diagnostics())
            if (s.options.on_diagnostic) s.options.on_diagnostic(d);
    };

    std::unordered_set<std::string> touched;  // ids met in this file so far
    s.db.begin_transaction(false);  // applied with the next commit, all or nothing
    try {
        while (std::optional<RisRecord> rec = reader.next()) {
            report();
            Provenance where{source_name, rec->ordinal, rec->first_line, rec->citation.ris_id};
            StoredRecord stored;
            stored.key = record_key(rec->citation, where);
            stored.id = record_id(stored.key);
            std::string id_term = std::string(schema::kId) + stored.id;

            Xapian::PostingIterator existing = s.db.postlist_begin(id_term);
            if (existing != s.db.postlist_end(id_term)) {
                stored = stored_record_from_json(s.db.get_document(*existing).get_data());
                bool first_in_file = touched.insert(stored.id).second;
                bool merged = merge_into(stored, rec->citation, where, first_in_file);
                ++(merged ? counts.merged : counts.replaced);
            } else {
                touched.insert(stored.id);
                stored.citation = std::move(rec->citation);
                stored.sources.push_back(where);
                ++counts.added;
            }
            s.db.replace_document(id_term, s.builder.build(stored));
            ++counts.records;
            ++s.records_total;
            ++s.uncommitted;
            if (s.records_total % 2000 == 0) s.progress(reader.bytes_read());
        }
        report();
        s.db.commit_transaction();
    } catch (...) {
        s.db.cancel_transaction();
        throw;
    }
    counts.rejected = reader.records_rejected();
    if (reader.format() == FileFormat::binary || reader.format() == FileFormat::unknown ||
        reader.format() == FileFormat::web_of_science)
        counts.failed_files = 1;
    s.bytes_before_file += reader.bytes_read();
    s.progress(0);
    if (s.uncommitted >= s.options.batch_records) commit();
    return counts;
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
