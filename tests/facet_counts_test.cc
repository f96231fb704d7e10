// Facet counting (server/facet_counts.h) over in-memory and on-disk Xapian
// databases: grouping, once-per-record counting, year order, and the scaling
// that turns counts over the records seen into estimates (facet_exact_limit).
// Every case runs both ways of counting: our own spies (local databases) and
// Xapian's ValueCountMatchSpy (what remote shards run).

#include <algorithm>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "facet_counts.h"
#include "schema.h"
#include "test_support.h"

using namespace citesearch;

namespace {

std::string list(std::initializer_list<const char*> items) {
    std::string out;
    for (const char* i : items) {
        if (!out.empty()) out += schema::kListSeparator;
        out += i;
    }
    return out;
}

// Counts `names` over every record of `db`, checking at least
// `check_at_least`; `local`: with our own spies, else ValueCountMatchSpy.
FacetCounter count_all(Xapian::Database& db, const std::vector<std::string>& names, bool local, Xapian::doccount check_at_least = 0) {
    FacetCounter counter(names);
    Xapian::Enquire enquire(db);
    counter.attach(enquire, local ? &db : nullptr);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.get_mset(0, 0, check_at_least ? check_at_least : db.get_doccount());
    return counter;
}

}  // namespace

TEST_CASE("list values are grouped by folded form and count each record once", "[facets]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const std::string& authors : {list({"Jost R", "Müller A", "JOST R"}), list({"Muller A", "Ghosn M"}), list({"Jost R"}),
                                       std::string()}) {
        Xapian::Document d;
        if (!authors.empty()) d.add_value(schema::kSlotAuthors, authors);
        db.add_document(d);
    }
    const bool local = GENERATE(false, true);
    FacetCounter counter = count_all(db, {"author"}, local);
    CHECK(counter.seen() == 4);
    std::vector<FacetValue> top = counter.results(2).at("author");
    REQUIRE(top.size() == 2);
    CHECK(top[0].value == "Jost R");  // the form most of its records use
    CHECK(top[0].count == 2);         // once per record, JOST R folded in
    CHECK(top[1].value == "Muller A");  // with Müller A: one value, its forms tied, the first in byte order shown
    CHECK(top[1].count == 2);
}

TEST_CASE("years list every value, greatest first, and counts scale to estimates", "[facets]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int y : {2020, 2022, 2020, 2021, 2020}) {
        Xapian::Document d;
        d.add_value(schema::kSlotYear, Xapian::sortable_serialise(y));
        db.add_document(d);
    }
    const bool local = GENERATE(false, true);
    FacetCounter counter = count_all(db, {"year"}, local);
    CHECK(counter.seen() == 5);
    std::vector<FacetValue> all = counter.results(1).at("year");
    REQUIRE(all.size() == 3);
    CHECK(all[0].value == "2022");
    CHECK(all[2].value == "2020");
    CHECK(all[2].count == 3);
    std::vector<FacetValue> scaled = counter.results(1, 2.5).at("year");
    CHECK(scaled[2].count == 8);  // 3 * 2.5 = 7.5, rounded
    CHECK(scaled[0].count == 3);  // 1 * 2.5 = 2.5, rounded away from zero
    CHECK(counter.results(10, 0.01).at("year")[0].count == 1);  // never below 1
}

TEST_CASE("the spies say how many records they saw when Xapian stops early", "[facets]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 50; ++i) {
        Xapian::Document d;
        d.add_value(schema::kSlotJournal, i % 2 ? "Hepatology" : "Radiology");
        d.add_term("XTany");
        db.add_document(d);
    }
    const bool local = GENERATE(false, true);
    FacetCounter counter(std::vector<std::string>{"journal", "type"});
    Xapian::Enquire enquire(db);
    counter.attach(enquire, local ? &db : nullptr);
    enquire.set_query(Xapian::Query("XTany"));
    Xapian::MSet mset = enquire.get_mset(0, 0, 10);
    CHECK(counter.seen() >= 10);
    CHECK(counter.seen() <= 50);
    std::size_t counted = 0;
    const auto results = counter.results(10);  // kept: a range-for over a temporary's member would dangle
    for (const FacetValue& v : results.at("journal")) counted += v.count;
    CHECK(counted == counter.seen());
    CHECK(counter.results(10).at("type").empty());
}

