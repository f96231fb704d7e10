#pragma once
// Server configuration: a plain struct read once at start-up from a JSON file
// (config/citesearch.json documents every option), then overridden by flags.

#include <filesystem>
#include <string>

namespace citesearch {

struct ServerConfig {
    std::string db = "var/db";          // index folder (or Xapian stub file)
    std::string host = "127.0.0.1";
    int port = 8080;
    std::size_t threads = 8;            // worker threads
    std::string web_root = "web";       // static files served at /
    double query_time_limit = 5.0;      // seconds per query match (0 = no limit)
    std::size_t facet_exact_limit = 100000;
    bool access_log = true;
};

// Reads `path` (JSON object; unknown keys are an error, so typos are caught).
// Throws std::runtime_error with the file name and the problem.
ServerConfig load_config(const std::filesystem::path& path, ServerConfig defaults = {});

}  // namespace citesearch
