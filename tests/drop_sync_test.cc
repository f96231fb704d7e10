// citesearch-index sync, watch and rebuild over real drop folders and real
// databases: what users see (summary lines, exit codes) and what the index
// then holds.

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "manifest.h"
#include "schema.h"
#include "stored_record.h"
#include "test_support.h"

using namespace citesearch;
using namespace citesearch::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string ris(const std::string& title, const std::string& extra) {
    return "TY  - JOUR\nTI  - " + title + "\n" + extra + "ER  - \n\n";
}

RunResult sync(const fs::path& db, const fs::path& drop, std::vector<std::string> more = {"--settle", "0"}) {
    std::vector<std::string> args{"sync", "--db", db.string(), "--drop", drop.string()};
    args.insert(args.end(), more.begin(), more.end());
    return run(indexer_exe(), args);
}

std::optional<StoredRecord> by_doi(const fs::path& db, const std::string& doi) {
    Xapian::Database d(db.string());
    std::string term = schema::boolean_term(schema::kDoi, doi);
    Xapian::PostingIterator it = d.postlist_begin(term);
    if (it == d.postlist_end(term)) return std::nullopt;
    return stored_record_from_json(d.get_document(*it).get_data());
}

std::vector<std::string> files_of(const StoredRecord& r) {
    std::vector<std::string> out;
    for (const Provenance& p : r.sources) out.push_back(p.file);
    return out;
}

Xapian::doccount doc_count(const fs::path& db) { return Xapian::Database(db.string()).get_doccount(); }

}  // namespace

TEST_CASE("sync indexes a drop folder, and a second sync says unchanged", "[drops][sync]") {
    TempDir tmp;
    write_file(tmp / "drop/pubmed/alert.nbib", "PMID- 31234567\nTI  - Cryoablation of renal tumours\nDP  - 2018\n");
    write_file(tmp / "drop/scopus.ris", ris("Liver ablation outcomes", "PY  - 2021\nDO  - 10.5555/s.1\n") +
                                            ris("Checkpoint inhibitors after TACE", "PY  - 2022\nDO  - 10.5555/s.2\n"));
    RunResult first = sync(tmp / "db", tmp / "drop");
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::StartsWith("sync: 2 files: 2 new") && Catch::Contains("3 records: 3 added"));
    CHECK(doc_count(tmp / "db") == 3);
    // The layout sync creates: a stub naming the live generation.
    CHECK(read_file(tmp / "db/XAPIANDB") == "auto gen-000001\n");
    RunResult second = sync(tmp / "db", tmp / "drop");
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.out, Catch::StartsWith("unchanged: 2 files; 3 documents"));
}

TEST_CASE("duplicates across files become one record listing all its sources, and the summary counts merges",
          "[drops][sync][dedup]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris", ris("Radioembolisation for HCC",
                                       "AU  - Müller, Jürgen\nPY  - 2019\nDO  - https://doi.org/10.5555/ABC.1\n"));
    write_file(tmp / "drop/b.ris",
               ris("Radioembolization for hepatocellular carcinoma",
                   "AU  - Muller J\nPY  - 2019\nDO  - 10.5555/abc.1\nAB  - Yttrium-90 outcomes.\n"));
    write_file(tmp / "drop/c.nbib",
               "PMID- 29999999\nTI  - Cryoablation of renal tumours\nDP  - 2018\nFAU - Lefevre, Anais\n");
    write_file(tmp / "drop/d.ris",
               ris("Cryoablation of renal tumours", "AU  - Lefèvre, Anaïs\nPY  - 2018\nAN  - 29999999\nAB  - Long.\n"));
    write_file(tmp / "drop/e.ris",
               ris("Microwave Ablation of Colorectal Liver Metastases", "AU  - Dvořák, Tomáš\nPY  - 2017\n"));
    write_file(tmp / "drop/f.ris",
               ris("Microwave ablation of colorectal liver metastases.", "AU  - Dvorak T\nPY  - 2017///\n"));
    RunResult r = sync(tmp / "db", tmp / "drop");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("6 records: 3 added, 0 replaced, 0 unchanged, 3 merged"));
    CHECK(doc_count(tmp / "db") == 3);
    std::optional<StoredRecord> rec = by_doi(tmp / "db", "10.5555/abc.1");
    REQUIRE(rec);
    CHECK(files_of(*rec) == std::vector<std::string>{"a.ris", "b.ris"});
    CHECK(rec->citation.abstract_text == "Yttrium-90 outcomes.");
}

