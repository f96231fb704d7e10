// A server over several databases: real xapian-tcpsrv processes on loopback
// ports serve the shards citesearch-index add --shards wrote, and the real
// server over them answers as it does over one database of the same
// records; then a shard goes down, is slow, comes back.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <httplib.h>

#include "config.h"
#include "shard_set.h"
#include "test_support.h"

using namespace citesearch::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path tcpsrv_exe() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin"})
        if (fs::exists(fs::path(dir) / "xapian-tcpsrv")) return fs::path(dir) / "xapian-tcpsrv";
    return "xapian-tcpsrv";
}

// A loopback port nobody listens on now (the kernel's pick for port 0).
int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool accepts_connections(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// One shard served by a real xapian-tcpsrv on a loopback port. It leads a
// process group, so stopping it also stops the processes it forked for open
// connections, as when its machine goes down.
class ShardServer {
public:
    explicit ShardServer(fs::path db, std::vector<std::string> extra = {}) : db_(std::move(db)), extra_(std::move(extra)) {
        for (int attempt = 0; attempt < 5 && !process_; ++attempt) start(free_port());  // a port taken meanwhile: another
        REQUIRE(process_);
    }
    // Serves again on the same port.
    void restart() {
        int port = port_;
        process_.reset();
        for (int attempt = 0; attempt < 50 && !process_; ++attempt) {  // the port may linger a moment
            start(port);
            if (!process_) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        REQUIRE(process_);
    }
    void stop() { process_.reset(); }
    void pause() { process_->signal(SIGSTOP); }  // slow: connections accepted, nothing answered
    void resume() { process_->signal(SIGCONT); }
    std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

private:
    void start(int port) {
        port_ = port;
        std::vector<std::string> args{"--port", std::to_string(port), "--interface", "127.0.0.1"};
        args.insert(args.end(), extra_.begin(), extra_.end());
        args.push_back(db_.string());
        auto p = std::make_unique<BackgroundProcess>(tcpsrv_exe(), args, /*own_group=*/true);
        for (int i = 0; i < 500 && p->running(); ++i) {  // at most 10 s
            if (accepts_connections(port)) {
                process_ = std::move(p);
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    fs::path db_;
    std::vector<std::string> extra_;
    int port_ = 0;
    std::unique_ptr<BackgroundProcess> process_;
};

// The records of the comparison: the bundled sample and real exports with
// journals, years, keywords, authors and DOIs (about 1,500 records).
std::vector<fs::path> corpus() {
    return {source_dir() / "data", shared_data() / "synergy/Donners_2021.ris", shared_data() / "synergy/Muthu_2022.ris",
            shared_data() / "synergy/Sep_2021.ris", shared_data() / "cohen2006/Triptans.ris"};
}

RunResult index_sharded(const fs::path& db, std::size_t shards, const std::vector<fs::path>& paths) {
    std::vector<std::string> args{"add", "--db", db.string(), "--shards", std::to_string(shards)};
    for (const fs::path& p : paths) args.push_back(p.string());
    return run(indexer_exe(), args);
}

json get_json(int port, const std::string& path, int want = 200) {
    HttpResult r = http_get(port, path);
    INFO(path << " -> " << r.status << " " << r.body.substr(0, 400));
    REQUIRE(r.status == want);
    return r.json();
}

// What must not differ between two servers of the same records: everything
// but the time taken, the spelling suggestion (Xapian 1.4's remote backend
// serves no spelling table), whether the answer is partial, and what Xapian
// only estimates, which depends on how the records are spread: a total
// beyond 1,000 matches without facets, and facet counts beyond
// facet_exact_limit matches (scaled from the records each shard counted).
json comparable(json j, bool estimated = false, bool facets_estimated = false) {
    for (const char* k : {"took_ms", "suggestion", "partial", "missing_shards"}) j.erase(k);
    if (estimated) {
        for (const char* k : {"total", "total_exact", "facets_exact"}) j.erase(k);  // facets_exact needs total_exact
    }
    if (facets_estimated) {
        for (const char* k : {"facets", "facets_exact"}) j.erase(k);
    }
    return j;
}

// Waits (at most `seconds`) until `done()`.
template <typename F>
bool eventually(F done, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

// The comparison set: free text, fields, phrases, booleans, wildcards,
// identifiers, filters, facets, date sorts and paging.
const std::vector<std::string> kSearches = {
    "q=migraine",
    "q=" + url_encode("rotator cuff repair"),
    "q=" + url_encode("immune checkpoint interventional radiology"),
    "q=" + url_encode("hemophilia A factor VIII prophylaxis"),
    "q=" + url_encode("object recognition memory rats"),
    "q=" + url_encode("sumatriptan nausea placebo"),
    "q=" + url_encode("randomized double-blind trial of oral triptans in acute migraine attacks with and without aura"),
    "q=" + url_encode("title:hemophilia"),
    "q=" + url_encode("abstract:tendon"),
    "q=" + url_encode("author:\"Ferrari M\""),
    "q=" + url_encode("journal:\"Blood\""),
    "q=" + url_encode("keyword:\"Rotator Cuff Injuries\" healing"),
    "q=" + url_encode("\"double blind\""),
    "q=" + url_encode("\"stem cells\""),
    "q=" + url_encode("migraine AND NOT cluster"),
    "q=" + url_encode("(sumatriptan OR rizatriptan) AND nausea"),
    "q=" + url_encode("hippocamp*"),
    "q=" + url_encode("triptan* efficacy"),
    "q=" + url_encode("10.1259/bjr.20220548"),
    "q=" + url_encode("2019:2020[dp] hemophilia"),
    "q=migraine&year_from=1998&year_to=2002",
    "q=&type=JOUR&size=20",
    "q=&keyword=" + url_encode("Animals") + "&size=15",
    "q=&journal=" + url_encode("Haemophilia"),
    "q=surgery&author=" + url_encode("Lipton R B"),
    "q=&facets=year,journal,author,type,keyword,source",
    "q=migraine&facets=year,author,keyword",
    "q=rats&facets=journal,keyword&keyword=Male",
    "q=&sort=date&size=50",
    "q=&sort=-date&size=50",
    "q=migraine&sort=date&page=2&size=20",
    "q=&sort=-date&page=30&size=50",
    "q=memory&sort=-date&facets=year",
    "q=treatment&page=3&size=10",
    "q=&page=15&size=100",
};

}  // namespace

TEST_CASE("database locations are paths or tcp://host:port, in the configuration or repeated --db", "[shards][config]") {
    using citesearch::parse_shard;
    auto remote = parse_shard("tcp://10.0.0.2:33333", std::chrono::seconds(3));
    CHECK(remote.remote());
    CHECK(remote.host == "10.0.0.2");
    CHECK(remote.port == 33333);
    CHECK(remote.timeout == std::chrono::seconds(3));
    CHECK(parse_shard("tcp://[::1]:7000", std::chrono::seconds(1)).host == "::1");
    CHECK_FALSE(parse_shard("var/db", std::chrono::seconds(1)).remote());
    for (const char* bad : {"tcp://host", "tcp://:80", "tcp://host:0", "tcp://host:70000", "tcp://host:8x", ""})
        CHECK_THROWS_AS(parse_shard(bad, std::chrono::seconds(1)), std::invalid_argument);

    TempDir tmp;
    write_file(tmp / "c.json", R"({"databases": ["db", {"db": "tcp://127.0.0.1:9001", "timeout": 2.5}], "partial_results": true,
                                  "shard_timeout": 4})");
    citesearch::ServerConfig c = citesearch::load_config(tmp / "c.json");
    REQUIRE(c.databases.size() == 2);
    CHECK(c.databases[0].location == (tmp / "db").string());
    CHECK(c.databases[1].location == "tcp://127.0.0.1:9001");
    CHECK(c.databases[1].timeout == 2.5);
    CHECK(c.partial_results);
    CHECK(c.shard_timeout == 4);
    write_file(tmp / "both.json", R"({"db": "a", "databases": ["b"]})");
    CHECK_THROWS_WITH(citesearch::load_config(tmp / "both.json"), Catch::Contains("not both"));
    // A bad location stops the server at start-up, naming it.
    RunResult bad = run(server_exe(), {"--config", (tmp / "c.json").string(), "--db", "tcp://nowhere", "--port", "0"});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("tcp://nowhere"));
}

TEST_CASE("two xapian-tcpsrv shards answer as one database: a shard down or slow gets 503 or partial results, and "
          "comes back without a restart",
          "[shards][remote]") {
    TempDir tmp;
    // The same records, in one database and in two shards, indexed side by side.
    RunResult single_run, sharded_run;
    std::thread single_thread([&] { single_run = index_paths(tmp / "single", corpus()); });
    sharded_run = index_sharded(tmp / "sharded", 2, corpus());
    single_thread.join();
    INFO(single_run.err.substr(0, 500) << sharded_run.err.substr(0, 500));
    REQUIRE(single_run.exit_code == 0);
    REQUIRE(sharded_run.exit_code == 0);

    ShardServer shard0(tmp / "sharded/shard-0");
    ShardServer shard1(tmp / "sharded/shard-1");
    // Facets are compared exactly, so the whole corpus (~1,500 records) is
    // kept below facet_exact_limit: beyond it, one database counts the
    // first that many matches and each shard that many of its own.
    const json all_exact = {{"facet_exact_limit", 2000}};
    ServerProcess single(tmp / "single", {}, all_exact);
    ServerProcess remote(shard0.url(), {"--db", shard1.url(), "--shard-timeout", "1"}, all_exact);
    ServerProcess partial(shard0.url(), {"--db", shard1.url(), "--shard-timeout", "1", "--partial-results"});
    ServerProcess local_stub(tmp / "sharded", {}, all_exact);  // the stub opens both shards locally

    json stats = get_json(single.port(), "/api/stats");
    std::size_t records = stats["records"];
    REQUIRE(records > 1400);
    for (int port : {remote.port(), local_stub.port()}) {
        json s = get_json(port, "/api/stats");
        CHECK(s["records"] == records);
        CHECK(s["sources"] == stats["sources"]);
        CHECK(s["partial"] == false);
        REQUIRE(s["shards"].size() == 2);
        CHECK(s["shards"][0]["status"] == "up");
        CHECK(s["shards"][0]["records"].get<std::size_t>() + s["shards"][1]["records"].get<std::size_t>() == records);
    }
    CHECK(get_json(remote.port(), "/api/stats")["shards"][1]["name"] == shard1.url());

    // Searches, records, similar records, suggestions and exports are the same.
    {
        std::set<std::string> ids;
        std::size_t exact_totals = 0;
        std::size_t exact_facets = 0;
        for (const std::string& search : kSearches) {
            json want = get_json(single.port(), "/api/search?" + search);
            INFO(search);
            bool estimated = want["total_exact"] == false;
            bool facets_estimated = want["facets_exact"] == false && !want["facets"].empty();
            if (!estimated) ++exact_totals;
            if (!want["facets"].empty() && !facets_estimated) ++exact_facets;
            for (int port : {remote.port(), local_stub.port()}) {
                json got = get_json(port, "/api/search?" + search);
                CHECK(got["partial"] == false);
                if (!estimated) CHECK(got["total"] == want["total"]);
                if (facets_estimated) CHECK(got["facets_exact"] == false);
                else CHECK(got["facets"] == want["facets"]);
                CHECK(got["hits"] == want["hits"]);
                CHECK(comparable(got, estimated, facets_estimated) == comparable(want, estimated, facets_estimated));
            }
            for (const json& h : want["hits"])
                if (ids.size() < 12) ids.insert(h["id"].get<std::string>());
        }
        CHECK(exact_totals >= 30);
        CHECK(exact_facets >= 4);  // the corpus is below facet_exact_limit: facets are compared, not estimated
        // A query that is the same in both matters only if it finds things.
        CHECK(get_json(single.port(), "/api/search?q=migraine")["total"].get<int>() > 100);
        CHECK(ids.size() >= 10);
        for (const std::string& id : ids) {
            for (const char* what : {"", "/similar?size=10"}) {
                json want = get_json(single.port(), "/api/records/" + id + what);
                CHECK(comparable(get_json(remote.port(), "/api/records/" + id + what)) == comparable(want));
            }
        }
        for (const char* q : {"/api/suggest?q=migr", "/api/suggest?q=ferrari", "/api/suggest?q=blo"})
            CHECK(comparable(get_json(remote.port(), q)) == comparable(get_json(single.port(), q)));
        for (const char* q : {"/api/export?q=migraine&format=csv", "/api/export?q=&sort=date&format=ris&limit=300"}) {
            HttpResult want = http_get(single.port(), q), got = http_get(remote.port(), q);
            CHECK(want.status == 200);
            CHECK(got.status == 200);
            CHECK(got.body == want.body);
        }
    }

    // A shard that is down: 503 naming it, or partial results; the servers
    // recover when it is back.
    {
        std::string all = "/api/search?q=migraine&facets=year&size=20";
        json complete = get_json(single.port(), all);
        shard1.stop();
        HttpResult refused = http_get(remote.port(), all);
        INFO(refused.body);
        CHECK(refused.status == 503);
        CHECK(refused.json()["error"]["code"] == "unavailable");
        CHECK_THAT(refused.json()["error"]["message"].get<std::string>(), Catch::Contains(shard1.url()));
        CHECK(refused.json()["error"]["shards"] == json::array({shard1.url()}));
        HttpResult health = http_get(remote.port(), "/healthz");
        CHECK(health.status == 503);
        CHECK(health.json()["shards"][1]["status"] == "down");
        CHECK_THAT(http_get(remote.port(), "/metrics").body,
                   Catch::Contains("citesearch_shard_up{shard=\"" + shard1.url() + "\"} 0"));
        json stats_down = get_json(remote.port(), "/api/stats");  // still answers, and says what is missing
        CHECK(stats_down["partial"] == true);
        CHECK(stats_down["missing_shards"] == json::array({shard1.url()}));
        CHECK(stats_down["shards"][1]["status"] == "down");

        // Partial results: exactly what shard-0 alone holds, flagged as such.
        ServerProcess only_shard0(tmp / "sharded/shard-0");
        json got = get_json(partial.port(), all);
        CHECK(got["partial"] == true);
        CHECK(got["missing_shards"] == json::array({shard1.url()}));
        json want = get_json(only_shard0.port(), all);
        CHECK(got["total"] == want["total"]);
        CHECK(got["total"].get<std::size_t>() < complete["total"].get<std::size_t>());
        CHECK(comparable(got) == comparable(want));
        CHECK(get_json(partial.port(), "/healthz")["status"] == "degraded");
        // A record that might be in the missing shard is not "not found".
        CHECK(http_get(partial.port(), "/api/records/0000000000000000").status == 503);

        // A server started while a shard is down starts, and says so.
        ServerProcess started_degraded(shard0.url(), {"--db", shard1.url(), "--shard-timeout", "1"});
        CHECK_THAT(started_degraded.log(), Catch::Contains("is down"));
        CHECK(http_get(started_degraded.port(), "/healthz").status == 503);

        shard1.restart();
        for (int port : {remote.port(), partial.port(), started_degraded.port()}) {
            CHECK(eventually([&] { return http_get(port, all).status == 200 && http_get(port, all).json()["partial"] == false; }, 20));
            json back = get_json(port, all);
            CHECK(comparable(back) == comparable(complete));
            CHECK(http_get(port, "/healthz").json()["status"] == "ok");
        }
        CHECK_THAT(http_get(remote.port(), "/metrics").body,
                   Catch::Contains("citesearch_shard_up{shard=\"" + shard1.url() + "\"} 1"));
    }

    // A shard slower than its timeout: 503 or partial results within about the timeout.
    {
        std::string all = "/api/search?q=rats&size=5";
        json complete = get_json(single.port(), all);
        // Both servers have connections open to it: they must not wait for ever.
        REQUIRE(get_json(remote.port(), all)["partial"] == false);
        REQUIRE(get_json(partial.port(), all)["partial"] == false);
        shard0.pause();
        auto started = std::chrono::steady_clock::now();
        HttpResult r = http_get(partial.port(), all);
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        CHECK(r.status == 200);
        CHECK(r.json()["partial"] == true);
        CHECK(r.json()["missing_shards"] == json::array({shard0.url()}));
        CHECK(secs < 5);
        started = std::chrono::steady_clock::now();
        HttpResult refused = http_get(remote.port(), all);
        secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        CHECK(refused.status == 503);
        CHECK_THAT(refused.body, Catch::Contains(shard0.url()));
        CHECK(secs < 5);
        shard0.resume();
        for (int port : {remote.port(), partial.port()}) {
            CHECK(eventually([&] { return http_get(port, all).status == 200 && http_get(port, all).json()["partial"] == false; }, 20));
            CHECK(comparable(get_json(port, all)) == comparable(complete));
        }
    }
}

TEST_CASE("a connection xapian-tcpsrv closes while idle is reopened without a failed request", "[shards][remote]") {
    TempDir tmp;
    REQUIRE(index_sharded(tmp / "db", 2, {source_dir() / "data"}).exit_code == 0);
    ShardServer shard0(tmp / "db/shard-0", {"--idle-timeout", "300"});
    ShardServer shard1(tmp / "db/shard-1", {"--idle-timeout", "300"});
    ServerProcess server(shard0.url(), {"--db", shard1.url(), "--threads", "1"});
    json first = get_json(server.port(), "/api/search?q=liver");
    std::this_thread::sleep_for(std::chrono::milliseconds(800));  // both connections closed by now
    json again = get_json(server.port(), "/api/search?q=liver");
    CHECK(again["partial"] == false);
    CHECK(comparable(again) == comparable(first));
}

TEST_CASE("admin sync and rebuild are refused when the server reads several databases", "[shards][admin]") {
    TempDir tmp;
    REQUIRE(index_paths(tmp / "a", {source_dir() / "data/seed"}).exit_code == 0);
    REQUIRE(index_paths(tmp / "b", {source_dir() / "data/sample"}).exit_code == 0);
    fs::create_directories(tmp / "drop");
    const std::string token = "0123456789abcdef0123";
    ServerProcess server(tmp / "a", {"--db", (tmp / "b").string()},
                         {{"admin_token", token}, {"drop_folder", (tmp / "drop").string()}});
    httplib::Client client("127.0.0.1", server.port());
    httplib::Result r = client.Post("/api/admin/sync", {{"Authorization", "Bearer " + token}}, "", "text/plain");
    REQUIRE(r);
    CHECK(r->status == 409);
    CHECK(json::parse(r->body)["error"]["code"] == "no_local_database");
    // Both databases are searched as one.
    json all = get_json(server.port(), "/api/stats");
    CHECK(all["shards"].size() == 2);
    CHECK(all["records"] == get_json(server.port(), "/api/search?q=")["total"]);
}
