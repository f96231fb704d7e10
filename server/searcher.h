#pragma once
// The searching layer: Xapian in, plain structs (search_types.h) out. Knows
// nothing of HTTP or JSON.
//
// Thread-safety: a Searcher owns one Xapian::Database and is NOT thread-safe;
// SearcherPool hands each request its own Searcher and is safe for concurrent
// use from many threads.
//
// Live reload: before each request a Searcher reopens its database when the
// index has a newer revision (checked at most every `reload_interval`), and a
// Xapian::DatabaseModifiedError during a request reopens and retries, so new
// requests see a new revision within a second and none fails because of it.
// A rebuild that switches generations (a new stub renamed over the old one,
// indexer/db_layout.h) is noticed the same way and opened afresh. A missing
// or unreadable index throws IndexUnavailable; the next request tries again.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "search_types.h"

namespace citesearch {

struct SearcherOptions {
    std::string db_path;
    std::chrono::milliseconds reload_interval{250};
    double time_limit_seconds = 5.0;       // per-query match time limit (0 = none)
    std::size_t facet_exact_limit = 2000;  // facets count every match up to this many; beyond, at least this many, scaled
    std::size_t facet_size = 10;             // values per facet (year: all)
};

class Searcher {
public:
    explicit Searcher(SearcherOptions options);

    SearchResults search(const SearchRequest& request);
    std::optional<StoredRecord> record(const std::string& id);
    // Records most like `id` (relevance-feedback expand set); nullopt when the id is unknown.
    std::optional<std::vector<Hit>> similar(const std::string& id, std::size_t size);
    std::vector<Suggestion> suggest(const std::string& prefix, std::size_t size);
    IndexStats stats();

    // Calls `sink` for each record of the search (in result order), at most
    // `limit`; the request's page/size are ignored.
    void for_each_match(const SearchRequest& request, std::size_t limit, const std::function<void(const StoredRecord&)>& sink);

private:
    Xapian::Database& db();  // opens or reopens as needed; throws IndexUnavailable
    template <typename F>
    auto with_retry(F&& body) -> decltype(body());

    SearcherOptions options_;
    std::optional<Xapian::Database> db_;
    std::chrono::steady_clock::time_point last_check_{};
    std::string stub_stamp_;  // see stub_stamp() in searcher.cc
};

class SearcherPool {
public:
    explicit SearcherPool(SearcherOptions options) : options_(std::move(options)) {}

    // A Searcher for the duration of one request; returned to the pool when the lease ends.
    class Lease {
    public:
        Lease(SearcherPool& pool, std::unique_ptr<Searcher> s) : pool_(pool), searcher_(std::move(s)) {}
        ~Lease() { pool_.give_back(std::move(searcher_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Searcher* operator->() { return searcher_.get(); }
        Searcher& operator*() { return *searcher_; }

    private:
        SearcherPool& pool_;
        std::unique_ptr<Searcher> searcher_;
    };

    Lease acquire();
    // Drops the idle searchers, so the next requests open the index afresh
    // (POST /api/admin/reload); searchers in use reload on their own.
    void reopen_all();
    const SearcherOptions& options() const { return options_; }

private:
    void give_back(std::unique_ptr<Searcher> s);

    SearcherOptions options_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Searcher>> idle_;  // guarded by mutex_
};

}  // namespace citesearch
