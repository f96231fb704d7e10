// perf-http-load: a small closed-loop HTTP load client (loopback only).
//
//   perf-http-load load --port P --path '/api/search?size=10&q={q}' --queries FILE
//                  [--concurrency 1] [--seconds 20] [--max-requests 100000] [--warmup 20] [--label NAME]
//   perf-http-load wait --port P --path PATH [--timeout 30]
//   perf-http-load poll --port P --path PATH --expect N [--timeout 60] [--interval-ms 20]
//
// load:  `concurrency` keep-alive connections (TCP_NODELAY), each on its own
//        thread sending the next query as soon as the previous answer is
//        read; {q} is replaced by the URL-encoded query. Any status other
//        than 200 counts as an error.
// wait:  polls PATH every 2 ms until it answers 200; prints "READY <unix ns>"
//        (start-up time to first answer).
// poll:  polls PATH until its JSON says "total": >= N; prints "FOUND <unix ns>"
//        (freshness: when dropped records became searchable).
// Every loop is bounded in time and count; the host is always 127.0.0.1.

#include <httplib.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "bench_common.h"

namespace citesearch::perf {
namespace {

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string fill(const std::string& tmpl, const std::string& q) {
    std::string out = tmpl;
    std::size_t pos = out.find("{q}");
    if (pos != std::string::npos) out.replace(pos, 3, url_encode(q));
    return out;
}

long long unix_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The number after "total": in a JSON answer, or -1.
long long json_total(const std::string& body) {
    std::size_t pos = body.find("\"total\":");
    if (pos == std::string::npos) return -1;
    return std::atoll(body.c_str() + pos + 8);
}

}  // namespace
}  // namespace citesearch::perf

int main(int argc, char** argv) {
    using namespace citesearch::perf;
    if (argc < 2) {
        std::cerr << "usage: perf-http-load load|wait|poll --port P --path PATH [options]\n";
        return 2;
    }
    std::string mode = argv[1], path, queries_file, label = "http";
    int port = 0;
    std::size_t concurrency = 1, max_requests = 100000, warmup = 20;
    double seconds = 20, timeout = 30;
    long long expect = 1;
    int interval_ms = 20;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--port")
            port = std::stoi(value());
        else if (a == "--path")
            path = value();
        else if (a == "--queries")
            queries_file = value();
        else if (a == "--concurrency")
            concurrency = std::stoull(value());
        else if (a == "--seconds")
            seconds = std::stod(value());
        else if (a == "--max-requests")
            max_requests = std::stoull(value());
        else if (a == "--warmup")
            warmup = std::stoull(value());
        else if (a == "--label")
            label = value();
        else if (a == "--timeout")
            timeout = std::stod(value());
        else if (a == "--expect")
            expect = std::stoll(value());
        else if (a == "--interval-ms")
            interval_ms = std::stoi(value());
        else {
            std::cerr << "perf-http-load: unknown option " << a << "\n";
            return 2;
        }
    }
    if (port <= 0 || path.empty()) {
        std::cerr << "perf-http-load: need --port and --path\n";
        return 2;
    }

    if (mode == "wait" || mode == "poll") {
        auto start = Clock::now();
        httplib::Client cli("127.0.0.1", port);
        cli.set_connection_timeout(0, 200000);
        cli.set_read_timeout(5, 0);
        cli.set_tcp_nodelay(true);
        while (seconds_since(start) < timeout) {
            auto res = cli.Get(path.c_str());
            if (res && res->status == 200 && (mode == "wait" || json_total(res->body) >= expect)) {
                std::printf("%s %lld\n", mode == "wait" ? "READY" : "FOUND", unix_ns());
                return 0;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(mode == "wait" ? 2 : interval_ms));
        }
        std::fprintf(stderr, "perf-http-load: %s timed out after %.0fs\n", mode.c_str(), timeout);
        return 1;
    }

    if (mode != "load") {
        std::cerr << "perf-http-load: unknown mode " << mode << "\n";
        return 2;
    }
    std::vector<std::string> queries = read_lines(queries_file);
    if (queries.empty() || concurrency == 0) {
        std::cerr << "perf-http-load: need a non-empty --queries file\n";
        return 2;
    }
    std::size_t errors = 0;
    std::atomic<std::size_t> bytes{0};
    std::atomic<int> reported{0};
    LatencySummary s = run_query_loop(
        concurrency, queries, seconds, max_requests, warmup,
        [&](std::size_t) -> QueryFn {
            auto cli = std::make_shared<httplib::Client>("127.0.0.1", port);
            cli->set_keep_alive(true);
            cli->set_tcp_nodelay(true);
            cli->set_connection_timeout(5, 0);
            cli->set_read_timeout(30, 0);
            return [cli, &path, &bytes, &reported](const std::string& q) {
                auto res = cli->Get(fill(path, q).c_str());
                if (!res || res->status != 200) {
                    if (reported++ < 3)
                        std::cerr << "perf-http-load: " << q << ": "
                                  << (res ? "status " + std::to_string(res->status) : httplib::to_string(res.error()))
                                  << "\n";
                    return false;
                }
                bytes += res->body.size();
                return true;
            };
        },
        errors);
    print_result(label + " concurrency=" + std::to_string(concurrency), s, errors);
    std::fprintf(stderr, "perf-http-load: %.0f bytes per answer\n",
                 static_cast<double>(bytes.load()) / static_cast<double>(std::max<std::size_t>(1, s.count)));
    return 0;
}