TEST_CASE("a changed file's records are replaced, and records it dropped go unless another file has them",
          "[drops][sync]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris",
               ris("Kept in a", "PY  - 2020\nDO  - 10.5555/c.1\n") +
                   ris("Dropped from a, also in b", "PY  - 2020\nDO  - 10.5555/c.2\nAB  - Only a has it.\n") +
                   ris("Dropped from a only", "PY  - 2020\nDO  - 10.5555/c.3\n"));
    write_file(tmp / "drop/b.ris", ris("Dropped from a, also in b", "PY  - 2020\nDO  - 10.5555/c.2\n"));
    REQUIRE(sync(tmp / "db", tmp / "drop").exit_code == 0);
    REQUIRE(doc_count(tmp / "db") == 3);
    CHECK(by_doi(tmp / "db", "10.5555/c.2")->citation.abstract_text == "Only a has it.");

    write_file(tmp / "drop/a.ris", ris("Kept in a, title corrected", "PY  - 2020\nDO  - 10.5555/c.1\n") +
                                       ris("New in a", "PY  - 2021\nDO  - 10.5555/c.4\n"));
    RunResult r = sync(tmp / "db", tmp / "drop");
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out,
               Catch::Contains("1 changed") && Catch::Contains("2 records: 1 added, 1 replaced, 0 unchanged, 0 merged, 1 removed"));
    CHECK(doc_count(tmp / "db") == 3);
    CHECK(by_doi(tmp / "db", "10.5555/c.1")->citation.title == "Kept in a, title corrected");
    CHECK_FALSE(by_doi(tmp / "db", "10.5555/c.3"));
    // Still provided by b, now only by b: recomputed from b's own copy.
    std::optional<StoredRecord> shared = by_doi(tmp / "db", "10.5555/c.2");
    REQUIRE(shared);
    CHECK(files_of(*shared) == std::vector<std::string>{"b.ris"});
    CHECK(shared->citation.abstract_text.empty());
    CHECK_FALSE(Xapian::Database((tmp / "db").string()).term_exists("XD10.5555/c.3"));
}

TEST_CASE("a deleted file's records go, except those another file still provides", "[drops][sync]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris",
               ris("Only in a", "PY  - 2020\nDO  - 10.5555/x.1\n") + ris("In both", "PY  - 2020\nDO  - 10.5555/x.2\n"));
    write_file(tmp / "drop/b.ris", ris("In both", "PY  - 2020\nDO  - 10.5555/x.2\n"));
    REQUIRE(sync(tmp / "db", tmp / "drop").exit_code == 0);
    fs::remove(tmp / "drop/a.ris");
    RunResult r = sync(tmp / "db", tmp / "drop");
    CHECK_THAT(r.out, Catch::Contains("1 deleted") && Catch::Contains("1 removed"));
    CHECK(doc_count(tmp / "db") == 1);
    CHECK(files_of(*by_doi(tmp / "db", "10.5555/x.2")) == std::vector<std::string>{"b.ris"});
    Xapian::Database d((tmp / "db").string());
    CHECK(d.get_metadata("citesearch.file:a.ris").empty());
    CHECK_FALSE(d.term_exists("XSa.ris"));
}

