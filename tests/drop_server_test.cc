// The server over a database kept by drop-folder syncs: provenance in the
// API, the admin endpoints, and no failed request while syncs and a full
// rebuild happen underneath.

#include <httplib.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "config.h"
#include "test_support.h"

using namespace citesearch;
using namespace citesearch::test;
using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "0123456789abcdef-test-admin-token";

std::string ris(const std::string& title, const std::string& extra) {
    return "TY  - JOUR\nTI  - " + title + "\n" + extra + "ER  - \n\n";
}

// A file of `n` records about ablation, DOIs 10.5555/<tag>.<i>, written with an old mtime (ready at once).
void write_export(const fs::path& p, const std::string& tag, int n) {
    std::string text;
    for (int i = 0; i < n; ++i)
        text += ris("Ablation study " + tag + " " + std::to_string(i),
                    "PY  - 2021\nDO  - 10.5555/" + tag + "." + std::to_string(i) + "\n");
    write_file(p, text);
    fs::last_write_time(p, fs::file_time_type::clock::now() - 1h);
}

RunResult indexer(const std::string& command, const fs::path& db, const fs::path& drop) {
    return run(indexer_exe(), {command, "--db", db.string(), "--drop", drop.string(), "--settle", "0", "--batch", "1"});
}

// Sets CITESEARCH_ADMIN_TOKEN for servers started while it lives.
struct AdminTokenEnv {
    explicit AdminTokenEnv(const char* token) { ::setenv("CITESEARCH_ADMIN_TOKEN", token, 1); }
    ~AdminTokenEnv() { ::unsetenv("CITESEARCH_ADMIN_TOKEN"); }
};

HttpResult admin(int port, const std::string& method, const std::string& path, const std::string& token = kToken) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result res = method == "POST" ? client.Post(path.c_str(), headers, "", "application/json")
                                           : client.Get(path.c_str(), headers);
    HttpResult r;
    if (!res) return r;
    r.status = res->status;
    r.body = res->body;
    for (const auto& [k, v] : res->headers) r.headers.emplace(k, v);
    return r;
}

// Polls /api/admin/status until the job is over (at most `timeout`).
json wait_for_job(int port, std::chrono::seconds timeout = 60s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    json status;
    while (std::chrono::steady_clock::now() < deadline) {
        status = admin(port, "GET", "/api/admin/status").json();
        if (status["running"] == false && !status["job"].is_null()) return status;
        std::this_thread::sleep_for(50ms);
    }
    return status;
}

std::size_t total(int port, const std::string& query = "") {
    HttpResult r = http_get(port, "/api/search?size=1&q=" + url_encode(query));
    REQUIRE(r.status == 200);
    return r.json()["total"];
}

}  // namespace

