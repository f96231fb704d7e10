#include "api_json.h"

#include <cmath>
#include <ctime>

namespace citesearch {
namespace {

using nlohmann::json;

constexpr std::size_t kHitAuthors = 20;  // long author lists are cut in hits (the record has them all)

std::string link(const Citation& c) {
    if (!c.doi.empty()) return "https://doi.org/" + c.doi;
    if (!c.pmid.empty()) return "https://pubmed.ncbi.nlm.nih.gov/" + c.pmid + "/";
    return c.urls.empty() ? std::string() : c.urls.front();
}

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

const char* sort_name(SortOrder s) {
    switch (s) {
        case SortOrder::newest: return "date";
        case SortOrder::oldest: return "-date";
        default: return "relevance";
    }
}

}  // namespace

json hit_json(const Hit& hit) {
    const Citation& c = hit.record.citation;
    json j;
    j["id"] = hit.id;
    j["rank"] = hit.rank;
    j["score"] = std::round(hit.score * 1000) / 1000;
    j["title"] = c.title;
    std::vector<std::string> authors(c.authors.begin(), c.authors.begin() + std::min(c.authors.size(), kHitAuthors));
    j["authors"] = authors;
    j["authors_total"] = c.authors.size();
    j["journal"] = nullable(c.journal);
    j["year"] = c.year ? json(c.year) : json(nullptr);
    j["type"] = nullable(c.type);
    j["doi"] = nullable(c.doi);
    j["url"] = nullable(link(c));
    json sources = json::array();
    json ris_ids = json::array();  // ris_ids[i] is the RIS ID of the record in sources[i] ("" when none)
    for (const Provenance& p : hit.record.sources) {
        sources.push_back(p.file);
        ris_ids.push_back(p.ris_id);
    }
    j["sources"] = sources;
    j["ris_ids"] = ris_ids;
    if (hit.snippet) j["snippet"] = {{"title", hit.snippet->title_html}, {"abstract", hit.snippet->abstract_html}};
    return j;
}

json record_json(const StoredRecord& r) {
    json stored = json::parse(to_json_string(r));
    json j = stored["citation"];
    j["id"] = r.id;
    j["key"] = r.key;
    j["url"] = nullable(link(r.citation));
    j["sources"] = stored["sources"];
    return j;
}

json results_json(const SearchRequest& req, const SearchResults& res, double took_ms) {
    json j;
    j["query"] = req.q;
    j["understood"] = res.understood;
    j["total"] = res.total;
    j["total_exact"] = res.total_exact;
    j["page"] = req.page;
    j["size"] = req.size;
    j["sort"] = sort_name(req.sort);
    j["took_ms"] = std::round(took_ms * 100) / 100;
    j["timed_out"] = res.timed_out;
    j["suggestion"] = res.suggestion ? json(*res.suggestion) : json(nullptr);
    json hits = json::array();
    for (const Hit& h : res.hits) hits.push_back(hit_json(h));
    j["hits"] = std::move(hits);
    json facets = json::object();
    for (const auto& [name, values] : res.facets) {
        json list = json::array();
        for (const FacetValue& v : values) list.push_back({{"value", v.value}, {"count", v.count}});
        facets[name] = std::move(list);
    }
    j["facets"] = std::move(facets);
    j["facets_exact"] = res.facets_exact;
    add_partial(j, res.missing_shards);
    return j;
}

json files_json(const std::vector<IngestedFile>& files) {
    json list = json::array();
    for (const IngestedFile& f : files) {
        std::time_t secs = static_cast<std::time_t>(f.mtime_ns / 1'000'000'000);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        char mtime[32];
        std::strftime(mtime, sizeof mtime, "%Y-%m-%dT%H:%M:%SZ", &tm);
        list.push_back({{"path", f.path},
                        {"size", f.size},
                        {"mtime", mtime},
                        {"hash", f.hash},
                        {"records", f.records},
                        {"rejected", f.rejected},
                        {"rejected_lines", f.rejected_lines},
                        {"error", f.error.empty() ? json(nullptr) : json(f.error)},
                        {"indexed_at", f.indexed_at}});
    }
    return list;
}

json shards_json(const std::vector<ShardReport>& shards) {
    json list = json::array();
    for (const ShardReport& s : shards)
        list.push_back({{"name", s.name},
                        {"status", s.up ? "up" : "down"},
                        {"records", s.records},
                        {"error", s.error.empty() ? json(nullptr) : json(s.error)}});
    return list;
}

void add_partial(json& body, const std::vector<std::string>& missing_shards) {
    body["partial"] = !missing_shards.empty();
    body["missing_shards"] = missing_shards;
}

json error_json(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace citesearch