TEST_CASE("a renamed file is re-attributed without reading it again", "[drops][sync]") {
    TempDir tmp;
    write_file(tmp / "drop/export.ris",
               ris("Keyed by DOI", "PY  - 2020\nDO  - 10.5555/r.1\n") + ris("Editorial", "PY  - 2020\n"));
    REQUIRE(sync(tmp / "db", tmp / "drop").exit_code == 0);
    fs::create_directories(tmp / "drop/2026");
    fs::rename(tmp / "drop/export.ris", tmp / "drop/2026/scopus.ris");
    RunResult r = sync(tmp / "db", tmp / "drop");
    INFO(r.out << r.err);
    CHECK_THAT(r.out, Catch::Contains("1 renamed") && Catch::Contains("0 records:"));
    CHECK(doc_count(tmp / "db") == 2);
    CHECK(files_of(*by_doi(tmp / "db", "10.5555/r.1")) == std::vector<std::string>{"2026/scopus.ris"});
    Xapian::Database d((tmp / "db").string());
    CHECK(d.term_exists("XS2026/scopus.ris"));
    CHECK_FALSE(d.term_exists("XSexport.ris"));
    CHECK_FALSE(d.get_metadata("citesearch.file:2026/scopus.ris").empty());

    // The same state as a clean sync of the renamed folder (the editorial,
    // keyed by its file, moved to its new key).
    REQUIRE(sync(tmp / "clean", tmp / "drop").exit_code == 0);
    auto ids = [](const fs::path& db) {
        std::set<std::string> out;
        Xapian::Database x(db.string());
        for (Xapian::TermIterator t = x.allterms_begin("Q"); t != x.allterms_end("Q"); ++t) out.insert(*t);
        return out;
    };
    CHECK(ids(tmp / "db") == ids(tmp / "clean"));
}

TEST_CASE("files still being written are not read, and partial names are ignored", "[drops][sync][settle]") {
    TempDir tmp;
    write_file(tmp / "drop/done.ris", ris("Settled", "PY  - 2020\nDO  - 10.5555/w.1\n"));
    fs::last_write_time(tmp / "drop/done.ris", fs::file_time_type::clock::now() - 1h);
    write_file(tmp / "drop/coming.ris.part", ris("Half downloaded", "PY  - 2020\nDO  - 10.5555/w.2\n"));
    write_file(tmp / "drop/.~lock.ris", "x");
    // An old file is ready at once: no waiting.
    auto start = std::chrono::steady_clock::now();
    RunResult r = sync(tmp / "db", tmp / "drop", {"--settle", "30"});
    CHECK(std::chrono::steady_clock::now() - start < 10s);
    CHECK_THAT(r.out, Catch::Contains("1 files: 1 new"));
    CHECK(doc_count(tmp / "db") == 1);

    // A young file is looked at twice, a settle interval apart, before it is read.
    write_file(tmp / "drop/young.ris", ris("Just written", "PY  - 2020\nDO  - 10.5555/w.3\n"));
    start = std::chrono::steady_clock::now();
    r = sync(tmp / "db", tmp / "drop", {"--settle", "1"});
    CHECK(std::chrono::steady_clock::now() - start >= 900ms);
    CHECK_THAT(r.out, Catch::Contains("1 new"));
    CHECK(doc_count(tmp / "db") == 2);
}

