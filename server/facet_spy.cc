#include "facet_spy.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "normalize.h"
#include "schema.h"

namespace citesearch {

FacetSpy::FacetSpy(Xapian::valueno slot, bool list, bool year)
    : slot_(slot), list_(list), year_(year), arena_(64 * 1024), groups_(&arena_), by_folded_(&arena_), by_raw_(&arena_) {
    // Most searches meet hundreds of values (authors): no rehashing on the way there.
    if (!year_) {
        by_raw_.reserve(512);
        by_folded_.reserve(512);
    }
}

std::string_view FacetSpy::keep(std::string_view text) {
    char* p = static_cast<char*>(arena_.allocate(text.size() ? text.size() : 1, 1));
    std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++seen_docs_;
    std::string v = doc.get_value(slot_);
    if (v.empty()) return;
    if (!list_) {
        add(v);
        return;
    }
    std::string_view rest(v);
    while (true) {
        std::size_t end = rest.find(schema::kListSeparator);
        std::string_view item = rest.substr(0, end);
        if (!item.empty()) add(item);
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
}

void FacetSpy::add(std::string_view raw) {
    std::uint32_t index;
    if (auto known = by_raw_.find(raw); known != by_raw_.end()) {
        index = known->second;
    } else {
        index = new_value(raw);
    }
    Group& g = groups_[index];
    if (g.last_doc == seen_docs_) return;  // count each record once per value
    g.last_doc = seen_docs_;
    ++g.count;
}

// First sight of a value as stored: its group, by folded form.
std::uint32_t FacetSpy::new_value(std::string_view raw) {
    std::string_view kept = keep(raw);
    std::string_view display = kept;
    std::string folded;
    if (year_) {
        folded = std::to_string(static_cast<int>(Xapian::sortable_unserialise(std::string(raw))));
    } else {
        folded = fold(raw);
    }
    auto group = by_folded_.find(folded);
    if (group == by_folded_.end()) {
        std::string_view key = folded == raw ? kept : keep(folded);
        if (year_) display = key;
        groups_.push_back({display, 0, 0});
        group = by_folded_.emplace(key, static_cast<std::uint32_t>(groups_.size() - 1)).first;
    }
    by_raw_.emplace(kept, group->second);
    return group->second;
}

std::vector<FacetValue> FacetSpy::top(std::size_t n, bool by_value_desc, double factor) const {
    std::vector<const Group*> order;
    order.reserve(groups_.size());
    for (const Group& g : groups_) order.push_back(&g);
    if (by_value_desc) {
        std::sort(order.begin(), order.end(), [](const Group* a, const Group* b) { return a->display > b->display; });
    } else {
        auto first = [](const Group* a, const Group* b) { return a->count != b->count ? a->count > b->count : a->display < b->display; };
        if (order.size() > n) {
            std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(), first);
            order.resize(n);
        } else {
            std::sort(order.begin(), order.end(), first);
        }
    }
    std::vector<FacetValue> out;
    out.reserve(order.size());
    for (const Group* g : order) {
        std::size_t count = g->count;
        if (factor != 1.0) count = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(static_cast<double>(count) * factor)));
        out.push_back({std::string(g->display), count});
    }
    return out;
}

}  // namespace citesearch
