#include <algorithm>
#include <utility>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "stored_record.h"

namespace citesearch {
namespace {

using nlohmann::json;

// Only non-empty members are written: stored data stays small and the JSON
// the API returns has no noise.
template <typename T>
void put(json& j, const char* name, const T& v) {
    if constexpr (std::is_same_v<T, int>) {
        if (v != 0) j[name] = v;
    } else {
        if (!v.empty()) j[name] = v;
    }
}

json citation_to_json(const Citation& c) {
    json j = json::object();
    put(j, "type", c.type);
    put(j, "title", c.title);
    put(j, "journal", c.journal);
    put(j, "journal_abbrev", c.journal_abbrev);
    put(j, "authors", c.authors);
    put(j, "editors", c.editors);
    put(j, "abstract", c.abstract_text);
    put(j, "keywords", c.keywords);
    put(j, "year", c.year);
    put(j, "month", c.month);
    put(j, "day", c.day);
    put(j, "doi", c.doi);
    put(j, "pmid", c.pmid);
    put(j, "pmcid", c.pmcid);
    put(j, "issn", c.issn);
    put(j, "volume", c.volume);
    put(j, "issue", c.issue);
    put(j, "start_page", c.start_page);
    put(j, "end_page", c.end_page);
    put(j, "urls", c.urls);
    put(j, "notes", c.notes);
    put(j, "ris_id", c.ris_id);
    put(j, "language", c.language);
    put(j, "publisher", c.publisher);
    json fields = json::array();
    for (const RisField& f : c.fields) fields.push_back(json::array({f.tag, f.value}));
    j["ris"] = std::move(fields);
    return j;
}

template <typename T>
void get(const json& j, const char* name, T& v) {
    auto it = j.find(name);
    if (it != j.end()) it->get_to(v);
}

Citation citation_from_json(const json& j) {
    Citation c;
    get(j, "type", c.type);
    get(j, "title", c.title);
    get(j, "journal", c.journal);
    get(j, "journal_abbrev", c.journal_abbrev);
    get(j, "authors", c.authors);
    get(j, "editors", c.editors);
    get(j, "abstract", c.abstract_text);
    get(j, "keywords", c.keywords);
    get(j, "year", c.year);
    get(j, "month", c.month);
    get(j, "day", c.day);
    get(j, "doi", c.doi);
    get(j, "pmid", c.pmid);
    get(j, "pmcid", c.pmcid);
    get(j, "issn", c.issn);
    get(j, "volume", c.volume);
    get(j, "issue", c.issue);
    get(j, "start_page", c.start_page);
    get(j, "end_page", c.end_page);
    get(j, "urls", c.urls);
    get(j, "notes", c.notes);
    get(j, "ris_id", c.ris_id);
    get(j, "language", c.language);
    get(j, "publisher", c.publisher);
    if (auto it = j.find("ris"); it != j.end())
        for (const json& f : *it) c.fields.push_back({f.at(0).get<std::string>(), f.at(1).get<std::string>()});
    return c;
}

// Fills empty members of `to` from `from`.
void fill_missing(Citation& to, const Citation& from) {
    auto fill = [](auto& a, const auto& b) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, int>) {
            if (a == 0) a = b;
        } else {
            if (a.empty()) a = b;
        }
    };
    fill(to.type, from.type);
    fill(to.title, from.title);
    fill(to.journal, from.journal);
    fill(to.journal_abbrev, from.journal_abbrev);
    fill(to.authors, from.authors);
    fill(to.editors, from.editors);
    fill(to.abstract_text, from.abstract_text);
    fill(to.keywords, from.keywords);
    if (to.year == 0) {
        to.year = from.year;
        to.month = from.month;
        to.day = from.day;
    }
    fill(to.doi, from.doi);
    fill(to.pmid, from.pmid);
    fill(to.pmcid, from.pmcid);
    fill(to.issn, from.issn);
    fill(to.volume, from.volume);
    fill(to.issue, from.issue);
    fill(to.start_page, from.start_page);
    fill(to.end_page, from.end_page);
    fill(to.urls, from.urls);
    fill(to.notes, from.notes);
    fill(to.language, from.language);
    fill(to.publisher, from.publisher);
}

}  // namespace

int richness(const Citation& c) {
    int score = c.abstract_text.empty() ? 0 : 100;
    for (const std::string* s : {&c.title, &c.journal, &c.journal_abbrev, &c.doi, &c.pmid, &c.pmcid, &c.issn, &c.volume,
                                 &c.issue, &c.start_page, &c.end_page, &c.type, &c.language, &c.publisher})
        score += s->empty() ? 0 : 1;
    score += c.year ? 1 : 0;
    score += static_cast<int>(std::min<std::size_t>(c.authors.size(), 5) + std::min<std::size_t>(c.keywords.size(), 5));
    return score;
}