TEST_CASE("no request fails and the record count only moves forward while files sync and the index is rebuilt",
          "[drops][server][downtime]") {
    TempDir tmp;
    for (int f = 0; f < 4; ++f)
        write_export(tmp / ("drop/first-" + std::to_string(f) + ".ris"), "a" + std::to_string(f), 50);
    REQUIRE(indexer("sync", tmp / "db", tmp / "drop").exit_code == 0);
    ServerProcess server(tmp / "db");
    REQUIRE(total(server.port()) == 200);

    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, failed{0}, backwards{0};
    std::atomic<std::size_t> last_seen{0};
    std::string first_failure;
    std::thread loop([&] {
        std::size_t previous = 0;
        for (int i = 0; i < 200000 && !stop; ++i) {  // bounded in count and (below) in time
            HttpResult r =
                http_get(server.port(), i % 10 == 9 ? "/api/stats" : "/api/search?size=3&q=ablation&facets=source");
            if (r.status != 200) {
                if (failed++ == 0) first_failure = std::to_string(r.status) + " " + r.body;
                continue;
            }
            ++ok;
            std::size_t seen = r.json()[i % 10 == 9 ? "records" : "total"];
            if (seen < previous) ++backwards;
            previous = seen;
            last_seen = seen;
        }
    });

    auto deadline = std::chrono::steady_clock::now() + 60s;
    for (int f = 0; f < 36; ++f)
        write_export(tmp / ("drop/more/batch-" + std::to_string(f) + ".ris"), "b" + std::to_string(f), 50);
    RunResult sync = indexer("sync", tmp / "db", tmp / "drop");  // a commit per file: the count climbs
    CHECK(sync.exit_code == 0);
    CHECK_THAT(sync.out, Catch::Contains("36 new"));
    RunResult rebuild = indexer("rebuild", tmp / "db", tmp / "drop");
    INFO(rebuild.out << rebuild.err);
    CHECK(rebuild.exit_code == 0);
    CHECK(read_file(tmp / "db/XAPIANDB") == "auto gen-000002\n");
    CHECK_FALSE(fs::exists(tmp / "db/gen-000001"));
    // Requests go on a little on the new generation alone.
    auto after = std::chrono::steady_clock::now() + 1s;
    while (std::chrono::steady_clock::now() < after && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    stop = true;
    loop.join();
    INFO("ok " << ok << ", failed " << failed << " (" << first_failure << ")");
    CHECK(failed == 0);
    CHECK(backwards == 0);
    CHECK(ok > 50);
    CHECK(last_seen == 2000);
    CHECK(std::chrono::steady_clock::now() < deadline);
}

TEST_CASE("a plain database made by add is converted by a rebuild while the server keeps answering",
          "[drops][server][rebuild]") {
    TempDir tmp;
    write_export(tmp / "drop/a.ris", "plain", 30);
    // One writer makes a plain database (a parallel build makes generations).
    REQUIRE(run(indexer_exe(), {"add", "--jobs", "1", "--db", (tmp / "db").string(), (tmp / "drop").string()}).exit_code == 0);
    REQUIRE(fs::exists(tmp / "db/iamglass"));
    ServerProcess server(tmp / "db");
    REQUIRE(total(server.port()) == 30);
    write_export(tmp / "drop/b.ris", "more", 20);

    std::atomic<bool> stop{false};
    std::atomic<int> failed{0}, ok{0};
    std::thread loop([&] {
        for (int i = 0; i < 100000 && !stop; ++i)
            (http_get(server.port(), "/api/search?size=1&q=ablation").status == 200 ? ok : failed)++;
    });
    RunResult r = indexer("rebuild", tmp / "db", tmp / "drop");
    CHECK(r.exit_code == 0);
    auto deadline = std::chrono::steady_clock::now() + 5s;
    std::size_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline && (seen = total(server.port())) != 50)
        std::this_thread::sleep_for(20ms);
    stop = true;
    loop.join();
    CHECK(seen == 50);
    CHECK(failed == 0);
    CHECK(ok > 10);
    CHECK_FALSE(fs::exists(tmp / "db/iamglass"));
}

