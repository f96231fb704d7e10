// The index writer and the citesearch-index command, over real Xapian
// databases in temporary folders.

#include <signal.h>

#include <chrono>
#include <random>
#include <thread>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "index_writer.h"
#include "normalize.h"
#include "schema.h"
#include "stored_record.h"
#include "test_support.h"

using namespace citesearch;
using namespace citesearch::test;
namespace fs = std::filesystem;

namespace {

std::string ris_record(const std::string& title, const std::string& extra) {
    return "TY  - JOUR\nTI  - " + title + "\n" + extra + "ER  - \n\n";
}

std::string live_generation_text(const fs::path& db) { return read_file(db / "XAPIANDB"); }

StoredRecord only_record(const fs::path& db) {
    Xapian::Database d(db.string());
    REQUIRE(d.get_doccount() == 1);
    return stored_record_from_json(d.get_document(*d.postlist_begin("")).get_data());
}

bool has_term(const fs::path& db, const std::string& term) {
    Xapian::Database d(db.string());
    return d.term_exists(term);
}

}  // namespace

TEST_CASE("indexing the same file twice replaces its records instead of adding them", "[indexer]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Liver tumours treated by ablation", "AU  - Jost, Raphaël\nPY  - 2020\nDO  - 10.5555/a1\n") +
                                     ris_record("Checkpoint inhibitors after TACE", "AU  - Ghosn, Mario\nPY  - 2021\nAN  - 12345678\n"));
    RunResult first = index_paths(tmp / "db", {tmp / "in"});
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("2 added"));
    RunResult second = index_paths(tmp / "db", {tmp / "in"});
    REQUIRE(second.exit_code == 0);
    CHECK_THAT(second.out, Catch::Contains("0 added, 0 replaced, 2 unchanged"));
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == 2);
}

TEST_CASE("indexing a file again drops the records it no longer holds, unless another file has them", "[indexer]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Stays", "PY  - 2020\nDO  - 10.5555/g.1\n") + ris_record("Goes", "PY  - 2020\nDO  - 10.5555/g.2\n") +
                                     ris_record("Shared", "PY  - 2020\nDO  - 10.5555/g.3\nAB  - From a.\n"));
    write_file(tmp / "in/b.ris", ris_record("Shared", "PY  - 2020\nDO  - 10.5555/g.3\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    REQUIRE(Xapian::Database((tmp / "db").string()).get_doccount() == 3);
    write_file(tmp / "in/a.ris", ris_record("Stays", "PY  - 2020\nDO  - 10.5555/g.1\n"));
    RunResult again = index_paths(tmp / "db", {tmp / "in"});
    INFO(again.out << again.err);
    REQUIRE(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains("0 added, 0 replaced, 2 unchanged, 0 merged, 1 removed"));
    CHECK_FALSE(has_term(tmp / "db", "XD10.5555/g.2"));
    Xapian::Database d((tmp / "db").string());
    StoredRecord shared = stored_record_from_json(d.get_document(*d.postlist_begin("XD10.5555/g.3")).get_data());
    REQUIRE(shared.sources.size() == 1);
    CHECK(shared.sources[0].file == "b.ris");
    CHECK(shared.citation.abstract_text.empty());  // recomputed from what b.ris says
}

TEST_CASE("the same DOI in two files is one record listing both sources", "[indexer][dedup]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Radioembolisation for HCC", "AU  - Müller, Jürgen\nPY  - 2019\nDO  - https://doi.org/10.5555/ABC.1\n"));
    write_file(tmp / "in/b.ris", ris_record("Radioembolization for hepatocellular carcinoma", "AU  - Muller J\nPY  - 2019\nDO  - 10.5555/abc.1\nAB  - Yttrium-90 radioembolization outcomes.\n"));
    RunResult r = index_paths(tmp / "db", {tmp / "in"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("1 added") && Catch::Contains("1 merged"));
    StoredRecord rec = only_record(tmp / "db");
    CHECK(rec.key == "doi:10.5555/abc.1");
    REQUIRE(rec.sources.size() == 2);
    CHECK(rec.sources[0].file == "a.ris");
    CHECK(rec.sources[1].file == "b.ris");
    // The copy with an abstract is richer and wins.
    CHECK(rec.citation.abstract_text == "Yttrium-90 radioembolization outcomes.");
    CHECK(has_term(tmp / "db", "XSa.ris"));
    CHECK(has_term(tmp / "db", "XSb.ris"));
}