std::string to_json_string(const StoredRecord& r) {
    json j;
    j["id"] = r.id;
    j["key"] = r.key;
    j["citation"] = citation_to_json(r.citation);
    json sources = json::array();
    for (const Provenance& p : r.sources) {
        json src = {{"file", p.file}, {"ordinal", p.ordinal}, {"line", p.line}};
        if (!p.ris_id.empty()) src["ris_id"] = p.ris_id;
        sources.push_back(std::move(src));
    }
    j["sources"] = std::move(sources);
    if (r.copies.size() >= 2) {
        json copies = json::array();
        for (const Citation& c : r.copies) copies.push_back(citation_to_json(c));
        j["copies"] = std::move(copies);
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

StoredRecord stored_record_from_json(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error("document data is not a citesearch record");
    try {
        StoredRecord r;
        r.id = j.at("id").get<std::string>();
        r.key = j.at("key").get<std::string>();
        r.citation = citation_from_json(j.at("citation"));
        for (const json& s : j.at("sources"))
            r.sources.push_back({s.at("file").get<std::string>(), s.at("ordinal").get<std::size_t>(), s.at("line").get<std::size_t>(),
                                 s.value("ris_id", std::string())});
        if (auto it = j.find("copies"); it != j.end()) {
            for (const json& c : *it) r.copies.push_back(citation_from_json(c));
            if (r.copies.size() != r.sources.size()) throw std::runtime_error("document data has copies that do not match its sources");
        }
        return r;
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("document data is not a citesearch record: ") + e.what());
    }
}

Citation merge_copies(const std::vector<Citation>& copies) {
    if (copies.empty()) return {};
    std::vector<std::size_t> order(copies.size());
    std::vector<int> score(copies.size());
    for (std::size_t i = 0; i < copies.size(); ++i) {
        order[i] = i;
        score[i] = richness(copies[i]);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    Citation merged = copies[order.front()];
    for (std::size_t k = 1; k < order.size(); ++k) fill_missing(merged, copies[order[k]]);
    return merged;
}

namespace {

// Gives every source its own copy. A record written before copies were kept
// (several sources, no copies) can only lend each source the merged citation.
void expand_copies(StoredRecord& r) {
    if (r.copies.size() == r.sources.size()) return;
    r.copies.assign(r.sources.size(), r.citation);
}

// Restores the invariants: sources sorted by (file, ordinal) with copies
// alongside, the merged citation recomputed, copies dropped for a single source.
void settle_copies(StoredRecord& r) {
    std::vector<std::size_t> order(r.sources.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Provenance& x = r.sources[a];
        const Provenance& y = r.sources[b];
        return x.file != y.file ? x.file < y.file : x.ordinal < y.ordinal;
    });
    std::vector<Provenance> sources;
    std::vector<Citation> copies;
    for (std::size_t i : order) {
        sources.push_back(std::move(r.sources[i]));
        copies.push_back(std::move(r.copies[i]));
    }
    r.sources = std::move(sources);
    r.copies = std::move(copies);
    if (r.copies.size() == 1) {
        r.citation = std::move(r.copies.front());
        r.copies.clear();
    } else if (r.copies.empty()) {
        r.citation = Citation{};
    } else {
        r.citation = merge_copies(r.copies);
    }
}

}  // namespace

void add_copy(StoredRecord& r, Citation copy, Provenance from) {
    expand_copies(r);
    r.sources.push_back(std::move(from));
    r.copies.push_back(std::move(copy));
    settle_copies(r);
}

std::vector<std::pair<Citation, Provenance>> take_copies(StoredRecord& r, std::string_view file) {
    expand_copies(r);
    std::vector<std::pair<Citation, Provenance>> taken;
    std::vector<Provenance> sources;
    std::vector<Citation> copies;
    for (std::size_t i = 0; i < r.sources.size(); ++i) {
        if (r.sources[i].file == file) {
            taken.emplace_back(std::move(r.copies[i]), std::move(r.sources[i]));
        } else {
            sources.push_back(std::move(r.sources[i]));
            copies.push_back(std::move(r.copies[i]));
        }
    }
    r.sources = std::move(sources);
    r.copies = std::move(copies);
    settle_copies(r);
    return taken;
}

std::size_t remove_copies(StoredRecord& r, std::string_view file) { return take_copies(r, file).size(); }

bool merge_into(StoredRecord& existing, const Citation& incoming, const Provenance& from, bool first_in_file) {
    // The first copy seen from a file being (re)read supersedes what that
    // file said before; later copies from the same file are duplicates
    // within it and are merged like copies from other files.
    if (first_in_file) remove_copies(existing, from.file);
    bool duplicate = !existing.sources.empty();
    add_copy(existing, incoming, from);
    return duplicate;
}

}  // namespace citesearch
