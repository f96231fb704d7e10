// citesearch-server: answers ranked queries over a citesearch index as JSON
// and serves the search page. Thin: configuration, wiring, signals.

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "config.h"
#include "guarded_server.h"
#include "http_api.h"
#include "http_limits.h"
#include "searcher.h"

int main(int argc, char** argv) {
    using citesearch::ServerConfig;
    CLI::App app{"citesearch-server: ranked JSON search API and search page over a citesearch index."};
    std::string config_path = "config/citesearch.json";
    ServerConfig flags;
    app.add_option("--config", config_path, "JSON configuration file (options below override it)");
    std::vector<std::string> db_flags;
    auto* db = app.add_option("--db", db_flags,
                              "Index folder, Xapian stub file, or a shard served by xapian-tcpsrv (tcp://host:port); "
                              "repeat it to search several databases as one");
    auto* shard_timeout = app.add_option("--shard-timeout", flags.shard_timeout,
                                         "Seconds a remote shard may take to connect and to answer (default 10)")
                              ->check(CLI::Range(0.001, 3600.0));
    bool partial = false;
    app.add_flag("--partial-results", partial, "Answer from the shards that answer when one is down (\"partial\": true)");
    auto* host = app.add_option("--host", flags.host, "Address to bind (default 127.0.0.1)");
    auto* port = app.add_option("--port", flags.port, "Port (default 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
    auto* threads = app.add_option("--threads", flags.threads, "Worker threads")->check(CLI::Range(1, 1024));
    auto* queued = app.add_option("--max-queued-connections", flags.max_queued_connections,
                                  "Connections that may wait for a worker; more get 503 (default 128)")
                       ->check(CLI::Range(0, 100000));
    auto* request_timeout = app.add_option("--request-timeout", flags.request_timeout,
                                           "Seconds a whole request may take to arrive (default 10)")
                                ->check(CLI::Range(0.1, 3600.0));
    auto* web = app.add_option("--web-root", flags.web_root, "Folder of the static search page");
    auto* limit = app.add_option("--query-time-limit", flags.query_time_limit, "Seconds a query may spend matching (0 = no limit)");
    auto* drop = app.add_option("--drop-folder", flags.drop_folder, "Drop folder the admin sync and rebuild read (docs/drops.md)");
    bool quiet = false;
    app.add_flag("--no-access-log", quiet, "Do not log each request");
    CLI11_PARSE(app, argc, argv);

    ServerConfig config;
    try {
        std::error_code ec;
        bool explicit_config = app.count("--config") > 0;
        if (explicit_config || std::filesystem::exists(config_path, ec)) config = citesearch::load_config(config_path);
    } catch (const std::exception& e) {
        std::cerr << "citesearch-server: " << e.what() << "\n";
        return 2;
    }
    if (*db) {
        config.databases.clear();
        for (const std::string& d : db_flags) config.databases.push_back({d, 0});
    }
    if (*shard_timeout) config.shard_timeout = flags.shard_timeout;
    if (partial) config.partial_results = true;
    if (*host) config.host = flags.host;
    if (*port) config.port = flags.port;
    if (*threads) config.threads = flags.threads;
    if (*queued) config.max_queued_connections = flags.max_queued_connections;
    if (*request_timeout) config.request_timeout = flags.request_timeout;
    if (*web) config.web_root = flags.web_root;
    if (*limit) config.query_time_limit = flags.query_time_limit;
    if (quiet) config.access_log = false;
    if (*drop) config.drop_folder = flags.drop_folder;
    if (const char* token = std::getenv("CITESEARCH_ADMIN_TOKEN"); token && *token) config.admin_token = token;
    if (!config.admin_token.empty() && config.admin_token.size() < 16) {
        std::cerr << "citesearch-server: the admin token must be at least 16 characters (try: openssl rand -hex 32)\n";
        return 2;
    }

    // Signals are taken by one thread with sigwait, so no handler touches shared state.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    citesearch::SearcherOptions options;
    try {
        if (config.shard_timeout <= 0) throw std::invalid_argument("shard_timeout must be more than 0 seconds");
        for (const citesearch::DatabaseLocation& d : config.databases) {
            double secs = d.timeout > 0 ? d.timeout : config.shard_timeout;
            options.shards.push_back(citesearch::parse_shard(d.location, std::chrono::milliseconds(static_cast<long long>(secs * 1000))));
        }
    } catch (const std::exception& e) {
        std::cerr << "citesearch-server: " << e.what() << "\n";
        return 2;
    }
    options.shards = citesearch::expand_sharded_folders(options.shards);
    options.partial_results = config.partial_results;
    options.time_limit_seconds = config.query_time_limit;
    options.facet_exact_limit = config.facet_exact_limit;
    citesearch::SearcherPool searchers(options);
    citesearch::HttpApi api(searchers, config);

    // Every HTTP limit is deliberate; docs/security.md lists them.
    citesearch::GuardedServerOptions limits;
    limits.workers = config.threads;
    limits.max_waiting = config.max_queued_connections;
    limits.request_timeout = std::chrono::milliseconds(static_cast<long long>(config.request_timeout * 1000));
    citesearch::GuardedServer server(limits);
    server.set_tcp_nodelay(true);  // no 40 ms delayed-ACK stalls on small answers; accepted sockets inherit it
    server.set_read_timeout(std::chrono::milliseconds(static_cast<long long>(config.request_timeout * 1000)));  // one recv()
    server.set_write_timeout(citesearch::kWriteTimeoutSeconds, 0);  // one send()
    server.set_keep_alive_max_count(citesearch::kKeepAliveMaxRequests);
    server.set_keep_alive_timeout(citesearch::kKeepAliveIdleSeconds);
    server.set_payload_max_length(citesearch::kMaxBodyBytes);
    api.install(server);

    int bound = server.bind(config.host, config.port);
    if (bound <= 0) {
        std::cerr << "citesearch-server: cannot listen on " << config.host << ":" << config.port << "\n";
        return 1;
    }

    std::string state;
    try {
        citesearch::IndexStats stats = searchers.acquire()->stats();
        std::string from = options.shards.size() == 1 ? options.shards.front().name
                                                       : std::to_string(options.shards.size()) + " shards";
        state = std::to_string(stats.records) + " records from " + from;
        for (const citesearch::ShardReport& r : stats.shards)
            if (!r.up)
                state += "; shard " + r.name + " is down (" + r.error + "), " +
                         (config.partial_results ? "answering without it" : "answering 503") + " until it is back";
    } catch (const std::exception& e) {
        state = "no index yet (" + std::string(e.what()) + "); answering 503 until it appears";
    }
    std::cout << "citesearch-server: listening on http://" << config.host << ":" << bound << " with " << config.threads
              << " threads, serving " << state << std::endl;
    if (!config.admin_token.empty())
        std::cout << "citesearch-server: admin endpoints enabled"
                  << (config.drop_folder.empty() ? std::string(" (no drop folder: sync and rebuild refused)")
                                                 : " for drop folder " + config.drop_folder)
                  << std::endl;

    std::thread signal_thread([&server, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        server.stop();
    });
    bool ok = server.listen_after_bind();
    // If listening ended for another reason, wake the signal thread so it can be joined.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
    std::cout << "citesearch-server: stopped" << std::endl;
    return ok ? 0 : 1;
}
