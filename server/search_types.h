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

// The index is missing or unreadable: 503, and the server keeps trying.
class IndexUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IndexStats {
    std::size_t records = 0;
    unsigned long long revision = 0;
    std::string last_indexed;
    std::vector<FacetValue> sources;  // file -> record count
    std::vector<IngestedFile> files;  // the manifest: every file ingested from a drop folder
};

struct Suggestion {
    std::string text;
    std::string kind;  // word, author, journal
};

}  // namespace citesearch
