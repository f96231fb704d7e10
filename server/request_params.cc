#include "request_params.h"

#include <charconv>
#include <set>

namespace citesearch {
namespace {

// Parameters /api/search understands; anything else is refused so a typo
// ("sizee=5") does not silently change nothing.
const std::set<std::string> kSearchParams = {"q",       "page",    "size", "sort",    "year_from", "year_to", "author",
                                             "journal", "type",    "keyword", "source", "facets",  "strict", "snippets",
                                             "feedback", "abbreviations"};

bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0) return false;
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        if (len == 2 && c < 0xC2) return false;  // overlong
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

std::string quoted(const std::string& v) {
    std::string shown = v.size() > 40 ? v.substr(0, 40) + "…" : v;
    return "\"" + shown + "\"";
}

const std::string* single(const Params& params, const std::string& name) {
    auto [lo, hi] = params.equal_range(name);
    if (lo == hi) return nullptr;
    if (std::next(lo) != hi) throw BadRequest("bad_parameter", name, name + " may be given only once");
    require_text(name, lo->second);
    return &lo->second;
}

long long parse_int(const std::string& name, const std::string& v, long long min, long long max, const std::string& what) {
    long long n = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || ptr != v.data() + v.size() || n < min || n > max)
        throw BadRequest("bad_parameter", name, name + " must be " + what + ", got " + quoted(v));
    return n;
}

std::vector<std::string> all(const Params& params, const std::string& name) {
    std::vector<std::string> out;
    auto [lo, hi] = params.equal_range(name);
    for (auto it = lo; it != hi; ++it) {
        require_text(name, it->second);
        if (it->second.size() > 1000) throw BadRequest("bad_parameter", name, name + " is longer than 1000 bytes");
        if (!it->second.empty()) out.push_back(it->second);
    }
    if (out.size() > 100) throw BadRequest("bad_parameter", name, name + " may be repeated at most 100 times");
    return out;
}

bool parse_bool(const std::string& name, const std::string& v) {
    if (v == "true" || v == "1" || v == "yes") return true;
    if (v == "false" || v == "0" || v == "no" || v.empty()) return false;
    throw BadRequest("bad_parameter", name, name + " must be true or false, got " + quoted(v));
}

}  // namespace

void require_text(const std::string& name, const std::string& value) {
    if (!valid_utf8(value)) throw BadRequest("bad_parameter", name, name + " is not valid UTF-8 text (or holds a NUL byte)");
}

std::size_t parse_count(const Params& params, const std::string& name, std::size_t fallback, std::size_t min, std::size_t max) {
    const std::string* v = single(params, name);
    if (!v) return fallback;
    return static_cast<std::size_t>(parse_int(name, *v, static_cast<long long>(min), static_cast<long long>(max),
                                              "an integer from " + std::to_string(min) + " to " + std::to_string(max)));
}

SearchRequest parse_search_params(const Params& params) {
    for (const auto& [name, value] : params)
        if (!kSearchParams.count(name)) throw BadRequest("bad_parameter", name, "unknown parameter " + quoted(name));

    SearchRequest r;
    if (const std::string* q = single(params, "q")) {
        constexpr std::size_t kMaxQuery = 4096;
        if (q->size() > kMaxQuery)
            throw BadRequest("bad_parameter", "q", "q is " + std::to_string(q->size()) + " bytes; the limit is " + std::to_string(kMaxQuery));
        r.q = *q;
    }
    r.size = parse_count(params, "size", 10, 1, kMaxPageSize);
    r.page = parse_count(params, "page", 1, 1, kMaxOffset);
    if ((r.page - 1) * r.size + r.size > kMaxOffset)
        throw BadRequest("bad_parameter", "page",
                         "page " + std::to_string(r.page) + " of size " + std::to_string(r.size) + " goes past result " +
                             std::to_string(kMaxOffset) + ", the deepest one served; narrow the search instead");
    if (const std::string* s = single(params, "sort")) {
        if (*s == "relevance" || s->empty()) r.sort = SortOrder::relevance;
        else if (*s == "date") r.sort = SortOrder::newest;
        else if (*s == "-date") r.sort = SortOrder::oldest;
        else throw BadRequest("bad_parameter", "sort", "sort must be relevance, date or -date, got " + quoted(*s));
    }
    if (const std::string* y = single(params, "year_from"))
        if (!y->empty()) r.filters.year_from = static_cast<int>(parse_int("year_from", *y, 0, 9999, "a year"));
    if (const std::string* y = single(params, "year_to"))
        if (!y->empty()) r.filters.year_to = static_cast<int>(parse_int("year_to", *y, 0, 9999, "a year"));
    if (r.filters.year_from && r.filters.year_to && *r.filters.year_from > *r.filters.year_to)
        throw BadRequest("bad_parameter", "year_from",
                         "year_from (" + std::to_string(*r.filters.year_from) + ") is after year_to (" + std::to_string(*r.filters.year_to) + ")");
    r.filters.authors = all(params, "author");
    r.filters.journals = all(params, "journal");
    r.filters.types = all(params, "type");
    r.filters.keywords = all(params, "keyword");
    r.filters.sources = all(params, "source");
    for (const std::string& list : all(params, "facets")) {
        std::size_t start = 0;
        while (start <= list.size()) {
            std::size_t end = list.find(',', start);
            if (end == std::string::npos) end = list.size();
            std::string f = list.substr(start, end - start);
            if (!f.empty()) r.facets.push_back(f);
            start = end + 1;
        }
    }
    static const std::set<std::string> kFacetNames = {"year", "journal", "author", "type", "keyword", "source"};
    for (const std::string& f : r.facets)
        if (!kFacetNames.count(f))
            throw BadRequest("bad_parameter", "facets", "unknown facet " + quoted(f) + "; use year, journal, author, type, keyword or source");
    if (const std::string* s = single(params, "strict")) r.strict = parse_bool("strict", *s);
    if (const std::string* s = single(params, "snippets")) r.snippets = !s->empty() ? parse_bool("snippets", *s) : true;
    if (const std::string* s = single(params, "feedback")) r.feedback = parse_bool("feedback", *s);
    if (const std::string* s = single(params, "abbreviations")) r.abbreviations = parse_bool("abbreviations", *s);
    return r;
}

}  // namespace citesearch
