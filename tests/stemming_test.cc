// British and American spellings stem alike (indexer/stemming.h), each
// index records its stemmer, and the server stems queries with the index's.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "schema.h"
#include "stemming.h"
#include "test_support.h"

using namespace citesearch;
using namespace citesearch::test;

namespace {

std::string ris_record(const std::string& title, const std::string& extra) {
    return "TY  - JOUR\nTI  - " + title + "\n" + extra + "ER  - \n\n";
}

bool has_term(const std::filesystem::path& db, const std::string& term) {
    Xapian::Database d(db.string());
    return d.term_exists(term);
}

}  // namespace

TEST_CASE("British spellings read as American ones, other words as they are", "[stemming]") {
    CHECK(american_spelling("tumour") == "tumor");
    CHECK(american_spelling("tumours") == "tumors");
    CHECK(american_spelling("leukaemia") == "leukemia");
    CHECK(american_spelling("randomised") == "randomized");
    CHECK(american_spelling("behavioural") == "behavioral");
    CHECK(american_spelling("anaesthetised") == "anesthetized");
    // Not in the word lists: the rules for technical words.
    CHECK(american_spelling("haematopoietic") == "hematopoietic");
    CHECK(american_spelling("tumourigenesis") == "tumorigenesis");
    CHECK(american_spelling("dyspnoea") == "dyspnea");
    // Words whose "British" look is no variant, and American spellings.
    for (const char* same : {"four", "poet", "shoe", "does", "heroes", "aerobic", "tumor", "cancer", "colour1", "mae"})
        CHECK(american_spelling(same) == same);
}

TEST_CASE("the default stemmer stems both spellings alike; english is Xapian's Porter2", "[stemming]") {
    Xapian::Stem us = make_stemmer(kDefaultStemmer);
    CHECK(us("tumours") == us("tumor"));
    CHECK(us("haemorrhages") == us("hemorrhage"));
    CHECK(us("oesophageal") == us("esophageal"));
    CHECK(us("poets") != us("pets"));
    Xapian::Stem english = make_stemmer(kLegacyStemmer);
    CHECK(english("tumours") == Xapian::Stem("english")("tumours"));
    CHECK(english("tumours") != english("tumor"));
    CHECK_THROWS_AS(make_stemmer("no-such-stemmer"), Xapian::InvalidArgumentError);
}

TEST_CASE("a new index records the default stemmer and its terms are stemmed with it", "[stemming][indexer]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Tumour growth after ablation", "PY  - 2020\nDO  - 10.5555/t1\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    Xapian::Database d((tmp / "db").string());
    CHECK(d.get_metadata(std::string(schema::kMetaStemmer)) == kDefaultStemmer);
    CHECK(has_term(tmp / "db", "Ztumor"));
    CHECK(has_term(tmp / "db", "tumour"));  // the word as written stays for phrases
}

TEST_CASE("an index written before the stemmer was recorded keeps Porter2", "[stemming][indexer]") {
    TempDir tmp;
    {
        // What an older citesearch-index left: records, schema 2, no stemmer.
        Xapian::WritableDatabase old((tmp / "db").string(), Xapian::DB_CREATE);
        Xapian::Document doc;
        doc.add_term("Zliver");
        old.add_document(doc);
        old.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
        old.commit();
    }
    write_file(tmp / "in/a.ris", ris_record("Tumours of the liver", "PY  - 2020\nDO  - 10.5555/t2\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    Xapian::Database d((tmp / "db").string());
    CHECK(d.get_metadata(std::string(schema::kMetaStemmer)) == kLegacyStemmer);
    CHECK(has_term(tmp / "db", "Ztumour"));
    CHECK_FALSE(has_term(tmp / "db", "Ztumor"));
}

TEST_CASE("the server finds either spelling and marks it, on an index of the default stemmer", "[stemming][server]") {
    TempDir tmp;
    write_file(tmp / "in/a.ris", ris_record("Tumour growth after ablation", "PY  - 2020\nDO  - 10.5555/t3\n") +
                                     ris_record("Leukemia in children", "PY  - 2021\nDO  - 10.5555/t4\n") +
                                     ris_record("Poets of the city", "PY  - 2022\nDO  - 10.5555/t5\n") +
                                     ris_record("Pets in the city", "PY  - 2022\nDO  - 10.5555/t6\n"));
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    ServerProcess server(tmp / "db");
    auto search = [&](const std::string& q) {
        HttpResult r = http_get(server.port(), "/api/search?q=" + url_encode(q));
        REQUIRE(r.status == 200);
        return nlohmann::json::parse(r.body);
    };
    nlohmann::json tumor = search("tumor");
    REQUIRE(tumor["total"] == 1);
    CHECK(tumor["hits"][0]["title"] == "Tumour growth after ablation");
    CHECK_THAT(std::string(tumor["hits"][0]["snippet"]["title"]), Catch::Contains("<mark>Tumour</mark>"));
    CHECK(search("tumours")["total"] == 1);
    nlohmann::json leukaemia = search("leukaemia");
    REQUIRE(leukaemia["total"] == 1);
    CHECK(leukaemia["hits"][0]["title"] == "Leukemia in children");
    nlohmann::json poet = search("poet");  // not "pet"
    REQUIRE(poet["total"] == 1);
    CHECK(poet["hits"][0]["title"] == "Poets of the city");
    CHECK(search("\"tumour growth\"")["total"] == 1);
    CHECK(search("\"tumor growth\"")["total"] == 0);  // a phrase is matched as written
}

TEST_CASE("an emptied index built again gets the default stemmer, whatever it recorded", "[stemming][indexer]") {
    TempDir tmp;
    {
        Xapian::WritableDatabase emptied((tmp / "db").string(), Xapian::DB_CREATE);
        emptied.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
        emptied.set_metadata(std::string(schema::kMetaStemmer), std::string(kLegacyStemmer));
        emptied.commit();
    }
    write_file(tmp / "in/a.ris", ris_record("Tumours of the liver", "PY  - 2020\nDO  - 10.5555/t7\n"));
    // Into an empty database: in parallel (a new generation), and by one writer.
    for (const char* jobs : {"2", "1"}) {
        INFO("--jobs " << jobs);
        RunResult r = run(indexer_exe(), {"add", "--db", (tmp / "db").string(), "--jobs", jobs, (tmp / "in").string()});
        REQUIRE(r.exit_code == 0);
        Xapian::Database d((tmp / "db").string());
        CHECK(d.get_metadata(std::string(schema::kMetaStemmer)) == kDefaultStemmer);
        CHECK(d.term_exists("Ztumor"));
        Xapian::WritableDatabase emptied((tmp / "db").string());
        emptied.delete_document(*emptied.postlist_begin(""));
        emptied.set_metadata(std::string(schema::kMetaStemmer), std::string(kLegacyStemmer));
        emptied.commit();
    }
}
