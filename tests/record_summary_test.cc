// The stored record's summary read (record_summary.h) against the full read
// of the same JSON (stored_record.h).

#include <catch2/catch.hpp>

#include "record_summary.h"
#include "stored_record.h"

using namespace citesearch;

namespace {

Citation rich_citation(const std::string& title) {
    Citation c;
    c.type = "JOUR";
    c.title = title;
    c.journal = "British Journal of Radiology";
    c.journal_abbrev = "Br J Radiol";
    c.authors = {"Jost, Raphaël", "Ghosn, Mario"};
    c.editors = {"Editor, E."};
    c.abstract_text = "Interventional \"radiology\" \\ techniques\nprovide <local> control — ü.";
    c.keywords = {"liver", "ablation"};
    c.year = 2022;
    c.month = 9;
    c.day = 8;
    c.doi = "10.1259/bjr.20220548";
    c.pmid = "36075034";
    c.pmcid = "PMC123";
    c.issn = "0007-1285";
    c.volume = "95";
    c.issue = "1138";
    c.start_page = "20220548";
    c.end_page = "20220549";
    c.urls = {"https://example.org/a", "https://example.org/b"};
    c.notes = {"a note"};
    c.ris_id = "id-7";
    c.language = "en";
    c.publisher = "BIR";
    c.fields = {{"TY", "JOUR"}, {"TI", title}, {"AB", c.abstract_text}, {"XX", ""}};
    return c;
}

void check_same_except_lines_and_copies(const StoredRecord& summary, const StoredRecord& full) {
    CHECK(summary.id == full.id);
    CHECK(summary.key == full.key);
    const Citation& s = summary.citation;
    const Citation& f = full.citation;
    CHECK(s.type == f.type);
    CHECK(s.title == f.title);
    CHECK(s.journal == f.journal);
    CHECK(s.journal_abbrev == f.journal_abbrev);
    CHECK(s.authors == f.authors);
    CHECK(s.editors == f.editors);
    CHECK(s.abstract_text == f.abstract_text);
    CHECK(s.keywords == f.keywords);
    CHECK((s.year == f.year && s.month == f.month && s.day == f.day));
    CHECK((s.doi == f.doi && s.pmid == f.pmid && s.pmcid == f.pmcid && s.issn == f.issn));
    CHECK((s.volume == f.volume && s.issue == f.issue && s.start_page == f.start_page && s.end_page == f.end_page));
    CHECK(s.urls == f.urls);
    CHECK(s.notes == f.notes);
    CHECK((s.ris_id == f.ris_id && s.language == f.language && s.publisher == f.publisher));
    REQUIRE(summary.sources.size() == full.sources.size());
    for (std::size_t i = 0; i < full.sources.size(); ++i) {
        CHECK(summary.sources[i].file == full.sources[i].file);
        CHECK(summary.sources[i].ordinal == full.sources[i].ordinal);
        CHECK(summary.sources[i].line == full.sources[i].line);
        CHECK(summary.sources[i].ris_id == full.sources[i].ris_id);
    }
    CHECK(s.fields.empty());
    CHECK(summary.copies.empty());
}

}  // namespace

TEST_CASE("the summary read gives every typed field and source of the full read", "[record_json]") {
    StoredRecord r;
    r.id = "0123456789abcdef";
    r.key = "doi:10.1259/bjr.20220548";
    add_copy(r, rich_citation("Synergizing liver treatments"), {"a.ris", 3, 17, "id-7"});
    std::string json = to_json_string(r);
    check_same_except_lines_and_copies(stored_record_summary_from_json(json), stored_record_from_json(json));
    CHECK_FALSE(stored_record_from_json(json).citation.fields.empty());
}

TEST_CASE("the summary read skips the copies of a record merged from several files", "[record_json]") {
    StoredRecord r;
    r.id = "fedcba9876543210";
    r.key = "doi:10.5555/x";
    add_copy(r, rich_citation("First copy"), {"a.ris", 1, 1, ""});
    Citation sparse;
    sparse.title = "Second copy";
    sparse.doi = "10.5555/x";
    add_copy(r, sparse, {"b/c.ris", 2, 9, "B-2"});
    std::string json = to_json_string(r);
    StoredRecord full = stored_record_from_json(json);
    REQUIRE(full.copies.size() == 2);
    check_same_except_lines_and_copies(stored_record_summary_from_json(json), full);
}

TEST_CASE("the summary read refuses data that is not a stored record", "[record_json]") {
    for (const char* bad : {"", "[]", "{}", "not json", R"({"id":"x","key":"k","citation":{}})",
                            R"({"id":"x","key":"k","citation":{},"sources":[]} trailing)",
                            R"({"id":"x","key":"k","citation":{"title":["a"]},"sources":[]})",
                            R"({"id":"x","key":"k","citation":{"authors":"a"},"sources":[]})",
                            R"({"id":"x","key":"k","citation":{},"sources":[{"ordinal":-1}]})"}) {
        INFO(bad);
        CHECK_THROWS_AS(stored_record_summary_from_json(bad), std::runtime_error);
    }
    StoredRecord minimal = stored_record_summary_from_json(R"({"id":"x","key":"k","citation":{"ris":[["TY","X"]],"new":{"a":[1]}},"sources":[],"copies":[{"title":"t"}],"later":null})");
    CHECK(minimal.id == "x");
    CHECK(minimal.citation.title.empty());
}
