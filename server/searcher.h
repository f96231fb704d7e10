#pragma once
// The searching layer: Xapian in, plain structs (search_types.h) out. Knows
// nothing of HTTP or JSON.
//
// Thread-safety: a Searcher owns one Xapian::Database and is NOT thread-safe;
// SearcherPool hands each request its own Searcher and is safe for concurrent
// use from many threads.
//
// Live reload: before each request a Searcher reopens its databases when
// the index has a newer revision (checked at most every `reload_interval`),
// and a Xapian::DatabaseModifiedError during a request reopens and retries,
// so new requests see a new revision within a second and none fails because
// of it. A rebuild that switches generations (a new stub renamed over the
// old one, indexer/db_layout.h) is noticed the same way and opened afresh.
// A missing or unreadable index throws IndexUnavailable; the next request
// tries again.
//
// Shards: the index may be several databases, local or remote
// (shard_set.h), searched as one. Results are those of one database holding
// every record: scores use statistics over all shards, ties are broken by
// the record id (never by Xapian's document numbers, which depend on the
// spread), facets are counted in a way xapian-tcpsrv can do on its side, and
// wildcards are expanded over all shards at once. A shard that does not
// answer (down, or slower than its timeout) makes the request fail with
// IndexUnavailable naming it, or, with partial results allowed, leaves it
// out: results then list it in `missing_shards`.

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
#include "shard_set.h"

namespace citesearch {

struct SearcherOptions {
    std::vector<ShardSpec> shards;         // one database or many (parse_shard, expand_sharded_folders)
    bool partial_results = false;          // answer from the shards that answer, saying which are missing
    std::chrono::milliseconds reload_interval{100};  // a stat and a read of the version file when local
    std::chrono::milliseconds shard_retry_interval{1000};  // a remote shard found down is tried again after this
    double time_limit_seconds = 5.0;       // per-query match time limit (0 = none)
    std::size_t facet_exact_limit = 1000;  // facets count every match up to this many; beyond, at least this many, scaled
    std::size_t facet_size = 10;             // values per facet (year: all)
};

class Searcher {
public:
    // `health` is shared by the searchers of one pool and outlives them.
    Searcher(SearcherOptions options, ShardHealth& health);

    SearchResults search(const SearchRequest& request);
    // nullopt when no shard has the id (IndexUnavailable when one that might is missing).
    std::optional<StoredRecord> record(const std::string& id);
    // Records most like `id` (relevance-feedback expand set); nullopt when the id is unknown.
    std::optional<SimilarResults> similar(const std::string& id, std::size_t size);
    SuggestResults suggest(const std::string& prefix, std::size_t size);
    // Answers while at least one shard does, whatever partial_results says:
    // the shards are part of what it reports.
    IndexStats stats();

    // Calls `sink` for each record of the search (in result order), at most
    // `limit`; the request's page/size are ignored. Returns the shards left out.
    std::vector<std::string> for_each_match(const SearchRequest& request, std::size_t limit,
                                            const std::function<void(const StoredRecord&)>& sink);

private:
    Xapian::Database& db(bool need_all);  // opens or reopens as needed; throws IndexUnavailable
    Xapian::Database& db() { return db(!options_.partial_results); }
    template <typename F>
    auto with_retry(F&& body) -> decltype(body());

    SearcherOptions options_;
    ShardSet shards_;
};

class SearcherPool {
public:
    explicit SearcherPool(SearcherOptions options)
        : options_(std::move(options)), health_(options_.shards, options_.shard_retry_interval) {}

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
    // What the searchers have seen of each shard.
    std::vector<ShardReport> shard_status() const { return health_.snapshot(); }

private:
    void give_back(std::unique_ptr<Searcher> s);

    SearcherOptions options_;
    ShardHealth health_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Searcher>> idle_;  // guarded by mutex_
};

}  // namespace citesearch
