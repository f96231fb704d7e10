// The merge rule for copies of one citation from several files
// (indexer/stored_record.h): richer values win whatever the order, and
// removing a file's copy recomputes the record from the copies that remain.

#include <algorithm>
#include <catch2/catch.hpp>

#include "stored_record.h"

using namespace citesearch;

namespace {

Citation poor() {
    Citation c;
    c.type = "JOUR";
    c.title = "Radioembolisation for HCC";
    c.year = 2019;
    c.doi = "10.5555/abc.1";
    c.authors = {"Müller, Jürgen"};
    c.fields = {{"TY", "JOUR"}, {"TI", c.title}};
    return c;
}

Citation rich() {
    Citation c = poor();
    c.title = "Radioembolization for hepatocellular carcinoma";
    c.abstract_text = "Yttrium-90 radioembolization outcomes.";
    c.journal.clear();
    c.volume = "12";
    c.fields = {{"TY", "JOUR"}, {"T1", c.title}, {"AB", c.abstract_text}};
    return c;
}

Citation with_journal() {
    Citation c = poor();
    c.journal = "Journal of Vascular and Interventional Radiology";
    c.pmid = "31234567";
    c.fields = {{"TY", "JOUR"}, {"JF", c.journal}};
    return c;
}

StoredRecord single(Citation c, const std::string& file) {
    StoredRecord r;
    r.id = "0123456789abcdef";
    r.key = "doi:10.5555/abc.1";
    add_copy(r, std::move(c), {file, 1, 1, ""});
    return r;
}

// The original lines as (tag, value) pairs, comparable.
std::vector<std::pair<std::string, std::string>> lines(const std::vector<RisField>& fields) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const RisField& f : fields) out.emplace_back(f.tag, f.value);
    return out;
}

std::vector<std::string> files_of(const StoredRecord& r) {
    std::vector<std::string> out;
    for (const Provenance& p : r.sources) out.push_back(p.file);
    return out;
}

}  // namespace

TEST_CASE("the copy with an abstract wins and its empty fields are filled from the others", "[drops][merge]") {
    StoredRecord r = single(poor(), "a.ris");
    add_copy(r, rich(), {"b.ris", 4, 20, ""});
    add_copy(r, with_journal(), {"c.ris", 2, 9, ""});
    CHECK(r.citation.title == rich().title);
    CHECK(r.citation.abstract_text == rich().abstract_text);
    CHECK(r.citation.journal == with_journal().journal);  // filled from the copy that has it
    CHECK(r.citation.pmid == "31234567");
    CHECK(r.citation.volume == "12");
    CHECK(lines(r.citation.fields) == lines(rich().fields));  // the original lines stay the winner's own
    CHECK(files_of(r) == std::vector<std::string>{"a.ris", "b.ris", "c.ris"});
    CHECK(r.copies.size() == 3);
}

