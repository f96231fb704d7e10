// citesearch-load: a bounded HTTP load generator for the loopback load test
// (tests/load/run.sh). N connections, each a thread with its own keep-alive
// client, send the request paths of a file in turn for a fixed time; every
// answer other than 200 and every transport failure is an error.
//
//   citesearch-load --port P --connections 64 --seconds 60 --paths FILE
//
// Prints one JSON object: requests, errors, the first few error causes,
// requests per second and latency percentiles in milliseconds. Exit code 0
// when it ran (errors are data, judged by the caller), 2 on bad usage.
// Loopback only: it refuses any other host.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Worker {
    std::vector<double> latencies_ms;
    std::size_t errors = 0;
    std::vector<std::string> causes;  // the first few
};

double percentile(std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    std::size_t i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"citesearch-load: bounded loopback HTTP load for citesearch-server"};
    int port = 0;
    std::size_t connections = 64;
    double seconds = 60;
    std::string paths_file;
    app.add_option("--port", port, "Server port on 127.0.0.1")->required()->check(CLI::Range(1, 65535));
    app.add_option("--connections", connections, "Concurrent connections")->check(CLI::Range(1, 1024));
    app.add_option("--seconds", seconds, "How long to send requests")->check(CLI::Range(0.1, 3600.0));
    app.add_option("--paths", paths_file, "File of request paths, one per line")->required()->check(CLI::ExistingFile);
    CLI11_PARSE(app, argc, argv);

    std::vector<std::string> paths;
    std::ifstream in(paths_file);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] == '/') paths.push_back(line);
    if (paths.empty()) {
        std::cerr << "citesearch-load: " << paths_file << " holds no paths\n";
        return 2;
    }

    std::vector<Worker> workers(connections);
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    const auto until = start + std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    for (std::size_t w = 0; w < connections; ++w) {
        threads.emplace_back([&, w] {
            Worker& me = workers[w];
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_connection_timeout(5, 0);
            client.set_read_timeout(30, 0);
            for (std::size_t i = w; Clock::now() < until; ++i) {
                const std::string& path = paths[i % paths.size()];
                auto sent = Clock::now();
                httplib::Result res = client.Get(path.c_str());
                me.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                if (!res || res->status != 200) {
                    ++me.errors;
                    if (me.causes.size() < 3)
                        me.causes.push_back(path + ": " + (res ? "status " + std::to_string(res->status) : httplib::to_string(res.error())));
                }
            }
        });
    }
    for (std::thread& t : threads) t.join();
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

    std::vector<double> all;
    std::size_t errors = 0;
    nlohmann::json causes = nlohmann::json::array();
    for (Worker& w : workers) {
        all.insert(all.end(), w.latencies_ms.begin(), w.latencies_ms.end());
        errors += w.errors;
        for (const std::string& c : w.causes)
            if (causes.size() < 10) causes.push_back(c);
    }
    std::sort(all.begin(), all.end());
    nlohmann::json report = {
        {"connections", connections},
        {"seconds", elapsed},
        {"requests", all.size()},
        {"errors", errors},
        {"error_causes", causes},
        {"requests_per_second", static_cast<double>(all.size()) / elapsed},
        {"latency_ms", {{"p50", percentile(all, 50)}, {"p90", percentile(all, 90)}, {"p99", percentile(all, 99)}, {"max", all.empty() ? 0 : all.back()}}},
    };
    std::cout << report.dump() << std::endl;
    return 0;
}
