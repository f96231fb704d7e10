#include "facet_counts.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

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
struct Tally {
    std::size_t count = 0;
    std::map<std::string, std::size_t> forms;
};

std::string shown_form(const Tally& t) {
    const std::pair<const std::string, std::size_t>* best = nullptr;
    for (const auto& form : t.forms)  // in byte order: the first of equals wins
        if (!best || form.second > best->second) best = &form;
    return best ? best->first : std::string();
}

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
    for (const Facet& f : facets_) {
        const bool year = f.slot == schema::kSlotYear;
        std::unordered_map<std::string, Tally> tallies;  // by folded value
        std::unordered_set<std::string> seen;            // folded values of one raw value
        auto add = [&](const std::string& shown, std::size_t records) {
            std::string key = year ? shown : fold(shown);
            if (f.list && !seen.insert(key).second) return;  // a record counts once per value
            Tally& t = tallies[key];
            t.count += records;
            t.forms[shown] += records;
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
            seen.clear();
            std::size_t start = 0;
            while (start <= raw.size()) {
                std::size_t end = raw.find(schema::kListSeparator, start);
                if (end == std::string::npos) end = raw.size();
                if (end > start) add(raw.substr(start, end - start), records);
                start = end + 1;
            }
        }
        std::vector<FacetValue> values;
        values.reserve(tallies.size());
        for (const auto& [key, tally] : tallies) values.push_back({shown_form(tally), tally.count});
        if (year) {
            std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
        } else {
            std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
                return a.count != b.count ? a.count > b.count : a.value < b.value;
            });
            if (values.size() > top) values.resize(top);
        }
        if (factor != 1.0)
            for (FacetValue& v : values)
                v.count = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(static_cast<double>(v.count) * factor)));
        out[f.name] = std::move(values);
    }
    return out;
}

}  // namespace citesearch
