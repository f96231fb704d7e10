#pragma once
// The databases one server searches as one: local folders and remote
// databases served by xapian-tcpsrv ("tcp://host:port"), in any mix. Xapian
// searches several databases as one (Database::add_database) and combines
// their term statistics, so the answer is that of one database holding every
// record; this file only decides which shards take part and what to say
// when one does not answer. docs/deployment.md is the operator's view.
//
// Each shard is opened on its own, so a shard that is down or slow can be
// named: the combined database holds the shards that answer. With partial
// results off, a request needs them all (IndexUnavailable, 503, naming the
// missing); with them on, it is answered from the others and says which
// are missing.
//
// Thread-safety: ShardHealth is safe for concurrent use from many threads;
// a ShardSet holds Xapian objects and is NOT (one per Searcher, as Xapian
// objects must never be shared between threads).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "search_types.h"

namespace citesearch {

// Where one shard lives.
struct ShardSpec {
    std::string name;  // as configured, how messages name it: "var/db", "tcp://10.0.0.2:33333"
    std::string path;  // a local database folder or stub file; empty for a remote shard
    std::string host;  // a remote shard's host, empty for a local one
    unsigned port = 0;
    // A remote shard's timeout, to connect and for each exchange with it:
    // past it the shard counts as down for the request (Xapian's
    // NetworkTimeoutError).
    std::chrono::milliseconds timeout{10000};

    bool remote() const { return !host.empty(); }
};

// "tcp://host:port" (a host name, an IPv4 address, or an IPv6 one in
// brackets) or a local path. Throws std::invalid_argument naming the problem.
ShardSpec parse_shard(const std::string& location, std::chrono::milliseconds timeout);

// Local sharded folders (indexer/shard_layout.h) become one spec per shard,
// "var/db/shard-0" ..., so that each is reported and reopened on its own.
// Done once at start-up; a folder sharded later is opened through its stub
// as one database.
std::vector<ShardSpec> expand_sharded_folders(const std::vector<ShardSpec>& specs);

// What every searcher of a pool has seen of the shards: one searcher that
// finds a shard down spares the others its timeout, and while it is down it
// is tried again at most once per retry interval, by one request.
class ShardHealth {
public:
    ShardHealth(const std::vector<ShardSpec>& specs, std::chrono::milliseconds retry_interval);

    // Whether shard `i` may be opened now: always when it is up or local
    // (opening a local folder costs nothing); when a remote one is down,
    // once per retry interval (the caller that gets true tries).
    bool may_open(std::size_t i);
    void opened(std::size_t i, std::size_t records);
    void failed(std::size_t i, const std::string& error);
    // Changes each time shard `i` fails: a searcher whose handle on it is
    // older drops it rather than wait for it.
    unsigned epoch(std::size_t i) const;
    std::string error(std::size_t i) const;  // why it is down; empty when up
    std::vector<ShardReport> snapshot() const;

private:
    struct State {
        ShardReport status;
        bool remote = false;
        unsigned epoch = 0;
        std::chrono::steady_clock::time_point retry_at{};
    };
    const std::chrono::milliseconds retry_interval_;
    mutable std::mutex mutex_;
    std::vector<State> states_;  // guarded by mutex_
};

class ShardSet {
public:
    ShardSet(const std::vector<ShardSpec>& specs, ShardHealth& health, std::chrono::milliseconds reload_interval);
    ShardSet(const ShardSet&) = delete;
    ShardSet& operator=(const ShardSet&) = delete;

    // The shards that answer, as one database. Opens the shards it may (see
    // ShardHealth), and at most every reload interval moves every open shard
    // to its latest revision (a rebuilt local shard, whose stub was renamed,
    // is opened afresh). Throws IndexUnavailable naming the missing shards
    // when `need_all` and one is missing, or when none is open.
    Xapian::Database& database(bool need_all);

    // Names of the shards the last database() left out, in configuration order.
    std::vector<std::string> missing() const;

    // A Xapian::NetworkError broke the request. Every remote shard is
    // closed, since an interrupted exchange leaves the other connections of
    // the combined database mid-answer; they reconnect on the next
    // database(), where a shard that refuses is marked down. A timeout marks
    // the shard it names (its context, "remote:tcp(host:port)") down at once.
    void network_failure(const Xapian::Error& e);
    // Another database error: every shard is closed and reopened next time.
    void close_all();
    // Moves every open shard to its latest revision now.
    void reopen();

    // The stored data of each hit of `mset` (from the last database()), in
    // order. Xapian 1.4's remote backend fetches a document in one round
    // trip and does not pipeline MSet::fetch(), so a page of hits from
    // remote shards would cost a round trip per hit, one after the other:
    // each remote shard with hits is read on a thread of its own instead
    // (its own connection; the calling thread waits and touches no Xapian
    // object meanwhile), and a page costs the round trips of the busiest
    // shard. Throws what the fetch throws (a NetworkError naming the shard).
    std::vector<std::string> hit_data(const Xapian::MSet& mset);

    // Whether any shard is a local database (only those have a spelling
    // table Xapian's remote backend would serve).
    bool any_local() const;
    // Whether every shard is a local database (a stub file the
    // configuration names counts as remote when it lists a remote one).
    bool all_local() const;
    // Each shard as last seen, with its record count when open.
    std::vector<ShardReport> status() const;
    // The open shards' own databases (for metadata Xapian reads from the
    // first database only), in configuration order.
    std::vector<Xapian::Database*> open_shards();
    // The stemmer the index was built with (indexer/stemming.h), as its first
    // shard records it; "english" for an index written before it was
    // recorded. Read again after each reload: an empty index gets one when
    // its first records are written, a rebuilt one may have another.
    const std::string& stemmer();

private:
    struct Shard {
        const ShardSpec* spec;
        std::optional<Xapian::Database> db;
        unsigned epoch = 0;       // ShardHealth's epoch when opened
        std::string stub_stamp;   // local: what the path pointed at when opened
        bool remote_stub = false; // local: a stub file naming a remote database
        std::string error;        // why it is closed
    };
    bool open(Shard& s, std::size_t i);
    void close(std::size_t i, const std::string& error);
    void reload_if_due();
    void rebuild_combined();

    std::vector<ShardSpec> specs_;
    ShardHealth& health_;
    std::chrono::milliseconds reload_interval_;
    std::vector<Shard> shards_;
    std::optional<Xapian::Database> combined_;  // the open shards; reset when the set changes
    std::chrono::steady_clock::time_point last_reload_{};
    std::string stemmer_;  // empty: read it again
};

}  // namespace citesearch