TEST_CASE("provenance: source filter and facet by drop path, sources in records, files in /api/stats",
          "[drops][server][provenance]") {
    TempDir tmp;
    write_file(tmp / "drop/pubmed/weekly.nbib",
               "PMID- 31234567\nTI  - Cryoablation of renal tumours\nDP  - 2018\nAID - 10.5555/p.1 [doi]\n");
    write_file(tmp / "drop/scopus.ris",
               ris("Cryoablation of renal tumours", "PY  - 2018\nDO  - 10.5555/p.1\nAB  - With an abstract.\n") +
                   ris("Liver ablation", "PY  - 2020\nDO  - 10.5555/p.2\n") + "TY  - JOUR\nPY  - 2020\nER  - \n\n");
    write_file(tmp / "drop/broken.ris", std::string("\x7f"
                                                    "ELF\x02\x01\x01\0\0\0\0",
                                                    11) +
                                            std::string(500, '\0'));
    write_file(tmp / "drop/empty.ris", "");
    write_file(tmp / "drop/huge-line.ris", ris("Before a huge line", "PY  - 2020\nDO  - 10.5555/p.3\n") +
                                               "TY  - JOUR\nTI  - Huge\nAB  - " + std::string(2 * 1024 * 1024, 'a') +
                                               "\nER  - \n\n");
    RunResult r = indexer("sync", tmp / "db", tmp / "drop");
    REQUIRE(r.exit_code == 4);
    ServerProcess server(tmp / "db");

    json facets = http_get(server.port(), "/api/search?q=&facets=source").json()["facets"]["source"];
    std::map<std::string, std::size_t> by_source;
    for (const json& v : facets) by_source[v["value"]] = v["count"];
    CHECK(by_source ==
          std::map<std::string, std::size_t>{{"huge-line.ris", 1}, {"pubmed/weekly.nbib", 1}, {"scopus.ris", 2}});
    CHECK(http_get(server.port(), "/api/search?q=&source=" + url_encode("pubmed/weekly.nbib")).json()["total"] == 1);
    CHECK(http_get(server.port(), "/api/search?q=" + url_encode("source:\"pubmed/weekly.nbib\"")).json()["total"] == 1);

    json hit = http_get(server.port(), "/api/search?q=10.5555/p.1").json()["hits"][0];
    CHECK(hit["sources"] == json::array({"pubmed/weekly.nbib", "scopus.ris"}));
    json record = http_get(server.port(), "/api/records/" + std::string(hit["id"])).json();
    REQUIRE(record["sources"].size() == 2);
    CHECK(record["sources"][0]["file"] == "pubmed/weekly.nbib");
    CHECK(record["sources"][1]["file"] == "scopus.ris");
    CHECK(record["abstract"] == "With an abstract.");
    CHECK_FALSE(record.contains("copies"));  // kept in the index, not shown

    json stats = http_get(server.port(), "/api/stats").json();
    REQUIRE(stats["files"].size() == 5);
    std::map<std::string, json> files;
    for (const json& f : stats["files"]) files[f["path"]] = f;
    CHECK(files["scopus.ris"]["records"] == 2);
    CHECK(files["scopus.ris"]["rejected"] == 1);
    REQUIRE(files["scopus.ris"]["rejected_lines"].size() == 1);
    CHECK_THAT(std::string(files["scopus.ris"]["rejected_lines"][0]), Catch::StartsWith("scopus.ris:"));
    CHECK(files["scopus.ris"]["hash"].get<std::string>().size() == 16);
    CHECK(files["scopus.ris"]["size"] == fs::file_size(tmp / "drop/scopus.ris"));
    std::string mtime = files["scopus.ris"]["mtime"];  // "2026-11-28T01:02:03Z"
    CHECK(mtime.size() == 20);
    CHECK(mtime.substr(4, 1) + mtime.substr(10, 1) + mtime.substr(19, 1) == "-TZ");
    CHECK(files["broken.ris"]["records"] == 0);
    CHECK(files["broken.ris"]["error"].is_string());
    CHECK(files["pubmed/weekly.nbib"]["error"].is_null());
    CHECK_THAT(std::string(files["empty.ris"]["error"]), Catch::StartsWith("empty file"));
    CHECK(files["huge-line.ris"]["records"] == 1);
    CHECK(files["huge-line.ris"]["rejected"] == 1);
    CHECK_THAT(std::string(files["huge-line.ris"]["rejected_lines"][0]), Catch::StartsWith("huge-line.ris:"));
    CHECK(stats["sources"].size() == 3);  // the existing field stays
}

TEST_CASE("admin endpoints are absent without a token and refuse a missing or wrong one", "[drops][server][admin]") {
    TempDir tmp;
    write_export(tmp / "drop/a.ris", "adm", 3);
    REQUIRE(indexer("sync", tmp / "db", tmp / "drop").exit_code == 0);
    {
        ServerProcess off(tmp / "db", {"--drop-folder", (tmp / "drop").string()});
        for (const char* path : {"/api/admin/sync", "/api/admin/rebuild", "/api/admin/reload"}) {
            HttpResult r = admin(off.port(), "POST", path);
            CHECK(r.status == 404);
            CHECK(r.json()["error"]["code"] == "not_found");
        }
    }
    AdminTokenEnv env(kToken);
    ServerProcess on(tmp / "db", {"--drop-folder", (tmp / "drop").string()});
    for (const std::string& token :
         {std::string(), std::string("wrong"), std::string(kToken) + "x", std::string(kToken).substr(1)}) {
        HttpResult r = admin(on.port(), "POST", "/api/admin/sync", token);
        CHECK(r.status == 401);
        CHECK_THAT(r.header("WWW-Authenticate"), Catch::StartsWith("Bearer"));
        CHECK(r.json()["error"]["code"] == "unauthorized");
    }
    CHECK(admin(on.port(), "GET", "/api/admin/status", "wrong").status == 401);
    // The token never reaches the log.
    CHECK_THAT(on.log(), !Catch::Contains(kToken) && Catch::Contains("POST /api/admin/sync 401"));
}