TEST_CASE("the richer copy wins whichever file comes first", "[indexer][dedup]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Cryoablation of renal tumours", "AU  - Lefèvre, Anaïs\nPY  - 2018\nAN  - 29999999\nAB  - A long abstract.\n"));
    write_file(tmp / "in/b.ris", ris_record("Cryoablation of renal tumours", "AU  - Lefevre A\nPY  - 2018\nAN  - 29999999\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    StoredRecord rec = only_record(tmp / "db");
    CHECK(rec.key == "pmid:29999999");
    CHECK(rec.citation.abstract_text == "A long abstract.");
    CHECK(rec.sources.size() == 2);
}

TEST_CASE("title, year and first author identify a record without DOI or PMID", "[indexer][dedup]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Microwave Ablation of Colorectal Liver Metastases", "AU  - Dvořák, Tomáš\nPY  - 2017\n"));
    write_file(tmp / "in/b.ris", ris_record("Microwave ablation of colorectal liver metastases.", "AU  - Dvorak T\nPY  - 2017///\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    StoredRecord rec = only_record(tmp / "db");
    CHECK(rec.key.rfind("fp:", 0) == 0);
    CHECK(rec.sources.size() == 2);
}

TEST_CASE("records with too little to identify them are never merged", "[indexer][dedup]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Editorial", "PY  - 2020\n") + ris_record("Editorial", "PY  - 2020\n"));
    write_file(tmp / "in/b.ris", ris_record("Editorial", "PY  - 2020\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == 3);
}

TEST_CASE("author names are indexed under every key a searcher may type", "[indexer][authors]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Seed-like record", "AU  - Jost, Raphaël\nAU  - de Baere, Thierry\nPY  - 2022\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    for (const char* t : {"XNjost", "XNjost r", "XNjost raphael", "XNde baere t", "XNbaere t", "XFjost r", "Ajost", "Araphael"})
        CHECK(has_term(tmp / "db", t));
}

TEST_CASE("text is folded at index time so accents do not matter", "[indexer][normalize]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Évaluation de l'ablation hépatique", "AU  - Pérez-García, Inés\nPY  - 2021\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    CHECK(has_term(tmp / "db", "evaluation"));
    CHECK(has_term(tmp / "db", "hepatique"));
    CHECK(has_term(tmp / "db", "Sevaluation"));
    CHECK(has_term(tmp / "db", "ines"));
}

TEST_CASE("rejected records are reported as file:line and the rest is indexed", "[indexer][errors]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Good one", "PY  - 2020\n") + "TY  - JOUR\nPY  - 2020\nER  - \n\n" +
                                     ris_record("Good two", "PY  - 2021\n"));
    RunResult r = index_paths(tmp / "db", {tmp / "in/a.ris"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("a.ris:6:"));
    CHECK_THAT(r.out, Catch::Contains("1 rejected"));
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == 2);
}

TEST_CASE("a binary file is rejected with a message and does not stop the others", "[indexer][errors]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Good one", "PY  - 2020\n"));
    write_file(tmp / "in/b.ris", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) + std::string(4000, '\0'));
    RunResult r = index_paths(tmp / "db", {tmp / "in"});
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("b.ris:1:"));
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == 1);
}

