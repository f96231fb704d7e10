// Facet counting (server/facet_spy.h) over in-memory Xapian documents.

#include <catch2/catch.hpp>
#include <xapian.h>

#include "facet_spy.h"
#include "schema.h"

using namespace citesearch;

namespace {

Xapian::Document doc_with(Xapian::valueno slot, const std::string& value) {
    Xapian::Document d;
    d.add_value(slot, value);
    return d;
}

std::string list(std::initializer_list<const char*> items) {
    std::string out;
    for (const char* i : items) {
        if (!out.empty()) out += schema::kListSeparator;
        out += i;
    }
    return out;
}

}  // namespace

TEST_CASE("list values are grouped by folded form and count each record once", "[facets]") {
    FacetSpy spy(schema::kSlotAuthors, true, false);
    spy(doc_with(schema::kSlotAuthors, list({"Jost R", "Müller A", "JOST R"})), 0);
    spy(doc_with(schema::kSlotAuthors, list({"Muller A", "Ghosn M"})), 0);
    spy(doc_with(schema::kSlotAuthors, list({"Jost R"})), 0);
    spy(Xapian::Document(), 0);
    CHECK(spy.seen() == 4);
    std::vector<FacetValue> top = spy.top(2, false);
    REQUIRE(top.size() == 2);
    CHECK(top[0].value == "Jost R");  // the first display form seen
    CHECK(top[0].count == 2);         // once per record, JOST R folded in
    CHECK(top[1].value == "Müller A");
    CHECK(top[1].count == 2);
}

TEST_CASE("years list every value, greatest first, and counts scale to estimates", "[facets]") {
    FacetSpy spy(schema::kSlotYear, false, true);
    for (int y : {2020, 2022, 2020, 2021, 2020}) spy(doc_with(schema::kSlotYear, Xapian::sortable_serialise(y)), 0);
    std::vector<FacetValue> all = spy.top(1, true);
    REQUIRE(all.size() == 3);
    CHECK(all[0].value == "2022");
    CHECK(all[2].value == "2020");
    CHECK(all[2].count == 3);
    std::vector<FacetValue> scaled = spy.top(1, true, 2.5);
    CHECK(scaled[2].count == 8);  // 3 * 2.5 = 7.5, rounded
    CHECK(scaled[0].count == 3);  // 1 * 2.5 = 2.5, rounded away from zero
    CHECK(spy.top(10, true, 0.01)[0].count == 1);  // never below 1
}
