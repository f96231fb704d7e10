#include "facet_counts.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "normalize.h"
#include "schema.h"

namespace citesearch {
namespace {

struct FacetSpec {
    const char* name;
    Xapian::valueno slot;
    bool list;
};
constexpr FacetSpec kFacets[] = {
    {"year", schema::kSlotYear, false},       {"journal", schema::kSlotJournal, false},
    {"author", schema::kSlotAuthors, true},   {"type", schema::kSlotType, false},
    {"keyword", schema::kSlotKeywords, true}, {"source", schema::kSlotSources, true},
};

const FacetSpec* find_facet(const std::string& name) {
    for (const FacetSpec& f : kFacets)
        if (name == f.name) return &f;
    return nullptr;
}

// One facet value: its records, and how many of them write it each way.
// Nearly every value is written one way, so the first form is kept apart
// and the others only when they occur (no map per value: see results()).
struct Tally {
    std::size_t count = 0;
    std::string first;
    std::size_t first_count = 0;
    std::vector<std::pair<std::string, std::size_t>> others;

    void add(std::string_view form, std::size_t records) {
        count += records;
        if (first_count == 0 || form == first) {
            if (first_count == 0) first.assign(form);
            first_count += records;
            return;
        }
        for (auto& other : others)
            if (other.first == form) {
                other.second += records;
                return;
            }
        others.emplace_back(std::string(form), records);
    }

    // The form most of its records use; ties: the first in byte order.
    const std::string& shown() const {
        const std::string* best = &first;
        std::size_t best_count = first_count;
        for (const auto& [form, n] : others)
            if (n > best_count || (n == best_count && form < *best)) {
                best = &form;
                best_count = n;
            }
        return *best;
    }
};

}  // namespace

bool is_facet(const std::string& name) { return find_facet(name) != nullptr; }

FacetCounter::FacetCounter(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        const FacetSpec* spec = find_facet(name);
        if (!spec) continue;
        facets_.push_back(Facet{spec->name, spec->slot, spec->list, std::make_unique<Xapian::ValueCountMatchSpy>(spec->slot)});
    }
}

void FacetCounter::attach(Xapian::Enquire& enquire) {
    for (Facet& f : facets_) enquire.add_matchspy(f.spy.get());
}

std::size_t FacetCounter::seen() const { return facets_.empty() ? 0 : facets_.front().spy->get_total(); }

std::map<std::string, std::vector<FacetValue>> FacetCounter::results(std::size_t top, double factor) const {
    std::map<std::string, std::vector<FacetValue>> out;
    std::vector<std::string> record_keys;  // folded values of one raw value (a list holds a handful)
    for (const Facet& f : facets_) {
        const bool year = f.slot == schema::kSlotYear;
        std::unordered_map<std::string, Tally> tallies;  // by folded value
        tallies.reserve(f.spy->get_total());
        auto add = [&](std::string_view shown, std::size_t records) {
            std::string key = year ? std::string(shown) : fold(shown);
            if (f.list) {  // a record counts once per value
                if (std::find(record_keys.begin(), record_keys.end(), key) != record_keys.end()) return;
                record_keys.push_back(key);
            }
            tallies[std::move(key)].add(shown, records);
        };
        // Each distinct raw value, with the number of matching records holding it.
        for (Xapian::TermIterator v = f.spy->values_begin(); v != f.spy->values_end(); ++v) {
            const std::string raw = *v;
            const std::size_t records = v.get_termfreq();
            if (raw.empty()) continue;
            if (year) {
                add(std::to_string(static_cast<int>(Xapian::sortable_unserialise(raw))), records);
                continue;
            }
            if (!f.list) {
                add(raw, records);
                continue;
            }
            record_keys.clear();
            const std::string_view list(raw);
            std::size_t start = 0;
            while (start <= list.size()) {
                std::size_t end = list.find(schema::kListSeparator, start);
                if (end == std::string_view::npos) end = list.size();
                if (end > start) add(list.substr(start, end - start), records);
                start = end + 1;
            }
        }
        // Rank without copying: every year, newest first; else the `top`
        // most frequent, ties by the form shown.
        std::vector<std::pair<const std::string*, std::size_t>> ranked;
        ranked.reserve(tallies.size());
        for (const auto& [key, tally] : tallies) ranked.emplace_back(&tally.shown(), tally.count);
        const std::size_t keep = year ? ranked.size() : std::min(top, ranked.size());
        auto order = [year](const auto& a, const auto& b) {
            if (year) return *a.first > *b.first;
            return a.second != b.second ? a.second > b.second : *a.first < *b.first;
        };
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), order);
        std::vector<FacetValue> values;
        values.reserve(keep);
        for (std::size_t i = 0; i < keep; ++i) {
            std::size_t count = ranked[i].second;
            if (factor != 1.0)
                count = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(static_cast<double>(count) * factor)));
            values.push_back({*ranked[i].first, count});
        }
        out[f.name] = std::move(values);
    }
    return out;
}

}  // namespace citesearch