TEST_CASE("a second writer on the same database fails at once saying locked", "[indexer][lock]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Good one", "PY  - 2020\n"));
    IndexWriter holder(tmp / "db", {});
    auto start = std::chrono::steady_clock::now();
    RunResult r = index_paths(tmp / "db", {tmp / "in"});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("locked"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

TEST_CASE("usage errors have their own exit code", "[indexer][cli]") {
    CHECK(run(indexer_exe(), {"add"}).exit_code == 2);
    CHECK(run(indexer_exe(), {"frobnicate"}).exit_code == 2);
    TempDir tmp;
    CHECK(run(indexer_exe(), {"add", "--db", (tmp / "db").string(), (tmp / "missing.ris").string()}).exit_code == 2);
    RunResult help = run(indexer_exe(), {"add", "--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("Exit codes"));
}

TEST_CASE("a kill at any moment leaves a database at its last commit with whole files only", "[indexer][kill]") {
    // 12 files of 300 records each, committed after every file (--batch 1).
    TempDir tmp;
    std::vector<std::size_t> per_file;
    for (int f = 0; f < 12; ++f) {
        std::string text;
        for (int i = 0; i < 300; ++i)
            text += ris_record("Record " + std::to_string(f) + "-" + std::to_string(i) + " on hepatic ablation outcomes",
                               "AU  - Author" + std::to_string(i) + ", A\nPY  - 2020\nDO  - 10.5555/k" + std::to_string(f) + "." +
                                   std::to_string(i) + "\nAB  - " + std::string(400, 'x') + " liver tumour ablation\n");
        char name[32];
        std::snprintf(name, sizeof name, "in/f%02d.ris", f);
        write_file(tmp / name, text);
    }
    std::mt19937 rng(42);
    int kills = 0;
    for (int round = 0; round < 8; ++round) {
        fs::path db = tmp / ("db" + std::to_string(round));
        const std::string dbs = db.string();
        // --jobs 1: the single writer (a parallel build: below).
        BackgroundProcess add(indexer_exe(), {"add", "--batch", "1", "--jobs", "1", "--db", dbs, (tmp / "in").string()});
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 1500)(rng)));
        if (add.running()) ++kills;
        add.stop(SIGKILL);
        if (!fs::exists(db / "iamglass")) continue;  // killed before the database existed
        Xapian::Database d(dbs);   // always opens
        CHECK(d.get_doccount() % 300 == 0);  // whole files only
    }
    CHECK(kills > 0);
}

namespace {

// Files whose records merge in every way: the same DOI in two files (the
// second copy richer), a title + year + first author fingerprint repeated
// within a file, records too thin to merge (keyed by file and position),
// and enough distinct ids for several slices.
void write_merge_corpus(const fs::path& dir) {
    std::string a, b, c;
    for (int i = 0; i < 1300; ++i)
        a += ris_record("Hepatic ablation outcome study " + std::to_string(i) + " of portal vein tumour thrombus",
                        "AU  - Author" + std::to_string(i % 97) + ", A\nPY  - " + std::to_string(1990 + i % 30) +
                            "\nDO  - 10.5555/p." + std::to_string(i) + "\nKW  - ablation\n");
    for (int i = 900; i < 1700; ++i)
        b += ris_record("Hepatic ablation outcome study " + std::to_string(i) + " of portal vein tumour thrombus",
                        "AU  - Author" + std::to_string(i % 97) + ", A\nAU  - Second, B\nPY  - " +
                            std::to_string(1990 + i % 30) + "\nDO  - 10.5555/p." + std::to_string(i) +
                            "\nAB  - Radiofrequency ablation (RFA) of hepatocellular carcinoma (HCC) in cohort " +
                            std::to_string(i) + " with immune checkpoint inhibitors.\nJO  - Journal of Hepatology\n");
    for (int i = 0; i < 400; ++i) {
        int t = i % 250;  // titles 0..149 twice: merged by fingerprint
        c += ris_record("Transarterial chemoembolization trial number " + std::to_string(t),
                        "AU  - Chemo" + std::to_string(t) + ", C\nPY  - 2015\n" + (i >= 250 ? "KW  - TACE\n" : ""));
    }
    for (int i = 0; i < 60; ++i) c += ris_record("Thin note " + std::to_string(i % 20), "");  // never merged
    write_file(dir / "a.ris", a);
    write_file(dir / "sub/b.ris", b);
    write_file(dir / "c.ris", c);
}

// Everything a database holds but its last-indexed time: every document
// (data, terms with their frequencies and positions, values) under its id,
// the spelling dictionary with frequencies, synonyms, metadata.
std::string database_dump(const fs::path& db) {
    Xapian::Database d(db.string());
    std::string out = "documents " + std::to_string(d.get_doccount()) + " last " + std::to_string(d.get_lastdocid()) + "\n";
    for (Xapian::PostingIterator it = d.postlist_begin(""); it != d.postlist_end(""); ++it) {
        Xapian::Document doc = d.get_document(*it);
        out += "doc " + std::to_string(*it) + " " + doc.get_data() + "\n";
        for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            out += " " + *t + ":" + std::to_string(t.get_wdf());
            for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                out += "," + std::to_string(*p);
        }
        for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
            out += " v" + std::to_string(v.get_valueno()) + "=" + *v;
        out += "\n";
    }
    for (Xapian::TermIterator w = d.spellings_begin(); w != d.spellings_end(); ++w)
        out += "spell " + *w + " " + std::to_string(w.get_termfreq()) + "\n";
    for (Xapian::TermIterator k = d.synonym_keys_begin(); k != d.synonym_keys_end(); ++k)
        for (Xapian::TermIterator v = d.synonyms_begin(*k); v != d.synonyms_end(*k); ++v) out += "syn " + *k + " " + *v + "\n";
    for (Xapian::TermIterator k = d.metadata_keys_begin(); k != d.metadata_keys_end(); ++k)
        if (*k != std::string(schema::kMetaLastIndexed)) out += "meta " + *k + " " + d.get_metadata(*k) + "\n";
    return out;
}

