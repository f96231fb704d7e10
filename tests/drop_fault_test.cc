// Fault test: citesearch-index sync is killed with SIGKILL at random moments,
// at least 20 times, and restarted each time, while the drop folder keeps
// changing. After every kill the database opens and holds whole files only
// (exactly the records of the files its manifest lists, as their recorded
// content says); at the end it equals a clean sync of the same folder.

#include <signal.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "drop_scan.h"
#include "manifest.h"
#include "record_key.h"
#include "ris_reader.h"
#include "schema.h"
#include "stored_record.h"
#include "test_support.h"

using namespace citesearch;
using namespace citesearch::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr int kFiles = 24;
constexpr int kRecordsPerFile = 125;  // 3,000 records

// File `f` in version `v`: most records keep their DOI across versions, some
// change, and every 8th record repeats one of the previous file's (a
// cross-file duplicate, merged); every 20th has no identifier at all (keyed
// by its file and position).
std::string file_text(int f, int v) {
    std::string text;
    for (int i = 0; i < kRecordsPerFile; ++i) {
        std::string doi = "10.5555/f" + std::to_string(f) + "." + std::to_string(i);
        if (i % 8 == 0 && f > 0) doi = "10.5555/f" + std::to_string(f - 1) + "." + std::to_string(i + 1);
        if ((i + v) % 5 == 0 && v > 0) doi += "v" + std::to_string(v);
        text += "TY  - JOUR\nTI  - Hepatic ablation outcome study " + std::to_string(f) + "-" + std::to_string(i) +
                " version " + std::to_string(v) + "\nAU  - Author" + std::to_string(i % 17) + ", A\nPY  - " +
                std::to_string(2000 + i % 25) + "\n";
        if (i % 20 != 3) text += "DO  - " + doi + "\n";
        if ((i + f + v) % 3 == 0)
            text += "AB  - Radiofrequency and microwave ablation of liver tumours, cohort " + std::to_string(i) + ".\n";
        text += "ER  - \n\n";
    }
    return text;
}

// Record ids a file's content gives under its name (what applying it must leave).
std::set<std::string> ids_of(const fs::path& file, const std::string& source) {
    std::set<std::string> ids;
    RisReader reader(file);
    while (auto rec = reader.next())
        ids.insert(record_id(record_key(rec->citation, {source, rec->ordinal, rec->first_line, rec->citation.ris_id})));
    return ids;
}

struct Folder {
    fs::path root;
    std::map<std::string, std::map<std::string, std::set<std::string>>> expected;  // path -> content hash -> ids

    void write(const std::string& path, int f, int v) {
        write_file(root / path, file_text(f, v));
        expected[path][*file_content_hash(root / path)] = ids_of(root / path, path);
    }
    void rename(const std::string& from, const std::string& to) {
        fs::create_directories((root / to).parent_path());
        fs::rename(root / from, root / to);
        expected[to][*file_content_hash(root / to)] = ids_of(root / to, to);
    }
};

std::set<std::string> ids_with_source(const Xapian::Database& db, const std::string& path) {
    std::set<std::string> ids;
    std::string term = schema::boolean_term(schema::kSource, path);
    for (Xapian::PostingIterator it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
        ids.insert(db.get_document(*it).get_value(schema::kSlotRecordId));
    return ids;
}

std::set<std::string> all_ids(const Xapian::Database& db) {
    std::set<std::string> ids;
    for (Xapian::TermIterator t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) ids.insert((*t).substr(1));
    return ids;
}

std::map<std::string, std::string> manifest_hashes(const Xapian::Database& db) {
    std::map<std::string, std::string> out;
    for (Xapian::TermIterator k = db.metadata_keys_begin("citesearch.file:");
         k != db.metadata_keys_end("citesearch.file:"); ++k) {
        IngestedFile f = ingested_file_from_json(db.get_metadata(*k));
        out[f.path] = f.hash;
    }
    return out;
}

// The database holds exactly the files its manifest lists, each whole.
void check_whole_files(const fs::path& db_path, const Folder& folder) {
    if (!fs::exists(db_path / "XAPIANDB")) return;  // killed before the database existed: nothing to open yet
    Xapian::Database db(db_path.string());          // always opens
    std::map<std::string, std::string> manifest = manifest_hashes(db);
    std::set<std::string> union_ids;
    for (const auto& [path, hash] : manifest) {
        auto versions = folder.expected.find(path);
        REQUIRE(versions != folder.expected.end());
        auto want = versions->second.find(hash);
        REQUIRE(want != versions->second.end());
        INFO(path);
        CHECK(ids_with_source(db, path) == want->second);
        union_ids.insert(want->second.begin(), want->second.end());
    }
    for (const auto& [path, versions] : folder.expected)
        if (!manifest.count(path)) CHECK(ids_with_source(db, path).empty());
    CHECK(all_ids(db) == union_ids);
    CHECK(db.get_doccount() == union_ids.size());
}

std::vector<std::string> sync_args(const fs::path& db, const fs::path& drop) {
    return {"sync", "--db", db.string(), "--drop", drop.string(), "--settle", "0", "--batch", "1"};
}

}  // namespace

