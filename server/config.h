#pragma once
// Server configuration: a plain struct read once at start-up from a JSON file
// (config/citesearch.json documents every option), then overridden by flags.

#include <filesystem>
#include <string>
#include <vector>

namespace citesearch {

// One database of the index: a local folder or stub file, or a shard served
// by xapian-tcpsrv, "tcp://host:port".
struct DatabaseLocation {
    std::string location;
    double timeout = 0;  // seconds for a remote shard to connect and answer each exchange; 0: shard_timeout
};

struct ServerConfig {
    // The databases searched as one (server/shard_set.h): `db` in the file
    // for one, `databases` for several, --db repeated on the command line.
    std::vector<DatabaseLocation> databases{{"var/db", 0}};
    double shard_timeout = 10.0;        // seconds, for remote shards without their own timeout
    bool partial_results = false;       // answer from the shards that answer ("partial": true) instead of 503
    std::string host = "127.0.0.1";
    int port = 8080;
    std::size_t threads = 16;           // worker threads
    std::size_t max_queued_connections = 128;  // accepted connections waiting for a worker; more get 503
    double request_timeout = 10.0;      // seconds for a whole request to arrive (408 after)
    std::vector<std::string> cors_origins;  // origins allowed to read answers cross-site ("*": any); empty: CORS off
    std::string web_root = "web";       // static files served at /
    double query_time_limit = 5.0;      // seconds per query match (0 = no limit)
    std::size_t facet_exact_limit = 1000;  // facets count every match up to this many, estimate beyond
    bool access_log = true;
    // Bearer token of the /api/admin endpoints (docs/api.md); empty disables
    // them. Never logged. CITESEARCH_ADMIN_TOKEN overrides it (no flag: a
    // command line is visible to every user of the machine).
    std::string admin_token;
    std::string drop_folder;            // what POST /api/admin/sync and /rebuild read (docs/drops.md)
};

// Reads `path` (JSON object; unknown keys are an error, so typos are caught).
// Throws std::runtime_error with the file name and the problem.
ServerConfig load_config(const std::filesystem::path& path, ServerConfig defaults = {});

}  // namespace citesearch