TEST_CASE("thousands of distinct values are each counted exactly", "[facets]") {
    // More values than the facet table starts with, so it grows while counting.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 500; ++i) {
        Xapian::Document d;
        const std::string journal = "Journal of Things " + std::to_string(i % 150);
        d.add_value(schema::kSlotJournal, i % 4 ? journal : "JOURNAL OF THINGS " + std::to_string(i % 150));
        std::string authors;
        for (int k = 0; k < 5; ++k) authors += "Author " + std::to_string(i) + "-" + std::to_string(k) + schema::kListSeparator;
        authors += std::string(i % 4 ? "Common A" : "COMMON A") + schema::kListSeparator + "Common A";  // twice: counts once
        d.add_value(schema::kSlotAuthors, authors);
        db.add_document(d);
    }
    const bool local = GENERATE(false, true);
    FacetCounter counter = count_all(db, {"journal", "author"}, local);
    const auto results = counter.results(100000);
    const std::vector<FacetValue>& journals = results.at("journal");
    REQUIRE(journals.size() == 150);
    std::size_t sum = 0;
    for (const FacetValue& v : journals) sum += v.count;
    CHECK(sum == 500);
    CHECK(journals[0].count == 4);  // i % 150 < 50 occurs four times in 0..499
    CHECK(journals[49].count == 4);
    CHECK(journals[50].count == 3);
    CHECK(journals[0].value == "JOURNAL OF THINGS 0");  // two of its records write it so, two not: byte order
    const auto one = std::find_if(journals.begin(), journals.end(), [](const FacetValue& v) { return v.count == 4 && v.value == "Journal of Things 1"; });
    CHECK(one != journals.end());  // written one way by all four
    const std::vector<FacetValue>& authors = results.at("author");
    REQUIRE(authors.size() == 1 + 500 * 5);
    CHECK(authors[0].value == "Common A");
    CHECK(authors[0].count == 500);
    CHECK(authors[1].count == 1);
}

TEST_CASE("both ways count the same over on-disk shards, one or two, for a query matching some records", "[facets]") {
    // Our own spy reads a single database as value streams and several with
    // Document::get_value() (a record's docid there is its shard's own);
    // ValueCountMatchSpy is the reference. Some records lack a slot.
    test::TempDir dir;
    std::vector<Xapian::WritableDatabase> shards;
    for (int s = 0; s < 2; ++s) shards.emplace_back((dir / std::to_string(s)).string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (int i = 0; i < 3000; ++i) {
        Xapian::Document d;
        if (i % 7) d.add_value(schema::kSlotYear, Xapian::sortable_serialise(1990 + i % 31));
        if (i % 5) d.add_value(schema::kSlotJournal, "Journal " + std::to_string(i % 97));
        d.add_value(schema::kSlotAuthors, "Author " + std::to_string(i % 1013) + schema::kListSeparator + "Author " + std::to_string(i % 11));
        d.add_term(i % 3 ? "Zsome" : "Zother");
        shards[static_cast<std::size_t>(i % 2)].add_document(d);
    }
    for (auto& s : shards) s.commit();
    Xapian::Database one((dir / "0").string());
    Xapian::Database two((dir / "0").string());
    two.add_database(Xapian::Database((dir / "1").string()));
    const std::vector<std::string> names{"year", "journal", "author"};
    for (Xapian::Database* db : {&one, &two}) {
        for (Xapian::doccount limit : {100u, 5000u}) {
            std::map<std::string, std::vector<FacetValue>> results[2];
            std::size_t seen[2];
            for (int local = 0; local < 2; ++local) {
                FacetCounter counter(names);
                Xapian::Enquire enquire(*db);
                enquire.set_weighting_scheme(Xapian::BoolWeight());
                enquire.set_docid_order(Xapian::Enquire::ASCENDING);
                counter.attach(enquire, local ? db : nullptr, limit);
                enquire.set_query(Xapian::Query("Zsome"));
                enquire.get_mset(0, limit, limit);
                seen[local] = counter.seen();
                results[local] = counter.results(20, 1.5);
            }
            CHECK(seen[1] == seen[0]);
            CHECK(seen[0] >= std::min<std::size_t>(limit, db->get_termfreq("Zsome")));
            for (const std::string& name : names) {
                INFO(name << " over " << db->size() << " database(s), limit " << limit);
                const auto& ours = results[1].at(name);
                const auto& theirs = results[0].at(name);
                REQUIRE(ours.size() == theirs.size());
                CHECK(!ours.empty());
                for (std::size_t i = 0; i < ours.size(); ++i) {
                    CHECK(ours[i].value == theirs[i].value);
                    CHECK(ours[i].count == theirs[i].count);
                }
            }
        }
    }
    one.close();
    two.close();
    for (auto& s : shards) s.close();
}
