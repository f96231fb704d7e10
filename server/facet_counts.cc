#include "facet_counts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

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

// Storage for the strings of one results() call (folded keys, forms shown):
// a few blocks instead of a heap allocation per value, all freed at once.
class Arena {
public:
    std::string_view copy(std::string_view s) {
        if (s.size() > left_) {
            const std::size_t size = std::max(s.size(), kBlock);
            blocks_.emplace_back(new char[size]);
            next_ = blocks_.back().get();
            left_ = size;
        }
        char* at = next_;
        std::memcpy(at, s.data(), s.size());
        next_ += s.size();
        left_ -= s.size();
        return {at, s.size()};
    }

private:
    static constexpr std::size_t kBlock = 64 * 1024;
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* next_ = nullptr;
    std::size_t left_ = 0;
};

// One facet value: its records, and how many of them write it each way.
// Nearly every value is written one way, so the first form is kept apart
// and the others only when they occur. Views point into an Arena.
struct Tally {
    std::string_view key;  // folded
    std::size_t count = 0;
    std::string_view first;
    std::size_t first_count = 0;
    std::vector<std::pair<std::string_view, std::size_t>> others;
    std::size_t last_raw = static_cast<std::size_t>(-1);  // the raw value that counted it last

    void add(std::string_view form, std::size_t records, Arena& arena) {
        count += records;
        if (first_count == 0 || form == first) {
            if (first_count == 0) first = arena.copy(form);
            first_count += records;
            return;
        }
        for (auto& other : others)
            if (other.first == form) {
                other.second += records;
                return;
            }
        others.emplace_back(arena.copy(form), records);
    }

    // The form most of its records use; ties: the first in byte order.
    std::string_view shown() const {
        std::string_view best = first;
        std::size_t best_count = first_count;
        for (const auto& [form, n] : others)
            if (n > best_count || (n == best_count && form < best)) {
                best = form;
                best_count = n;
            }
        return best;
    }
};

// The tallies of one facet by folded key: open addressing over indexes into
// a vector, so that a value seen for the first time costs a hash and a copy
// into the arena, no node allocation (synthetic and real author lists are
// nearly all distinct: thousands of new values per search).
class TallyTable {
public:
    explicit TallyTable(std::size_t expected) {
        std::size_t capacity = 16;
        while (capacity < 2 * expected) capacity *= 2;
        slots_.assign(capacity, kEmpty);
        tallies_.reserve(expected);
    }

    TallyTable(const TallyTable&) = delete;
    TallyTable& operator=(const TallyTable&) = delete;

    Tally& at(std::string_view key, Arena& arena) {
        std::size_t mask = slots_.size() - 1;
        std::size_t i = hash(key) & mask;
        for (;; i = (i + 1) & mask) {
            const std::uint32_t slot = slots_[i];
            if (slot == kEmpty) break;
            if (tallies_[slot].key == key) return tallies_[slot];
        }
        slots_[i] = static_cast<std::uint32_t>(tallies_.size());
        tallies_.emplace_back().key = arena.copy(key);
        if (2 * tallies_.size() > slots_.size()) grow();
        return tallies_.back();
    }

    const std::vector<Tally>& tallies() const { return tallies_; }

private:
    static constexpr std::uint32_t kEmpty = static_cast<std::uint32_t>(-1);

    void grow() {
        slots_.assign(2 * slots_.size(), kEmpty);
        const std::size_t mask = slots_.size() - 1;
        for (std::uint32_t t = 0; t < tallies_.size(); ++t) {
            std::size_t i = hash(tallies_[t].key) & mask;
            while (slots_[i] != kEmpty) i = (i + 1) & mask;
            slots_[i] = t;
        }
    }

    // Eight bytes at a time, inline: keys are short (a name, a journal), and
    // std::hash's out-of-line murmur (or FNV-1a byte by byte) cost ~120
    // instructions a name. The final mix brings the high bits down to the
    // low ones the mask keeps.
    static std::size_t hash(std::string_view key) {
        constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
        std::uint64_t h = key.size() * kMul;
        std::size_t i = 0;
        for (; i + 8 <= key.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, key.data() + i, 8);
            h = (h ^ w) * kMul;
        }
        std::uint64_t tail = 0;
        if (i < key.size()) std::memcpy(&tail, key.data() + i, key.size() - i);
        h = (h ^ tail) * kMul;
        h ^= h >> 32;
        return static_cast<std::size_t>((h * kMul) ^ (h >> 29));
    }

    std::vector<std::uint32_t> slots_;
    std::vector<Tally> tallies_;
};

}  // namespace

// One facet's values grouped by folded form. Each raw value added (a year, a
// journal, a record's whole author list) is split into its values, and each
// value counts once for the records holding that raw value.
class FacetCounter::Tallies {
public:
    Tallies(Xapian::valueno slot, bool list, std::size_t expected)
        : year_(slot == schema::kSlotYear), list_(list), table_(list ? 4 * expected : 64) {}