TEST_CASE("sync killed at random moments always leaves whole files and converges to a clean sync", "[drops][fault]") {
    TempDir tmp;
    Folder folder{tmp / "drop", {}};
    for (int f = 0; f < kFiles; ++f) folder.write("f" + std::to_string(f) + ".ris", f, 0);

    // How long an uninterrupted sync of everything takes here (kills are drawn within it).
    auto t0 = std::chrono::steady_clock::now();
    REQUIRE(run(indexer_exe(), sync_args(tmp / "reference", tmp / "drop")).exit_code == 0);
    const auto full = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    REQUIRE(full > 0ms);

    std::mt19937 rng(20261128);
    int kills = 0;
    int version = 0;
    // A bound, far above the usual 30 s, that grows with the machine's load (a round lasts up to about a full
    // sync), so a busy machine gets its 20 kills instead of running out of time.
    const auto deadline = std::chrono::steady_clock::now() + std::max<std::chrono::milliseconds>(100s, full * 40);
    for (int round = 0; kills < 22 && round < 120 && std::chrono::steady_clock::now() < deadline; ++round) {
        BackgroundProcess sync(indexer_exe(), sync_args(tmp / "db", tmp / "drop"));
        auto wait = std::chrono::milliseconds(
            std::uniform_int_distribution<long>(5, std::max<long>(10, full.count() / 2))(rng));
        std::this_thread::sleep_for(wait);
        if (sync.running()) {
            sync.stop(SIGKILL);
            ++kills;
        } else {
            INFO(sync.out() << sync.err());
            REQUIRE(sync.stop() == 0);
            // Finished before the kill: change the folder so the next sync has work.
            ++version;
            for (int f = version % 3; f < kFiles; f += 3) folder.write("f" + std::to_string(f) + ".ris", f, version);
            if (version % 2 == 1) {
                std::error_code ec;
                fs::remove(folder.root / ("f" + std::to_string(version % kFiles) + ".ris"), ec);
            } else {
                std::string from = "f" + std::to_string((version + 7) % kFiles) + ".ris";
                if (fs::exists(folder.root / from))
                    folder.rename(from, "moved/v" + std::to_string(version) + "-" + from);
            }
            folder.write("new/v" + std::to_string(version) + ".ris", 100 + version, version);
        }
        check_whole_files(tmp / "db", folder);
    }
    WARN("kills: " << kills << ", folder versions: " << version << ", full sync: " << full.count() << " ms");
    CHECK(kills >= 20);

    // Finish, and compare with a clean sync of the same folder.
    RunResult last = run(indexer_exe(), sync_args(tmp / "db", tmp / "drop"));
    REQUIRE(last.exit_code == 0);
    REQUIRE(run(indexer_exe(), sync_args(tmp / "clean", tmp / "drop")).exit_code == 0);
    Xapian::Database after((tmp / "db").string()), clean((tmp / "clean").string());
    CHECK(after.get_doccount() == clean.get_doccount());
    CHECK(all_ids(after) == all_ids(clean));
    CHECK(manifest_hashes(after) == manifest_hashes(clean));
    // The merged records agree too, sources and all.
    std::size_t compared = 0;
    for (Xapian::TermIterator t = clean.allterms_begin("Q"); t != clean.allterms_end("Q") && compared < 500;
         ++t, ++compared) {
        StoredRecord a = stored_record_from_json(after.get_document(*after.postlist_begin(*t)).get_data());
        StoredRecord b = stored_record_from_json(clean.get_document(*clean.postlist_begin(*t)).get_data());
        CHECK(to_json_string(a) == to_json_string(b));
    }
    check_whole_files(tmp / "db", folder);
}