// The summary line without its timing.
std::string counts_of(const std::string& out) { return out.substr(0, out.find("documents in")); }

RunResult add_with_jobs(const fs::path& db, const std::string& jobs, const std::vector<std::string>& more,
                        const std::vector<fs::path>& paths) {
    std::vector<std::string> args{"add", "--jobs", jobs, "--db", db.string()};
    args.insert(args.end(), more.begin(), more.end());
    for (const fs::path& p : paths) args.push_back(p.string());
    return run(indexer_exe(), args);
}

}  // namespace

TEST_CASE("a parallel build into an empty database holds exactly what the single writer writes", "[indexer][parallel]") {
    TempDir tmp;
    write_merge_corpus(tmp / "in");
    std::vector<fs::path> inputs{tmp / "in", source_dir() / "data/sample"};
    RunResult single = add_with_jobs(tmp / "single", "1", {}, inputs);
    REQUIRE(single.exit_code == 0);
    RunResult parallel = add_with_jobs(tmp / "parallel", "3", {}, inputs);
    INFO(parallel.out << parallel.err);
    REQUIRE(parallel.exit_code == 0);
    CHECK_THAT(single.out, Catch::Contains(" merged"));
    CHECK(counts_of(parallel.out) == counts_of(single.out));
    // Several slices were written and compacted into a new generation, switched in; no scratch left.
    CHECK(Xapian::Database((tmp / "parallel").string()).get_doccount() > 2 * 500);
    CHECK(live_generation_text(tmp / "parallel") == "auto gen-000002\n");
    for (const auto& e : fs::directory_iterator(tmp / "parallel")) CHECK_FALSE(e.path().filename().string().starts_with("build-"));
    CHECK_FALSE(fs::exists(tmp / "parallel/gen-000001"));
    std::string expected = database_dump(tmp / "single");
    CHECK(database_dump(tmp / "parallel") == expected);  // (compared whole: a mismatch prints both)

    // A sharded one: every shard as its single writer would have it.
    REQUIRE(add_with_jobs(tmp / "single-sharded", "1", {"--shards", "2"}, inputs).exit_code == 0);
    RunResult sharded = add_with_jobs(tmp / "parallel-sharded", "2", {"--shards", "2"}, inputs);
    REQUIRE(sharded.exit_code == 0);
    CHECK(counts_of(sharded.out) == counts_of(single.out));
    for (const char* shard : {"shard-0", "shard-1"})
        CHECK(database_dump(tmp / "parallel-sharded" / shard) == database_dump(tmp / "single-sharded" / shard));

    // Adding to a database that has documents is the single writer's work,
    // merging with what is there, whatever --jobs says: the same again.
    RunResult again_single = add_with_jobs(tmp / "single", "1", {}, {tmp / "in"});
    RunResult again = add_with_jobs(tmp / "parallel", "3", {}, {tmp / "in"});
    REQUIRE(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains(" 0 added"));
    CHECK(counts_of(again.out) == counts_of(again_single.out));
    CHECK(database_dump(tmp / "parallel") == database_dump(tmp / "single"));
}

namespace {

// Applies `files` (path, source name) with one IndexWriter per group: the
// first group into an empty database, the next ones into what it holds.
void write_groups(const fs::path& db, std::size_t build_batch,
                  const std::vector<std::vector<std::pair<fs::path, std::string>>>& groups) {
    for (const auto& group : groups) {
        WriterOptions options;
        options.build_batch = build_batch;
        IndexWriter writer(db, options);
        for (const auto& [file, source] : group) writer.add_file(file, source);
    }
}

}  // namespace

