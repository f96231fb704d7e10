#pragma once
// The systems compared by citesearch-relevance. Each indexes a set of RIS
// files afresh and answers queries with a ranking of RIS IDs.
//
//   citesearch  the real citesearch-index and citesearch-server, queried over
//               HTTP at /api/search as a user would: the text as typed,
//               default ranking (size=100 and snippets=false change neither
//               the matching nor the order). A hit whose record merged
//               several copies (duplicates) contributes the RIS ID of every
//               source, in the order of its `sources`, at its position.
//               "citesearch?feedback=true" sends that parameter too: how
//               the ranking options are measured.
//   floor       plain Xapian: TermGenerator with the English stemmer over
//               title and abstract (no prefixes, no field weights),
//               QueryParser with its default flags and OR, BM25 with default
//               parameters. The "untuned" reference.
//   fts5        SQLite FTS5 over (title, abstract) with the porter tokenizer,
//               ranked by bm25() with its defaults; the query's words OR-ed.
//
// Not thread-safe: one system per thread.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "metrics.h"

namespace citesearch::relevance {

class System {
public:
    virtual ~System() = default;
    virtual std::string name() const = 0;
    // Replaces whatever was indexed before with these files' records.
    virtual void index(const std::vector<std::filesystem::path>& ris_files) = 0;
    // The top `depth` documents for the text, as RIS IDs.
    virtual Ranking search(const std::string& text, std::size_t depth) = 0;
};

struct CitesearchPaths {
    std::filesystem::path indexer;  // citesearch-index
    std::filesystem::path server;   // citesearch-server
    std::filesystem::path work;     // a scratch folder this system owns
    std::string params;             // extra /api/search parameters ("feedback=true"), for options
};

std::unique_ptr<System> make_citesearch(const CitesearchPaths& paths);
std::unique_ptr<System> make_xapian_floor(const std::filesystem::path& work);
std::unique_ptr<System> make_fts5();

}  // namespace citesearch::relevance