TEST_CASE("the merged record is the same whatever order the copies arrive in", "[drops][merge]") {
    std::vector<std::pair<Citation, Provenance>> copies = {
        {poor(), {"a.ris", 1, 1, ""}}, {rich(), {"b.ris", 4, 20, ""}}, {with_journal(), {"c.ris", 2, 9, ""}}};
    std::vector<int> order = {0, 1, 2};
    std::string first_json;
    do {
        StoredRecord r;
        r.id = "0123456789abcdef";
        r.key = "doi:10.5555/abc.1";
        for (int i : order)
            add_copy(r, copies[static_cast<std::size_t>(i)].first, copies[static_cast<std::size_t>(i)].second);
        std::string json = to_json_string(r);
        if (first_json.empty()) first_json = json;
        INFO(order[0] << order[1] << order[2]);
        CHECK(json == first_json);
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("equally rich copies: the first source in file order is the base", "[drops][merge]") {
    Citation x = poor();
    x.title = "Title as file x has it";
    Citation y = poor();
    y.title = "Title as file y has it";
    StoredRecord r = single(y, "y.ris");
    add_copy(r, x, {"x.ris", 1, 1, ""});
    CHECK(r.citation.title == "Title as file x has it");
}

TEST_CASE("removing a file's copy recomputes the record from the copies that remain", "[drops][merge]") {
    StoredRecord r = single(poor(), "a.ris");
    add_copy(r, rich(), {"b.ris", 4, 20, ""});
    add_copy(r, with_journal(), {"c.ris", 2, 9, ""});

    CHECK(remove_copies(r, "b.ris") == 1);
    // The abstract came from b.ris only: it goes with it.
    CHECK(r.citation.abstract_text.empty());
    CHECK(r.citation.volume.empty());
    CHECK(r.citation.journal == with_journal().journal);
    CHECK(files_of(r) == std::vector<std::string>{"a.ris", "c.ris"});

    CHECK(remove_copies(r, "c.ris") == 1);
    // One source left: the record is exactly that copy, and keeps no copies list.
    CHECK(r.citation.journal.empty());
    CHECK(r.citation.pmid.empty());
    CHECK(lines(r.citation.fields) == lines(poor().fields));
    CHECK(r.copies.empty());
    CHECK(to_json_string(r).find("\"copies\"") == std::string::npos);

    CHECK(remove_copies(r, "nothing.ris") == 0);
    CHECK(remove_copies(r, "a.ris") == 1);
    CHECK(r.sources.empty());  // nothing provides it: the writer deletes it
}

TEST_CASE("two copies in one file are two sources and both go with the file", "[drops][merge]") {
    StoredRecord r = single(poor(), "a.ris");
    add_copy(r, rich(), {"a.ris", 7, 40, ""});
    add_copy(r, with_journal(), {"b.ris", 1, 1, ""});
    CHECK(r.sources.size() == 3);
    auto taken = take_copies(r, "a.ris");
    REQUIRE(taken.size() == 2);
    CHECK(taken[0].second.ordinal == 1);
    CHECK(taken[1].first.abstract_text == rich().abstract_text);
    CHECK(files_of(r) == std::vector<std::string>{"b.ris"});
    CHECK(r.citation.journal == with_journal().journal);
}

TEST_CASE("re-reading a file replaces its copy, and a copy from another file is a merge", "[drops][merge]") {
    StoredRecord r = single(rich(), "a.ris");
    CHECK_FALSE(merge_into(r, poor(), {"a.ris", 1, 1, ""}, true));  // the file now says less
    CHECK(r.citation.abstract_text.empty());
    CHECK(merge_into(r, rich(), {"b.ris", 1, 1, ""}, true));
    CHECK(r.citation.abstract_text == rich().abstract_text);
    CHECK(merge_into(r, with_journal(), {"b.ris", 2, 8, ""}, false));  // a second copy in the same file
    CHECK(r.sources.size() == 3);
}

TEST_CASE("copies are stored only for records with two sources or more, and read back", "[drops][merge][json]") {
    StoredRecord one = single(rich(), "a.ris");
    std::string json_one = to_json_string(one);
    CHECK(json_one.find("\"copies\"") == std::string::npos);
    CHECK(stored_record_from_json(json_one).copies.empty());

    StoredRecord two = one;
    add_copy(two, with_journal(), {"b.ris", 3, 12, "ref-3"});
    StoredRecord back = stored_record_from_json(to_json_string(two));
    REQUIRE(back.copies.size() == 2);
    CHECK(back.copies[1].journal == with_journal().journal);
    CHECK(back.sources[1].ris_id == "ref-3");
    CHECK(to_json_string(back) == to_json_string(two));
    // A later removal works from what was read back.
    remove_copies(back, "a.ris");
    CHECK(back.citation.abstract_text.empty());
}

TEST_CASE("a record stored before copies were kept still loses a file's sources", "[drops][merge][json]") {
    // Two sources, no copies: each source can only be lent the merged citation.
    std::string legacy =
        R"({"id":"0123456789abcdef","key":"doi:10.5555/abc.1","citation":{"title":"T","abstract":"A","ris":[]},)"
        R"("sources":[{"file":"a.ris","ordinal":1,"line":1},{"file":"b.ris","ordinal":1,"line":1}]})";
    StoredRecord r = stored_record_from_json(legacy);
    CHECK(r.copies.empty());
    CHECK(remove_copies(r, "a.ris") == 1);
    CHECK(files_of(r) == std::vector<std::string>{"b.ris"});
    CHECK(r.citation.abstract_text == "A");
    CHECK_THROWS(stored_record_from_json(
        R"({"id":"x","key":"k","citation":{},"sources":[{"file":"a","ordinal":1,"line":1}],"copies":[{},{}]})"));
}