TEST_CASE("a watcher takes a dropped file whole, only once it has stopped changing", "[drops][watch]") {
    TempDir tmp;
    fs::create_directories(tmp / "drop");
    BackgroundProcess watcher(indexer_exe(), {"watch", "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string(),
                                              "--settle", "1.5", "--interval", "30"});
    REQUIRE(watcher.wait_for_output("unchanged: 0 files", 20000));
    // Written in two parts 300 ms apart: the first part alone must never be indexed.
    std::string text;
    for (int i = 0; i < 40; ++i)
        text +=
            ris("Dropped record " + std::to_string(i), "PY  - 2024\nDO  - 10.5555/watch." + std::to_string(i) + "\n");
    write_file(tmp / "drop/alert.ris", text.substr(0, text.size() / 2));
    std::this_thread::sleep_for(300ms);
    write_file(tmp / "drop/alert.ris", text);
    std::set<Xapian::doccount> seen;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    Xapian::doccount count = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            count = doc_count(tmp / "db");
            seen.insert(count);
        } catch (const Xapian::Error&) {
        }
        if (count == 40) break;
        std::this_thread::sleep_for(50ms);
    }
    INFO(watcher.out() << watcher.err());
    CHECK(count == 40);
    for (Xapian::doccount c : seen) CHECK((c == 0 || c == 40));
    CHECK(watcher.wait_for_output("1 new", 5000));

    // A file that goes away before it has settled leaves the watcher idle (no busy loop).
    auto cpu_ticks = [&] {
        std::string stat = read_file("/proc/" + std::to_string(watcher.pid()) + "/stat");
        std::istringstream fields(stat.substr(stat.rfind(')') + 2));
        std::string f;
        long utime = 0, stime = 0;
        for (int i = 3; i <= 15 && fields >> f; ++i) {
            if (i == 14) utime = std::stol(f);
            if (i == 15) stime = std::stol(f);
        }
        return utime + stime;
    };
    write_file(tmp / "drop/brief.ris", ris("Here for a moment", "PY  - 2024\n"));
    std::this_thread::sleep_for(800ms);  // seen young by a pass, then gone before it settles
    fs::remove(tmp / "drop/brief.ris");
    long ticks_before = cpu_ticks();
    std::this_thread::sleep_for(3s);
    CHECK(cpu_ticks() - ticks_before < sysconf(_SC_CLK_TCK) / 2);  // under half a CPU second in 3 s

    // A deletion is noticed too; then SIGTERM stops it cleanly.
    fs::remove(tmp / "drop/alert.ris");
    deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline && doc_count(tmp / "db") != 0) std::this_thread::sleep_for(50ms);
    CHECK(doc_count(tmp / "db") == 0);
    CHECK(watcher.stop(SIGTERM) == 0);
    CHECK_THAT(watcher.out(), Catch::Contains("stopped"));
}

