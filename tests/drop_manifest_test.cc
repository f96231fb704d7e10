// The manifest (indexer/manifest.h): what the database remembers about each
// ingested file, stored with the records in one transaction, read back after
// a restart, so an unchanged file is never parsed again.

#include <fcntl.h>
#include <sys/stat.h>
#include <xapian.h>

#include <catch2/catch.hpp>

#include "db_layout.h"
#include "drop_sync.h"
#include "index_writer.h"
#include "manifest.h"
#include "test_support.h"

using namespace citesearch;
using namespace citesearch::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string ris(const std::string& title, const std::string& doi) {
    return "TY  - JOUR\nTI  - " + title + "\nPY  - 2021\nDO  - " + doi + "\nER  - \n\n";
}

// Sets a file's mtime (nanoseconds since the epoch).
void set_mtime(const fs::path& p, std::int64_t ns) {
    timespec times[2] = {{ns / 1'000'000'000, ns % 1'000'000'000}, {ns / 1'000'000'000, ns % 1'000'000'000}};
    REQUIRE(::utimensat(AT_FDCWD, p.c_str(), times, 0) == 0);
}

std::int64_t mtime_of(const fs::path& p) {
    struct stat st;
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

SyncSummary sync_once(const fs::path& db, const fs::path& drop) {
    ensure_database(db);
    IndexWriter writer(db, {});
    SyncOptions options;
    options.drop = drop;
    options.settle = 0s;
    SettleTracker tracker(options.settle);
    return sync_drop(writer, options, tracker);
}

}  // namespace

TEST_CASE("a manifest entry reads back as written", "[drops][manifest]") {
    IngestedFile f;
    f.path = "pubmed/weekly alert 2026-11.nbib";
    f.size = 123456;
    f.mtime_ns = 1'764'000'000'123'456'789;
    f.hash = "af63dc4c8601ec8c";
    f.records = 52;
    f.rejected = 2;
    f.rejected_lines = {"pubmed/weekly alert 2026-11.nbib:17: error: record has nothing to search"};
    f.indexed_at = "2026-11-28T01:02:03Z";
    CHECK(ingested_file_from_json(to_json_string(f)) == f);
    IngestedFile failed;
    failed.path = "b.ris";
    failed.error = "binary file";
    CHECK(ingested_file_from_json(to_json_string(failed)) == failed);
    CHECK_THROWS_WITH(ingested_file_from_json("{\"path\": 3}"), Catch::Contains("not a manifest entry"));
    CHECK_THROWS(ingested_file_from_json("nonsense"));
}

TEST_CASE("manifest keys hold the path, or a hash of a path too long for Xapian", "[drops][manifest]") {
    CHECK(manifest_key("a/b.ris") == "citesearch.file:a/b.ris");
    std::string deep(400, 'd');
    std::string key = manifest_key(deep + "/x.ris");
    CHECK(key.size() < 240);
    CHECK(key.starts_with("citesearch.file:#"));
    CHECK(key != manifest_key(deep + "/y.ris"));
}

TEST_CASE("a file's manifest entry commits with its records and survives a restart", "[drops][manifest]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris", ris("Liver ablation outcomes", "10.5555/m.1") +
                                       "TY  - JOUR\nPY  - 2020\nER  - \n\n" +
                                       ris("Checkpoint inhibitors", "10.5555/m.2"));
    write_file(tmp / "drop/deep/b.nbib", "PMID- 31234567\nTI  - Cryoablation of renal tumours\nDP  - 2018\n");
    SyncSummary first = sync_once(tmp / "db", tmp / "drop");
    CHECK(first.added == 2);
    CHECK(first.records.records == 3);
    CHECK(first.records.rejected == 1);

    // Another process's view: the metadata of the committed database.
    Xapian::Database db((tmp / "db").string());
    CHECK(db.get_doccount() == 3);
    IngestedFile a = ingested_file_from_json(db.get_metadata("citesearch.file:a.ris"));
    CHECK(a.path == "a.ris");
    CHECK(a.size == fs::file_size(tmp / "drop/a.ris"));
    CHECK(a.mtime_ns == mtime_of(tmp / "drop/a.ris"));
    CHECK(a.hash == file_content_hash(tmp / "drop/a.ris"));
    CHECK(a.records == 2);
    CHECK(a.rejected == 1);
    REQUIRE(a.rejected_lines.size() == 1);
    CHECK_THAT(a.rejected_lines[0], Catch::StartsWith("a.ris:7: error:"));
    CHECK_FALSE(a.indexed_at.empty());
    CHECK(ingested_file_from_json(db.get_metadata("citesearch.file:deep/b.nbib")).records == 1);

    IndexWriter writer(tmp / "db", {});
    std::map<std::string, IngestedFile> manifest = writer.manifest();
    CHECK(manifest.size() == 2);
    CHECK(manifest.at("a.ris") == a);
}

TEST_CASE("an unchanged file is never parsed again, even by a new process", "[drops][manifest]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris", ris("Liver ablation outcomes", "10.5555/n.1"));
    REQUIRE(sync_once(tmp / "db", tmp / "drop").added == 1);
    // Same size, same mtime, different bytes: only a parse would notice.
    std::int64_t mtime = mtime_of(tmp / "drop/a.ris");
    std::string text = read_file(tmp / "drop/a.ris");
    std::string forged = text;
    forged.replace(forged.find("10.5555/n.1"), 11, "10.5555/n.2");
    write_file(tmp / "drop/a.ris", forged);
    set_mtime(tmp / "drop/a.ris", mtime);
    SyncSummary again = sync_once(tmp / "db", tmp / "drop");
    CHECK(again.nothing_done());
    CHECK(again.unchanged == 1);
    CHECK(Xapian::Database((tmp / "db").string()).term_exists("XD10.5555/n.1"));
    CHECK_FALSE(Xapian::Database((tmp / "db").string()).term_exists("XD10.5555/n.2"));
}

TEST_CASE("a touched but identical file only moves its manifest entry's mtime", "[drops][manifest]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris", ris("Liver ablation outcomes", "10.5555/t.1"));
    REQUIRE(sync_once(tmp / "db", tmp / "drop").added == 1);
    Xapian::rev rev_before = Xapian::Database((tmp / "db").string()).get_revision();
    set_mtime(tmp / "drop/a.ris", mtime_of(tmp / "drop/a.ris") + 5'000'000'000);
    SyncSummary s = sync_once(tmp / "db", tmp / "drop");
    CHECK(s.touched == 1);
    CHECK(s.records.records == 0);
    CHECK(s.records.added + s.records.replaced + s.records.removed == 0);
    Xapian::Database db((tmp / "db").string());
    CHECK(ingested_file_from_json(db.get_metadata("citesearch.file:a.ris")).mtime_ns == mtime_of(tmp / "drop/a.ris"));
    CHECK(db.get_revision() == rev_before + 1);  // one commit: the manifest entry
    CHECK(sync_once(tmp / "db", tmp / "drop").nothing_done());
}

TEST_CASE("a database refuses to sync from another drop folder than its own", "[drops][manifest]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris", ris("Liver ablation outcomes", "10.5555/d.1"));
    fs::create_directories(tmp / "elsewhere");
    REQUIRE(sync_once(tmp / "db", tmp / "drop").added == 1);
    // An empty or mistyped folder would otherwise delete every record.
    CHECK_THROWS_AS(sync_once(tmp / "db", tmp / "elsewhere"), DropMismatch);
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == 1);
}