    // `records` matching records hold `raw` (one per call when counted
    // record by record, several for a distinct value ValueCountMatchSpy counted).
    void add(std::string_view raw, std::size_t records) {
        ++raw_index_;
        if (raw.empty()) return;
        if (year_) {
            char digits[16];
            const int y = static_cast<int>(Xapian::sortable_unserialise(std::string(raw)));
            const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, y);
            add_value(std::string_view(digits, static_cast<std::size_t>(end - digits)), records);
            return;
        }
        if (!list_) {
            add_value(raw, records);
            return;
        }
        std::size_t start = 0;
        while (start <= raw.size()) {
            std::size_t end = raw.find(schema::kListSeparator, start);
            if (end == std::string_view::npos) end = raw.size();
            if (end > start) add_value(raw.substr(start, end - start), records);
            start = end + 1;
        }
    }

    // Every year, newest first; else the `top` most frequent, ties by the
    // form shown. Counts times `factor`, rounded, never below 1.
    std::vector<FacetValue> ranked(std::size_t top, double factor) const {
        std::vector<std::pair<std::string_view, std::size_t>> ranked;  // views: no copies until the few kept
        ranked.reserve(table_.tallies().size());
        for (const Tally& tally : table_.tallies()) ranked.emplace_back(tally.shown(), tally.count);
        const std::size_t keep = year_ ? ranked.size() : std::min(top, ranked.size());
        auto order = [year = year_](const auto& a, const auto& b) {
            if (year) return a.first > b.first;
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        };
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), order);
        std::vector<FacetValue> values;
        values.reserve(keep);
        for (std::size_t i = 0; i < keep; ++i) {
            std::size_t count = ranked[i].second;
            if (factor != 1.0)
                count = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(static_cast<double>(count) * factor)));
            values.push_back({std::string(ranked[i].first), count});
        }
        return values;
    }

private:
    void add_value(std::string_view shown, std::size_t records) {
        Tally& tally = table_.at(year_ ? shown : fold(shown, scratch_), arena_);
        if (list_) {  // a record counts once per value, however often its list names it
            if (tally.last_raw == raw_index_) return;
            tally.last_raw = raw_index_;
        }
        tally.add(shown, records, arena_);
    }

    bool year_;
    bool list_;
    Arena arena_;
    TallyTable table_;
    std::string scratch_;  // a folded form
    std::size_t raw_index_ = 0;
};

// Counts one slot of a local database straight into its Tallies, record by
// record: no std::map node and string copy per distinct value as in
// ValueCountMatchSpy, whose counts were then grouped all over again. On a
// single database the slot is read as a value stream, which moves forward
// through the slot's chunks as the counting pass hands records over in
// document-id order; Document::get_value() finds the chunk in the B-tree
// and decodes it again for every record (docs/performance.md). Over several
// databases Document::get_docid() is a shard's own id, not the combined one
// a stream would need, so each record is read with get_value().
class FacetCounter::LocalSpy : public Xapian::MatchSpy {
public:
    LocalSpy(const Xapian::Database& db, Xapian::valueno slot, bool list, std::size_t expected)
        : slot_(slot), stream_(db.size() == 1), tallies_(slot, list, expected) {
        if (stream_) {
            at_ = db.valuestream_begin(slot);
            end_ = db.valuestream_end(slot);
        }
    }

    void operator()(const Xapian::Document& doc, double) override {
        ++total_;
        const Xapian::docid did = doc.get_docid();
        if (!stream_ || did <= last_) {  // out of order (or several databases): read it directly
            tallies_.add(doc.get_value(slot_), 1);
            return;
        }
        last_ = did;
        if (at_ != end_ && at_.get_docid() < did) at_.skip_to(did);
        if (at_ != end_ && at_.get_docid() == did) {
            value_ = *at_;
            tallies_.add(value_, 1);
        } else {
            tallies_.add({}, 1);
        }
    }

    std::size_t total() const { return total_; }
    const Tallies& tallies() const { return tallies_; }

private:
    Xapian::valueno slot_;
    bool stream_;
    Xapian::ValueIterator at_, end_;
    Xapian::docid last_ = 0;
    std::size_t total_ = 0;
    std::string value_;
    Tallies tallies_;
};

bool is_facet(const std::string& name) { return find_facet(name) != nullptr; }

FacetCounter::FacetCounter(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        const FacetSpec* spec = find_facet(name);
        if (!spec) continue;
        facets_.push_back(Facet{spec->name, spec->slot, spec->list, nullptr, nullptr});
    }
}

FacetCounter::~FacetCounter() = default;
FacetCounter::FacetCounter(FacetCounter&&) noexcept = default;

void FacetCounter::attach(Xapian::Enquire& enquire, const Xapian::Database* local, std::size_t expected) {
    for (Facet& f : facets_) {
        if (local) {
            f.local = std::make_unique<LocalSpy>(*local, f.slot, f.list, expected);
            enquire.add_matchspy(f.local.get());
        } else {
            f.spy = std::make_unique<Xapian::ValueCountMatchSpy>(f.slot);
            enquire.add_matchspy(f.spy.get());
        }
    }
}

std::size_t FacetCounter::seen() const {
    if (facets_.empty()) return 0;
    const Facet& f = facets_.front();
    return f.local ? f.local->total() : f.spy ? f.spy->get_total() : 0;
}

std::map<std::string, std::vector<FacetValue>> FacetCounter::results(std::size_t top, double factor) const {
    std::map<std::string, std::vector<FacetValue>> out;
    for (const Facet& f : facets_) {
        if (f.local) {
            out[f.name] = f.local->tallies().ranked(top, factor);
            continue;
        }
        // Each distinct raw value ValueCountMatchSpy saw, with the number of matching records holding it.
        Tallies tallies(f.slot, f.list, f.spy ? f.spy->get_total() : 0);
        if (f.spy) {
            std::string raw;
            for (Xapian::TermIterator v = f.spy->values_begin(); v != f.spy->values_end(); ++v) {
                raw = *v;
                tallies.add(raw, v.get_termfreq());
            }
        }
        out[f.name] = tallies.ranked(top, factor);
    }
    return out;
}

}  // namespace citesearch