TEST_CASE("documents built on a second thread make the database the writer makes alone", "[indexer][staging]") {
    TempDir tmp;
    write_merge_corpus(tmp / "in");
    // c.ris repeats 150 titles 250 records apart, so with small batches the
    // second copy is loaded while the first is still being built or waits to
    // be written; a.ris applied again without its records 800-1299 (800-899 in no other file) and with
    // changes makes removals and replacements in the same unit.
    std::string a2;
    for (int i = 0; i < 800; ++i)
        a2 += ris_record("Hepatic ablation outcome study " + std::to_string(i) + " of portal vein tumour thrombus",
                         "AU  - Author" + std::to_string(i % 97) + ", A\nPY  - " + std::to_string(1990 + i % 30) +
                             "\nDO  - 10.5555/p." + std::to_string(i) + (i % 3 ? "\nKW  - ablation\n" : "\nKW  - resection\n"));
    write_file(tmp / "a2.ris", a2);
    // Copies close together: each of 100 titles twice in a row, then 70
    // titles 70 records apart, so that at every batch size some copy is
    // loaded while the one before is still staged.
    std::string d;
    for (int i = 0; i < 340; ++i) {
        int t = i < 200 ? i / 2 : 1000 + (i - 200) % 70;
        d += ris_record("Portal vein embolization series " + std::to_string(t),
                        "AU  - Embo" + std::to_string(t) + ", E\nPY  - 2018\n" + (i % 2 ? "KW  - PVE\n" : ""));
    }
    write_file(tmp / "d.ris", d);
    const std::vector<std::vector<std::pair<fs::path, std::string>>> groups{
        // into an empty database ...
        {{tmp / "d.ris", "d.ris"}, {tmp / "in/c.ris", "c.ris"}, {tmp / "in/a.ris", "a.ris"}},
        // ... and into one with records
        {{tmp / "in/sub/b.ris", "sub/b.ris"}, {tmp / "a2.ris", "a.ris"}, {tmp / "in/c.ris", "c.ris"}, {tmp / "d.ris", "d2.ris"}},
    };
    write_groups(tmp / "alone", 0, groups);
    const std::string expected = database_dump(tmp / "alone");
    CHECK_THAT(expected, Catch::Contains("XKresection") && Catch::Contains("XKpve") && Catch::Contains("XSd2.ris"));
    const Xapian::Database alone((tmp / "alone").string());
    CHECK(alone.get_doccount() < alone.get_lastdocid());  // some records went
    for (std::size_t batch : {1, 7, 64}) {
        INFO("build_batch " << batch);
        const fs::path db = tmp / ("batch-" + std::to_string(batch));
        write_groups(db, batch, groups);
        CHECK(database_dump(db) == expected);  // (compared whole: a mismatch prints both)
    }
}

TEST_CASE("the spelling dictionary holds what Xapian's own FLAG_SPELLING adds", "[indexer][staging]") {
    TempDir tmp;
    const std::string long_word(70, 'q');  // longer than TermGenerator indexes
    write_file(tmp / "s.ris",
               ris_record("The liver, the LIVER and the liver-specific Raphaël's résumé of 3D CT",
                          "AB  - Radiofrequency ablation (RFA) of hepatocellular carcinoma (HCC): the ablation zone, " +
                              long_word + " and 12.5 mm margins; ablation again.\nPY  - 2020\n") +
                   ris_record("Hepatocellular carcinoma", "AB  - Carcinoma of the liver.\nPY  - 2021\n") +
                   ris_record("Liver ablation", "PY  - 2019\n"));
    {
        IndexWriter writer(tmp / "db", WriterOptions{});
        writer.add_file(tmp / "s.ris", "s.ris");
    }
    // The reference: Xapian's TermGenerator adding spelling data itself, over
    // the folded title and abstract of each record as stored.
    Xapian::Database db((tmp / "db").string());
    Xapian::WritableDatabase ref((tmp / "ref").string(), Xapian::DB_CREATE);
    Xapian::TermGenerator generator;
    generator.set_database(ref);
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Citation c = stored_record_from_json(db.get_document(*it).get_data()).citation;
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(fold(c.title));
        generator.index_text(fold(c.abstract_text));
    }
    ref.commit();
    auto spellings = [](const Xapian::Database& d) {
        std::string out;
        for (Xapian::TermIterator w = d.spellings_begin(); w != d.spellings_end(); ++w)
            out += *w + " " + std::to_string(w.get_termfreq()) + "\n";
        return out;
    };
    CHECK_THAT(spellings(db), Catch::Contains("liver 5\n") && Catch::Contains("ablation 4\n"));
    CHECK(spellings(db) == spellings(ref));
    // "Did you mean" works from it.
    CHECK(db.get_spelling_suggestion("carcinomma", 2) == "carcinoma");
}

