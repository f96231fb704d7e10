#pragma once
// Facet counts of a search: how many matching records have each year,
// journal, author, type, keyword or source.
//
// Counted from each facet's value slot (indexer/schema.h): over local
// databases by a spy of our own that groups each record's values as it goes
// (the cheaper way), and when any shard is remote by
// Xapian::ValueCountMatchSpy, which Xapian can send to xapian-tcpsrv and
// merge what each shard counted; the raw values it counts (a record's whole
// author list, say) are then split and grouped the same way. A record is
// counted once per value it holds, and values are grouped by their folded form, the form of the filter terms, so a value
// passed back as a filter selects exactly the records it counted. The form
// shown is the one most of those records use (ties: the first in byte
// order), which depends on the matches only, never on how they are spread
// over shards.
//
// The spies see the records Xapian checks: every match when there are
// fewer than the get_mset()'s check_at_least (facet_exact_limit), else at
// least that many. results()' `factor` turns such counts into estimates for
// the whole match.
//
// Not thread-safe: one per request.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "search_types.h"

namespace citesearch {

// The facet names a request may ask for: year, journal, author, type, keyword, source.
bool is_facet(const std::string& name);

class FacetCounter {
public:
    // `names`: facets to count, each is_facet().
    explicit FacetCounter(const std::vector<std::string>& names);
    ~FacetCounter();
    FacetCounter(FacetCounter&&) noexcept;

    // Adds the spies to `enquire` (once); they count the matches of its
    // next get_mset(). `local`: the
    // enquire's database when every shard of it is local (then our own
    // spies count), else null (ValueCountMatchSpy, which remote shards can
    // run). `expected`: about how many records will be counted. Both ways
    // give the same results().
    void attach(Xapian::Enquire& enquire, const Xapian::Database* local = nullptr, std::size_t expected = 1000);

    // Matching records the spies saw (every facet's spy sees the same ones,
    // summed over shards): every match up to the get_mset()'s
    // check_at_least, else at least that many.
    std::size_t seen() const;

    // For each facet asked: `year` lists every year, newest first; the
    // others list the `top` most frequent values, most frequent first (ties
    // by value). Each count is multiplied by `factor` (1: as counted; more
    // turns counts over the records seen into estimates for the whole
    // match) and rounded, never below 1.
    std::map<std::string, std::vector<FacetValue>> results(std::size_t top, double factor = 1.0) const;

    bool empty() const { return facets_.empty(); }

private:
    class Tallies;   // one facet's values, grouped
    class LocalSpy;  // counts a local database's slot into Tallies
    struct Facet {
        std::string name;
        Xapian::valueno slot;
        bool list;  // the slot holds several values joined by schema::kListSeparator
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;  // attached when a shard is remote
        std::unique_ptr<LocalSpy> local;                  // attached over local databases
    };
    std::vector<Facet> facets_;
};

}  // namespace citesearch