TEST_CASE("admin sync, rebuild and reload run in the server, one at a time", "[drops][server][admin]") {
    TempDir tmp;
    write_export(tmp / "drop/a.ris", "one", 10);
    REQUIRE(indexer("sync", tmp / "db", tmp / "drop").exit_code == 0);
    AdminTokenEnv env(kToken);
    ServerProcess server(tmp / "db", {"--drop-folder", (tmp / "drop").string()});
    CHECK_THAT(server.log(), Catch::Contains("admin endpoints enabled"));

    // A new file, still young: the job waits for it to settle, so a second request finds it running.
    write_file(tmp / "drop/b.ris", ris("Fresh export", "PY  - 2024\nDO  - 10.5555/fresh.1\n"));
    HttpResult started = admin(server.port(), "POST", "/api/admin/sync");
    REQUIRE(started.status == 202);
    CHECK(started.json()["started"] == "sync");
    HttpResult busy = admin(server.port(), "POST", "/api/admin/rebuild");
    CHECK(busy.status == 409);
    CHECK(busy.json()["error"]["code"] == "busy");
    json status = wait_for_job(server.port());
    INFO(status.dump());
    CHECK(status["job"] == "sync");
    CHECK(status["ok"] == true);
    CHECK_THAT(std::string(status["summary"]), Catch::Contains("1 new"));
    CHECK(total(server.port()) == 11);

    HttpResult rebuild = admin(server.port(), "POST", "/api/admin/rebuild");
    REQUIRE(rebuild.status == 202);
    status = wait_for_job(server.port());
    CHECK(status["job"] == "rebuild");
    CHECK(status["ok"] == true);
    CHECK(read_file(tmp / "db/XAPIANDB") == "auto gen-000002\n");
    CHECK(total(server.port()) == 11);

    HttpResult reload = admin(server.port(), "POST", "/api/admin/reload");
    REQUIRE(reload.status == 200);
    CHECK(reload.json()["reloaded"] == true);
    CHECK(reload.json()["records"] == 11);

    // Another writer holds the database: refused at once, naming it.
    BackgroundProcess watcher(indexer_exe(),
                              {"watch", "--db", (tmp / "db").string(), "--drop", (tmp / "drop").string()});
    REQUIRE(watcher.wait_for_output("watching", 20000));
    HttpResult locked = admin(server.port(), "POST", "/api/admin/sync");
    CHECK(locked.status == 409);
    CHECK(locked.json()["error"]["code"] == "locked");
    CHECK_THAT(std::string(locked.json()["error"]["message"]),
               Catch::Contains("locked by citesearch-index watch (pid"));
    CHECK(watcher.stop() == 0);
}

TEST_CASE("admin sync and rebuild are refused when the server has no drop folder", "[drops][server][admin]") {
    TempDir tmp;
    write_export(tmp / "drop/a.ris", "nodrop", 2);
    REQUIRE(indexer("sync", tmp / "db", tmp / "drop").exit_code == 0);
    AdminTokenEnv env(kToken);
    ServerProcess server(tmp / "db");
    HttpResult r = admin(server.port(), "POST", "/api/admin/sync");
    CHECK(r.status == 409);
    CHECK(r.json()["error"]["code"] == "no_drop_folder");
    CHECK(admin(server.port(), "POST", "/api/admin/reload").status == 200);
}

TEST_CASE("a short admin token is refused at start-up, and the token may come from the configuration file",
          "[drops][server][admin][config]") {
    TempDir tmp;
    write_file(tmp / "none.json", "{}");
    AdminTokenEnv env("short");
    RunResult r =
        run(server_exe(), {"--config", (tmp / "none.json").string(), "--db", (tmp / "db").string(), "--port", "0"}, 20);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("at least 16 characters") && !Catch::Contains("short"));

    write_file(tmp / "conf/citesearch.json",
               R"({"db": "../db", "admin_token": "from-the-config-file-0123", "drop_folder": "../drop"})");
    ServerConfig c = load_config(tmp / "conf/citesearch.json");
    CHECK(c.admin_token == "from-the-config-file-0123");
    CHECK(c.drop_folder == (tmp / "drop").lexically_normal().string());
    write_file(tmp / "conf/empty.json", R"({"admin_token": "", "drop_folder": ""})");
    CHECK(load_config(tmp / "conf/empty.json").drop_folder.empty());
}