TEST_CASE("a watcher takes a file renamed into the drop folder at once, while one written in place settles",
          "[drops][watch][settle]") {
    TempDir tmp;
    fs::create_directories(tmp / "drop/sub");
    fs::create_directories(tmp / "staging");
    // A settle time far beyond the test's bounds: only a file that needs none can be indexed.
    BackgroundProcess watcher(indexer_exe(), {"watch", "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string(),
                                              "--settle", "60", "--interval", "60"});
    REQUIRE(watcher.wait_for_output("unchanged: 0 files", 20000));
    auto records = [](const std::string& stem, int n) {
        std::string text;
        for (int i = 0; i < n; ++i)
            text += ris(stem + " record " + std::to_string(i), "PY  - 2024\nDO  - 10.5555/" + stem + "." + std::to_string(i) + "\n");
        return text;
    };
    write_file(tmp / "drop/in-place.ris", records("inplace", 5));  // written where it lies: must settle
    write_file(tmp / "staging/renamed.ris", records("renamed", 30));
    write_file(tmp / "staging/nested.ris", records("nested", 7));
    const auto start = std::chrono::steady_clock::now();
    fs::rename(tmp / "staging/renamed.ris", tmp / "drop/renamed.ris");
    fs::rename(tmp / "staging/nested.ris", tmp / "drop/sub/nested.ris");
    Xapian::doccount count = 0;
    while (std::chrono::steady_clock::now() < start + 20s && count != 37) {
        std::this_thread::sleep_for(20ms);
        try {
            count = doc_count(tmp / "db");
        } catch (const Xapian::Error&) {
        }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(watcher.out() << watcher.err());
    CHECK(count == 37);     // both renamed files, and not the one still settling
    CHECK(seconds < 15.0);  // far below the 60 s settle (about 0.1 s on an idle machine)
    CHECK(by_doi(tmp / "db", "10.5555/nested.3"));
    CHECK_FALSE(by_doi(tmp / "db", "10.5555/inplace.0"));
    CHECK(watcher.stop(SIGTERM) == 0);
}

TEST_CASE("a second watcher or sync on the same database exits at once, naming the lock holder", "[drops][lock]") {
    TempDir tmp;
    fs::create_directories(tmp / "drop");
    BackgroundProcess watcher(indexer_exe(),
                              {"watch", "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string()});
    REQUIRE(watcher.wait_for_output("watching", 20000));
    for (const char* command : {"sync", "watch", "rebuild"}) {
        auto start = std::chrono::steady_clock::now();
        RunResult r =
            run(indexer_exe(), {command, "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string()}, 20);
        INFO(command << ": " << r.err);
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err,
                   Catch::Contains("locked by citesearch-index watch (pid " + std::to_string(watcher.pid()) + " on "));
        CHECK_THAT(r.err, !Catch::Contains("terminate") && !Catch::Contains("what()"));
        CHECK(std::chrono::steady_clock::now() - start < 5s);
    }
    write_file(tmp / "in/a.ris", ris("Added by hand", "PY  - 2020\n"));
    RunResult add = index_paths(tmp / "db", {tmp / "in"});
    CHECK(add.exit_code == 3);
    CHECK_THAT(add.err, Catch::Contains("locked by citesearch-index watch"));
    CHECK(watcher.stop() == 0);
    // The lock dies with its holder, however it dies.
    BackgroundProcess killed(indexer_exe(),
                             {"watch", "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string()});
    REQUIRE(killed.wait_for_output("watching", 20000));
    killed.stop(SIGKILL);
    CHECK(sync(tmp / "db", tmp / "drop").exit_code == 0);
}

TEST_CASE("a sync with nothing to do finishes in well under a second for a few hundred files", "[drops][sync][perf]") {
    TempDir tmp;
    for (int f = 0; f < 300; ++f) {
        std::string text;
        for (int i = 0; i < 3; ++i)
            text += ris("Record " + std::to_string(f) + "." + std::to_string(i),
                        "PY  - 2020\nDO  - 10.5555/p" + std::to_string(f) + "." + std::to_string(i) + "\n");
        write_file(tmp / ("drop/f" + std::to_string(f / 50) + "/export-" + std::to_string(f) + ".ris"), text);
    }
    RunResult first = sync(tmp / "db", tmp / "drop");
    REQUIRE(first.exit_code == 0);
    REQUIRE(doc_count(tmp / "db") == 900);
    auto start = std::chrono::steady_clock::now();
    RunResult second = sync(tmp / "db", tmp / "drop", {});  // default settle: nothing waits
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(second.out);
    CHECK_THAT(second.out, Catch::StartsWith("unchanged: 300 files"));
    CHECK(secs < 0.5);
}

TEST_CASE("corrupt, binary, empty and enormous-line files are reported and the rest is indexed",
          "[drops][sync][errors]") {
    TempDir tmp;
    write_file(tmp / "drop/good.ris", ris("Good record", "PY  - 2020\nDO  - 10.5555/g.1\n"));
    write_file(tmp / "drop/binary.ris", std::string("\x7f"
                                                    "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                                    16) +
                                            std::string(4000, '\0'));
    write_file(tmp / "drop/empty.ris", "");
    write_file(tmp / "drop/corrupt.ris", ris("Fine one", "PY  - 2020\nDO  - 10.5555/g.2\n") +
                                             "TY  - JOUR\nPY  - 2020\nER  - \n\n" +
                                             "TY  - JOUR\nTI  - Bad bytes \x01\x02\x03 here\nER  - \n\n");
    write_file(tmp / "drop/enormous.ris", ris("Before the long line", "PY  - 2020\nDO  - 10.5555/g.3\n") +
                                              "TY  - JOUR\nTI  - Long\nAB  - " + std::string(3 * 1024 * 1024, 'a') +
                                              "\nER  - \n\n" +
                                              ris("After the long line", "PY  - 2020\nDO  - 10.5555/g.4\n"));
    write_file(tmp / "drop/one-line.ris", std::string(2 * 1024 * 1024, 'z'));
    RunResult r = sync(tmp / "db", tmp / "drop");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.out, Catch::Contains("6 files: 6 new") && Catch::Contains("3 files rejected"));
    CHECK_THAT(r.err, Catch::Contains("binary.ris: rejected:") && Catch::Contains("empty.ris: rejected: empty file") &&
                          Catch::Contains("one-line.ris: rejected:") &&
                          Catch::Contains("corrupt.ris: 2 records rejected") &&
                          Catch::Contains("enormous.ris: 1 records rejected"));
    CHECK(doc_count(tmp / "db") == 4);
    Xapian::Database d((tmp / "db").string());
    IngestedFile binary = ingested_file_from_json(d.get_metadata("citesearch.file:binary.ris"));
    CHECK_FALSE(binary.error.empty());
    IngestedFile corrupt = ingested_file_from_json(d.get_metadata("citesearch.file:corrupt.ris"));
    CHECK(corrupt.records == 1);
    CHECK(corrupt.rejected == 2);
    CHECK(corrupt.rejected_lines.size() == 2);
    // Recorded, so not read again: the next sync is quiet.
    CHECK_THAT(sync(tmp / "db", tmp / "drop").out, Catch::StartsWith("unchanged: 6 files"));
}

TEST_CASE("rebuild builds a new generation, switches to it and removes the old one", "[drops][rebuild]") {
    TempDir tmp;
    write_file(tmp / "drop/a.ris",
               ris("One", "PY  - 2020\nDO  - 10.5555/b.1\n") + ris("Two", "PY  - 2020\nDO  - 10.5555/b.2\n"));
    // From a plain database made by add: converted in place.
    REQUIRE(run(indexer_exe(), {"add", "--jobs", "1", "--db", (tmp / "db").string(), (tmp / "drop").string()}).exit_code == 0);
    REQUIRE(fs::exists(tmp / "db/iamglass"));
    RunResult r = run(indexer_exe(),
                      {"rebuild", "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string(), "--settle", "0"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("rebuild: 1 files: 1 new") && Catch::Contains("(gen-000001)"));
    CHECK(read_file(tmp / "db/XAPIANDB") == "auto gen-000001\n");
    CHECK_FALSE(fs::exists(tmp / "db/iamglass"));
    CHECK_FALSE(fs::exists(tmp / "db/postlist.glass"));
    CHECK(doc_count(tmp / "db") == 2);

    write_file(tmp / "drop/b.ris", ris("Three", "PY  - 2020\nDO  - 10.5555/b.3\n"));
    r = run(indexer_exe(),
            {"rebuild", "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string(), "--settle", "0"});
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(tmp / "db/XAPIANDB") == "auto gen-000002\n");
    CHECK_FALSE(fs::exists(tmp / "db/gen-000001"));
    std::set<std::string> left;
    for (const auto& e : fs::directory_iterator(tmp / "db")) left.insert(e.path().filename().string());
    CHECK(left == std::set<std::string>{"XAPIANDB", "gen-000002", "writer.lock"});
    CHECK(doc_count(tmp / "db") == 3);
    // A sync after a rebuild has nothing to do: the manifest came along.
    CHECK_THAT(sync(tmp / "db", tmp / "drop").out, Catch::StartsWith("unchanged: 2 files"));
    // And add still writes into the live generation.
    write_file(tmp / "in/extra.ris", ris("Four", "PY  - 2020\nDO  - 10.5555/b.4\n"));
    CHECK(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    CHECK(doc_count(tmp / "db") == 4);
}

TEST_CASE("drop commands explain their usage errors", "[drops][cli]") {
    TempDir tmp;
    RunResult missing =
        run(indexer_exe(), {"sync", "--db", (tmp / "db").string(), "--drop", (tmp / "nowhere").string()});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("no such folder"));
    CHECK_FALSE(fs::exists(tmp / "db"));
    CHECK(run(indexer_exe(), {"sync", "--db", (tmp / "db").string()}).exit_code == 2);
    CHECK(run(indexer_exe(), {"watch", "--db", "x", "--drop", "y", "--interval", "0"}).exit_code == 2);
    RunResult help = run(indexer_exe(), {"watch", "--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("--interval") && Catch::Contains("--settle") && Catch::Contains("Exit codes"));
}