TEST_CASE("a kill at any moment of a parallel build leaves the database empty or complete", "[indexer][kill][parallel]") {
    TempDir tmp;
    write_merge_corpus(tmp / "in");
    REQUIRE(add_with_jobs(tmp / "whole", "2", {}, {tmp / "in"}).exit_code == 0);
    const Xapian::doccount complete = Xapian::Database((tmp / "whole").string()).get_doccount();
    std::mt19937 rng(7);
    int kills = 0;
    for (int round = 0; round < 6; ++round) {
        fs::path db = tmp / ("db" + std::to_string(round));
        const std::string dbs = db.string();
        BackgroundProcess add(indexer_exe(), {"add", "--jobs", "2", "--db", dbs, (tmp / "in").string()});
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 2500)(rng)));
        if (add.running()) ++kills;
        add.stop(SIGKILL);
        if (!fs::exists(db / "XAPIANDB")) continue;  // killed before the database existed
        Xapian::doccount n = Xapian::Database(dbs).get_doccount();  // always opens
        CHECK((n == 0 || n == complete));
        // The next add finishes the job, whatever the kill left behind.
        RunResult after = add_with_jobs(db, "2", {}, {tmp / "in"});
        REQUIRE(after.exit_code == 0);
        CHECK(Xapian::Database(dbs).get_doccount() == complete);
        for (const auto& e : fs::directory_iterator(db)) CHECK_FALSE(e.path().filename().string().starts_with("build-"));
    }
    CHECK(kills > 0);
}

TEST_CASE("the whole SciFact corpus indexes to 5,183 documents with none rejected", "[indexer][corpus]") {
    TempDir tmp;
    RunResult r = index_paths(tmp / "db", {shared_data() / "scifact/corpus.ris"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("0 rejected"));
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == 5183);
}

TEST_CASE("the database folder is created with its missing parents", "[indexer]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Liver tumours treated by ablation", "PY  - 2020\nDO  - 10.5555/n1\n"));
    RunResult r = index_paths(tmp / "var/lib/citesearch/db", {tmp / "in"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(Xapian::Database((tmp / "var/lib/citesearch/db").string()).get_doccount() == 1);
}

TEST_CASE("a database of index schema 1 gets the date sort keys when a writer opens it", "[indexer][schema]") {
    TempDir tmp;
    REQUIRE(index_paths(tmp / "db", {source_dir() / "data/sample"}).exit_code == 0);
    {
        // What schema 1 wrote: no slots 8 and 9.
        Xapian::WritableDatabase db((tmp / "db").string());
        for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            Xapian::Document doc = db.get_document(*it);
            doc.remove_value(8);
            doc.remove_value(9);
            db.replace_document(*it, doc);
        }
        db.set_metadata("citesearch.schema", "1");
        db.commit();
    }
    REQUIRE(index_paths(tmp / "db", {source_dir() / "data/seed"}).exit_code == 0);
    Xapian::Database db((tmp / "db").string());
    CHECK(db.get_metadata("citesearch.schema") == "2");
    CHECK(db.get_value_freq(8) == db.get_doccount());
    CHECK(db.get_value_freq(9) == db.get_doccount());
    for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        CHECK(doc.get_value(9).substr(8) == doc.get_value(2));  // date digits, then the id
    }
}

TEST_CASE("date sort keys order by date, then by record id ascending, undated records last", "[indexer][schema]") {
    using citesearch::schema::newest_first_key;
    using citesearch::schema::oldest_first_key;
    // Newest first sorts descending: later dates first, then the smaller id.
    CHECK(newest_first_key(20220901, "00000000000000ff") > newest_first_key(20220101, "0000000000000001"));
    CHECK(newest_first_key(20220901, "0000000000000001") > newest_first_key(20220901, "00000000000000ff"));
    CHECK(newest_first_key(19000000, "ffffffffffffffff") > newest_first_key(0, "0000000000000000"));
    // Oldest first sorts ascending: earlier dates first, then the smaller id, undated last.
    CHECK(oldest_first_key(20220101, "00000000000000ff") < oldest_first_key(20220901, "0000000000000001"));
    CHECK(oldest_first_key(20220901, "0000000000000001") < oldest_first_key(20220901, "00000000000000ff"));
    CHECK(oldest_first_key(20991231, "ffffffffffffffff") < oldest_first_key(0, "0000000000000000"));
}
