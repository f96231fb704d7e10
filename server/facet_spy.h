#pragma once
// Facet counting during a match (Xapian::MatchSpy): the searching layer's
// helper for SearchRequest::facets. Knows Xapian, not HTTP.
//
// Values are grouped by their folded form, the form the filter terms use,
// so a value passed back as a filter selects exactly the records counted;
// the display form is the first one seen. List slots hold several values
// (indexer/schema.h), each record counted once per value.
//
// A spy sees the records Xapian checks: every match when there are fewer
// than the search's check_at_least, else at least that many, in document
// order. top()'s `factor` turns such counts into estimates for the whole match.
//
// Cost: a record costs one hash look-up per value; a value is copied and
// folded only the first time it is seen. Everything a spy keeps lives in one
// arena, freed at once.
//
// Not thread-safe: one per request, like the Enquire it is added to.

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "search_types.h"

namespace citesearch {

class FacetSpy : public Xapian::MatchSpy {
public:
    FacetSpy(Xapian::valueno slot, bool list, bool year);

    void operator()(const Xapian::Document& doc, double weight) override;

    // Records seen.
    std::size_t seen() const { return seen_docs_; }

    // The `n` most frequent values, most frequent first, ties by value (with
    // `by_value_desc`: every value, greatest first, for years), each count
    // multiplied by `factor` (1: as counted) and rounded, never below 1.
    std::vector<FacetValue> top(std::size_t n, bool by_value_desc, double factor = 1.0) const;

private:
    struct Group {
        std::string_view display;  // in arena_
        std::size_t count = 0;
        std::size_t last_doc = 0;  // the record that counted it last (a list counts a record once)
    };
    using Index = std::pmr::unordered_map<std::string_view, std::uint32_t>;  // keys in arena_

    void add(std::string_view raw);
    std::uint32_t new_value(std::string_view raw);
    std::string_view keep(std::string_view text);  // a copy in arena_

    Xapian::valueno slot_;
    bool list_;
    bool year_;
    std::size_t seen_docs_ = 0;
    std::pmr::monotonic_buffer_resource arena_;
    std::pmr::vector<Group> groups_;  // one per folded value
    Index by_folded_;                 // folded value -> groups_
    Index by_raw_;                    // value as stored -> groups_: folded once, not once per record
};

}  // namespace citesearch
