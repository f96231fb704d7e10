#pragma once
// Plain structs crossing the boundary between the searching layer (Xapian in)
// and the HTTP layer (JSON out). No Xapian, no HTTP here.

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "manifest.h"
#include "stored_record.h"

namespace citesearch {

enum class SortOrder { relevance, newest, oldest };

struct Filters {
    std::optional<int> year_from;
    std::optional<int> year_to;
    // Each list is OR-ed within itself; different lists are AND-ed.
    std::vector<std::string> authors;   // facet values, e.g. "Jost R"
    std::vector<std::string> journals;
    std::vector<std::string> types;
    std::vector<std::string> keywords;
    std::vector<std::string> sources;
};

inline constexpr std::size_t kMaxPageSize = 100;
inline constexpr std::size_t kMaxOffset = 10000;  // page * size may not go past this

struct SearchRequest {
    std::string q;
    std::size_t page = 1;   // from 1
    std::size_t size = 10;  // 1..kMaxPageSize
    SortOrder sort = SortOrder::relevance;
    Filters filters;
    std::vector<std::string> facets;  // any of year, journal, author, type, keyword, source
    bool strict = false;
    bool snippets = true;
    // Ranking options, off by default (docs/relevance.md measures both):
    bool feedback = false;       // pseudo-relevance feedback: terms of the top records join the query
    bool abbreviations = false;  // short forms also match the long forms the index defines for them
};

struct Snippet {
    std::string title_html;     // HTML-escaped, matches in <mark>
    std::string abstract_html;  // a window of the abstract, same rules
};

struct Hit {
    std::string id;
    std::size_t rank = 0;  // 1-based over the whole result list
    double score = 0;
    StoredRecord record;  // without its RIS lines and copies (record_summary.h)
    std::optional<Snippet> snippet;
};

struct FacetValue {
    std::string value;  // pass back as the matching filter to select exactly these records
    std::size_t count = 0;
};

struct SearchResults {
    std::size_t total = 0;
    bool total_exact = true;
    std::string understood;
    std::vector<Hit> hits;
    std::map<std::string, std::vector<FacetValue>> facets;
    bool facets_exact = true;
    std::optional<std::string> suggestion;
    bool timed_out = false;
    // Shards left out of the answer (partial results); empty when complete.
    std::vector<std::string> missing_shards;
};

struct SimilarResults {
    std::vector<Hit> hits;
    std::vector<std::string> missing_shards;
};

struct Suggestion {
    std::string text;
    std::string kind;  // word, author, journal
};

struct SuggestResults {
    std::vector<Suggestion> suggestions;
    std::vector<std::string> missing_shards;
};

// Errors a client caused, mapped to 400 by the HTTP layer.
class BadRequest : public std::runtime_error {
public:
    BadRequest(std::string code, std::string parameter, const std::string& message)
        : std::runtime_error(message), code_(std::move(code)), parameter_(std::move(parameter)) {}
    const std::string& code() const { return code_; }
    const std::string& parameter() const { return parameter_; }
    std::optional<std::size_t> position;

private:
    std::string code_;
    std::string parameter_;
};

// The index is missing or unreadable, or a shard needed did not answer:
// 503, and the server keeps trying. `shards` names the shards missing.
class IndexUnavailable : public std::runtime_error {
public:
    explicit IndexUnavailable(const std::string& message, std::vector<std::string> shards = {})
        : std::runtime_error(message), shards_(std::move(shards)) {}
    const std::vector<std::string>& shards() const { return shards_; }

private:
    std::vector<std::string> shards_;
};

// One shard as /api/stats and /healthz report it.
struct ShardReport {
    std::string name;
    bool up = true;
    std::size_t records = 0;
    std::string error;  // why it is down
};

struct IndexStats {
    std::size_t records = 0;  // over the shards that answered
    unsigned long long revision = 0;  // of a single local database; 0 for several
    std::string last_indexed;
    std::vector<FacetValue> sources;  // file -> record count
    std::vector<IngestedFile> files;  // the manifest: every file ingested from a drop folder
    std::vector<ShardReport> shards;  // every database configured, in order
    std::vector<std::string> missing_shards;
};

}  // namespace citesearch
