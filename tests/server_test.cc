// The real citesearch-server on an ephemeral loopback port over an index
// built by the real citesearch-index from the bundled sample data.

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace citesearch::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSeedDoi = "10.1259/bjr.20220548";
constexpr const char* kSeedTitle = "Synergizing liver systemic treatments with interventional oncology: friend or foe?";

// The sample data indexed into a fresh database, and a server over it.
struct SampleServer {
    TempDir tmp;
    std::unique_ptr<ServerProcess> server;
    SampleServer() {
        RunResult r = index_paths(tmp / "db", {source_dir() / "data"});
        REQUIRE(r.exit_code == 0);
        server = std::make_unique<ServerProcess>(tmp / "db");
    }
    json search(const std::string& query_string) {
        HttpResult r = http_get(server->port(), "/api/search?" + query_string);
        INFO(query_string << " -> " << r.status << " " << r.body);
        REQUIRE(r.status == 200);
        return r.json();
    }
    json q(const std::string& text, const std::string& more = "") { return search("q=" + url_encode(text) + more); }
    int port() const { return server->port(); }
};

std::vector<std::string> dois(const json& results) {
    std::vector<std::string> out;
    for (const json& h : results["hits"]) out.push_back(h["doi"].is_null() ? "" : h["doi"].get<std::string>());
    return out;
}

bool has_doi(const json& results, const std::string& doi) {
    auto d = dois(results);
    return std::find(d.begin(), d.end(), doi) != d.end();
}

}  // namespace

TEST_CASE("the seed query ranks the seed record first with highlighted terms", "[server][search]") {
    SampleServer s;
    json r = s.q("immune checkpoint interventional radiology");
    REQUIRE(r["hits"].size() > 1);
    CHECK(r["hits"][0]["doi"] == kSeedDoi);
    CHECK(r["hits"][0]["title"] == kSeedTitle);
    CHECK(r["hits"][0]["rank"] == 1);
    std::string abstract = r["hits"][0]["snippet"]["abstract"];
    CHECK_THAT(abstract, Catch::Contains("<mark>immune</mark> <mark>checkpoint</mark>"));
    CHECK_THAT(std::string(r["hits"][0]["snippet"]["title"]), Catch::Contains("<mark>interventional</mark>"));
    CHECK(r["total_exact"] == true);
    CHECK(r["took_ms"].is_number());
    CHECK_FALSE(std::string(r["understood"]).empty());
}

TEST_CASE("the seed's first author is found however the name is written", "[server][authors]") {
    SampleServer s;
    for (const char* q : {"author:\"Jost R\"", "author:\"Jost, Raphaël\"", "author:\"Raphael Jost\"", "author:\"R. Jost\"",
                          "jost r[au]", "\"Jost, Raphael\"[au]", "Raphael Jost", "Raphaël Jost liver"}) {
        INFO(q);
        json r = s.q(q);
        CHECK(has_doi(r, kSeedDoi));
    }
    // Initial-only search also finds the other R. Jost, but not authors named otherwise.
    json r = s.q("author:\"Jost R\"");
    for (const json& h : r["hits"]) {
        bool any = false;
        for (const json& a : h["authors"]) any = any || std::string(a).find("Jost") != std::string::npos;
        CHECK(any);
    }
}

TEST_CASE("fields, phrases, booleans, wildcards and PubMed tags select the right records", "[server][query]") {
    SampleServer s;
    CHECK(has_doi(s.q("title:synergizing"), kSeedDoi));
    CHECK(has_doi(s.q("\"liver systemic treatments\""), kSeedDoi));
    CHECK_FALSE(has_doi(s.q("\"systemic liver treatments\""), kSeedDoi));
    CHECK(has_doi(s.q("synergiz*"), kSeedDoi));
    CHECK(has_doi(s.q("synergizing[ti]"), kSeedDoi));
    CHECK(has_doi(s.q("antigen[tiab]"), kSeedDoi));
    CHECK(has_doi(s.q("\"british journal of radiology\"[ta]"), kSeedDoi));
    CHECK(has_doi(s.q("journal:\"British Journal of Radiology\""), kSeedDoi));
    CHECK(has_doi(s.q("2022:2022[dp] synergizing"), kSeedDoi));
    CHECK_FALSE(has_doi(s.q("2019:2021[dp] synergizing"), kSeedDoi));
    CHECK(has_doi(s.q("year:2022 synergizing"), kSeedDoi));
    CHECK(has_doi(s.q("year:2020..2023 synergizing"), kSeedDoi));
    CHECK(has_doi(s.q("review[pt] synergizing"), kSeedDoi));
    CHECK(has_doi(s.q("synergizing AND liver"), kSeedDoi));
    CHECK_FALSE(has_doi(s.q("synergizing NOT liver"), kSeedDoi));
    CHECK_FALSE(has_doi(s.q("synergizing -liver"), kSeedDoi));
    CHECK(has_doi(s.q("(synergizing OR nonexistentword) AND +liver"), kSeedDoi));
    CHECK(has_doi(s.q("doi:10.1259/BJR.20220548"), kSeedDoi));
    CHECK(has_doi(s.q("type:jour synergizing"), kSeedDoi));
}

TEST_CASE("a DOI, doi.org URL or PMID typed alone is looked up exactly", "[server][query]") {
    SampleServer s;
    for (const char* q : {"10.1259/bjr.20220548", "https://doi.org/10.1259/bjr.20220548", "doi:10.1259/BJR.20220548", "36075034"}) {
        INFO(q);
        json r = s.q(q);
        REQUIRE(r["total"] == 1);
        CHECK(r["hits"][0]["doi"] == kSeedDoi);
    }
}

TEST_CASE("a likely typo gets a spelling suggestion", "[server][spelling]") {
    SampleServer s;
    json r = s.q("immune checkpont");
    CHECK(r["suggestion"] == "immune checkpoint");
    CHECK(s.q("immune checkpoint")["suggestion"].is_null());
}

TEST_CASE("the search box forgives what people paste", "[server][forgiving]") {
    SampleServer s;
    for (const char* q : {"Cancer: a review", "\"immune checkpoint", "liver (tumour", "AND liver", "liver OR", "liver ) (",
                          "title:", "::", "\"", "+", "-"}) {
        INFO(q);
        HttpResult r = http_get(s.port(), "/api/search?q=" + url_encode(q));
        CHECK(r.status == 200);
    }
    CHECK(s.q("\"immune checkpoint")["total"] > 0);
}

TEST_CASE("strict parsing refuses the same queries with the position of the problem", "[server][strict]") {
    SampleServer s;
    HttpResult r = http_get(s.port(), "/api/search?strict=true&q=" + url_encode("liver \"immune checkpoint"));
    REQUIRE(r.status == 400);
    json e = r.json()["error"];
    CHECK(e["code"] == "bad_query");
    CHECK(e["position"] == 6);
    CHECK_FALSE(std::string(e["message"]).empty());
    CHECK(http_get(s.port(), "/api/search?strict=true&q=" + url_encode("cancer: a review")).status == 400);
    CHECK(http_get(s.port(), "/api/search?strict=true&q=" + url_encode("liver AND tumour")).status == 200);
}

TEST_CASE("bad parameters get a 4xx with a JSON error naming the problem", "[server][errors]") {
    SampleServer s;
    struct Case {
        std::string path;
        int status;
        std::string code;
        std::string fragment;
    };
    std::vector<Case> cases = {
        {"/api/search?q=x&size=abc", 400, "bad_parameter", "size"},
        {"/api/search?q=x&size=0", 400, "bad_parameter", "size"},
        {"/api/search?q=x&size=101", 400, "bad_parameter", "size"},
        {"/api/search?q=x&page=-1", 400, "bad_parameter", "page"},
        {"/api/search?q=x&page=1001&size=10", 400, "bad_parameter", "10000"},
        {"/api/search?q=x&sort=sideways", 400, "bad_parameter", "sort"},
        {"/api/search?q=x&facets=colour", 400, "bad_parameter", "colour"},
        {"/api/search?q=x&year_from=abc", 400, "bad_parameter", "year_from"},
        {"/api/search?q=x&year_from=2022&year_to=2020", 400, "bad_parameter", "year_from"},
        {"/api/search?q=" + url_encode("year:2022..abc"), 400, "bad_query", "abc"},
        {"/api/search?q=x&colour=red", 400, "bad_parameter", "colour"},
        {"/api/search?q=%FF%FE", 400, "bad_parameter", "UTF-8"},
        {"/api/records/0000000000000000", 404, "not_found", "0000000000000000"},
        {"/api/records/not-an-id", 404, "not_found", "not-an-id"},
        {"/api/records/0000000000000000/similar", 404, "not_found", "0000000000000000"},
        {"/api/export?format=docx", 400, "bad_parameter", "format"},
        {"/api/nothing", 404, "not_found", "/api/nothing"},
    };
    for (const Case& c : cases) {
        INFO(c.path);
        HttpResult r = http_get(s.port(), c.path);
        CHECK(r.status == c.status);
        REQUIRE_NOTHROW(r.json());
        json e = r.json()["error"];
        CHECK(e["code"] == c.code);
        CHECK_THAT(std::string(e["message"]), Catch::Contains(c.fragment));
    }
    HttpResult post = http_request(s.port(), "POST", "/api/search", "{}");
    CHECK(post.status == 405);
    CHECK(post.json()["error"]["code"] == "method_not_allowed");
    CHECK(http_request(s.port(), "DELETE", "/api/records/0000000000000000").status == 405);
}

TEST_CASE("facet values passed back as filters select exactly the records counted", "[server][facets]") {
    SampleServer s;
    json r = s.q("liver", "&facets=year,journal,author,type,keyword,source");
    std::size_t total = r["total"];
    REQUIRE(total > 5);
    std::map<std::string, std::string> param = {{"journal", "journal"}, {"author", "author"}, {"type", "type"},
                                                {"keyword", "keyword"}, {"source", "source"}};
    for (const auto& [facet, name] : param) {
        REQUIRE(r["facets"][facet].size() > 0);
        for (const json& v : r["facets"][facet]) {
            std::size_t count = v["count"];
            json f = s.q("liver", "&size=1&" + name + "=" + url_encode(v["value"]));
            INFO(facet << "=" << v["value"]);
            CHECK(f["total"] == count);
        }
    }
    for (const json& v : r["facets"]["year"]) {
        std::string y = v["value"];
        json f = s.q("liver", "&size=1&year_from=" + y + "&year_to=" + y);
        CHECK(f["total"] == v["count"]);
    }
    // Two values of the same filter are OR-ed, two filters AND-ed.
    json j = r["facets"]["journal"];
    if (j.size() >= 2) {
        json both = s.q("liver", "&size=1&journal=" + url_encode(j[0]["value"]) + "&journal=" + url_encode(j[1]["value"]));
        CHECK(both["total"] == j[0]["count"].get<std::size_t>() + j[1]["count"].get<std::size_t>());
    }
}

TEST_CASE("facet counts are exact up to facet_exact_limit matches and estimates beyond", "[server][facets]") {
    TempDir tmp;
    REQUIRE(index_paths(tmp / "db", {source_dir() / "data"}).exit_code == 0);
    ServerProcess exact(tmp / "db");
    ServerProcess bounded(tmp / "db", {}, json{{"facet_exact_limit", 5}});
    int estimated = 0;
    for (const char* q : {"", "liver", "immune checkpoint"}) {
        const std::string path = "/api/search?size=1&facets=year,source,author&q=" + url_encode(q);
        json e = http_get(exact.port(), path).json();
        json b = http_get(bounded.port(), path).json();
        INFO(q);
        CHECK(e["facets_exact"] == true);
        CHECK(b["total"] == e["total"]);  // the search's total, whatever the facets counted
        // The counting stops at the bound (a spy would otherwise see every
        // match, however large the collection): beyond it, estimates that say so.
        if (e["total"].get<std::size_t>() <= 5) {
            CHECK(b["facets_exact"] == true);
            CHECK(b["facets"] == e["facets"]);
        } else {
            ++estimated;
            CHECK(b["facets_exact"] == false);
            for (const json& v : b["facets"]["source"]) CHECK(v["count"].get<std::size_t>() >= 1);
        }
    }
    CHECK(estimated == 3);  // the bound bites on all three, each with more than 5 matches
}

TEST_CASE("results sort by date both ways and page without overlap", "[server][sort]") {
    SampleServer s;
    json newest = s.q("", "&sort=date&size=100");
    json oldest = s.q("", "&sort=-date&size=100");
    REQUIRE(newest["hits"].size() > 20);
    int prev = 9999;
    for (const json& h : newest["hits"]) {
        if (h["year"].is_null()) continue;
        CHECK(h["year"].get<int>() <= prev);
        prev = h["year"];
    }
    CHECK(newest["hits"][0]["year"].get<int>() >= oldest["hits"][0]["year"].get<int>());
    std::set<std::string> seen;
    std::size_t total = s.q("liver")["total"];
    for (int page = 1; page <= 3; ++page) {
        json p = s.q("liver", "&size=5&page=" + std::to_string(page));
        for (const json& h : p["hits"]) CHECK(seen.insert(h["id"]).second);
        CHECK(p["page"] == page);
    }
    CHECK(seen.size() == std::min<std::size_t>(15, total));
}

TEST_CASE("a record has every field, its original RIS tags and its sources", "[server][records]") {
    SampleServer s;
    json hit = s.q("10.1259/bjr.20220548")["hits"][0];
    HttpResult r = http_get(s.port(), "/api/records/" + std::string(hit["id"]));
    REQUIRE(r.status == 200);
    json rec = r.json();
    CHECK(rec["title"] == kSeedTitle);
    CHECK(rec["doi"] == kSeedDoi);
    CHECK(rec["pmid"] == "36075034");
    CHECK(rec["authors"].size() == 15);
    CHECK(rec["journal"] == "British Journal of Radiology");
    REQUIRE(rec["ris"].size() > 10);
    CHECK(rec["ris"][0][0] == "TY");
    CHECK(rec["sources"][0]["file"] == "seed/jost2022-bjr.ris");
    bool n1_joined = false;
    for (const json& f : rec["ris"])
        if (f[0] == "N1") n1_joined = std::string(f[1]).find("Creative Commons") != std::string::npos;
    CHECK(n1_joined);

    HttpResult sim = http_get(s.port(), "/api/records/" + std::string(hit["id"]) + "/similar?size=5");
    REQUIRE(sim.status == 200);
    json hits = sim.json()["hits"];
    REQUIRE(hits.size() > 0);
    for (const json& h : hits) CHECK(h["id"] != hit["id"]);
}

TEST_CASE("RIS export round-trips through the indexer to the same records", "[server][export]") {
    SampleServer s;
    HttpResult ris = http_get(s.port(), "/api/export?format=ris&q=");
    REQUIRE(ris.status == 200);
    CHECK_THAT(ris.header("Content-Disposition"), Catch::Contains(".ris"));
    write_file(s.tmp / "export/all.ris", ris.body);
    REQUIRE(index_paths(s.tmp / "db2", {s.tmp / "export/all.ris"}).exit_code == 0);
    ServerProcess second(s.tmp / "db2");
    json a = s.q("", "&size=100&sort=date");
    json b = json::parse(http_get(second.port(), "/api/search?size=100&sort=date").body);
    CHECK(a["total"] == b["total"]);
    std::set<std::string> ids_a, ids_b;
    for (const json& h : a["hits"]) ids_a.insert(h["id"]);
    for (const json& h : b["hits"]) ids_b.insert(h["id"]);
    CHECK(ids_a == ids_b);
    for (const char* f : {"bibtex", "csljson", "csv"}) {
        HttpResult r = http_get(s.port(), std::string("/api/export?format=") + f + "&q=" + url_encode("synergizing"));
        INFO(f);
        REQUIRE(r.status == 200);
        CHECK_THAT(r.body, Catch::Contains("Synergizing"));
    }
    CHECK_NOTHROW(json::parse(http_get(s.port(), "/api/export?format=csljson&q=liver").body));
}

TEST_CASE("suggestions complete words, authors and journals", "[server][suggest]") {
    SampleServer s;
    json r = http_get(s.port(), "/api/suggest?q=immu").json();
    std::vector<std::string> texts;
    for (const json& x : r["suggestions"]) texts.push_back(x["text"]);
    CHECK(std::find(texts.begin(), texts.end(), "immune") != texts.end());
    json a = http_get(s.port(), "/api/suggest?q=jost").json();
    bool author = false;
    for (const json& x : a["suggestions"]) author = author || x["kind"] == "author";
    CHECK(author);
}

TEST_CASE("stats, health, metrics and the OpenAPI description are served", "[server][ops]") {
    SampleServer s;
    json stats = http_get(s.port(), "/api/stats").json();
    CHECK(stats["records"].get<int>() >= 41);
    CHECK(stats["sources"].size() == 4);
    json health = http_get(s.port(), "/healthz").json();
    CHECK(health["status"] == "ok");
    http_get(s.port(), "/api/search?q=liver");
    HttpResult m = http_get(s.port(), "/metrics");
    CHECK_THAT(m.body, Catch::Contains("citesearch_requests_total{route=\"search\",status=\"200\"}"));
    CHECK_THAT(m.body, Catch::Contains("citesearch_records "));
    json api = http_get(s.port(), "/api/openapi.json").json();
    CHECK(api["openapi"] == "3.0.3");
    CHECK(api["paths"].contains("/api/search"));
    CHECK_THAT(s.server->log(), Catch::Contains("GET /api/search 200"));
}

TEST_CASE("every /api/search parameter the OpenAPI document lists is accepted, and only those", "[server][api]") {
    SampleServer s;
    json api = http_get(s.port(), "/api/openapi.json").json();
    std::size_t checked = 0;
    for (const json& p : api["paths"]["/api/search"]["get"]["parameters"]) {
        std::string name = p["name"];
        const json& schema = p["schema"];
        std::string type = schema["type"];
        std::string value = schema.contains("enum") ? schema["enum"][0].get<std::string>()
                            : type == "boolean"     ? "true"
                            : type == "integer"     ? "1"
                            : name == "facets"      ? "year"
                                                    : "liver";
        INFO(name << "=" << value);
        CHECK(http_get(s.port(), "/api/search?" + name + "=" + value).status == 200);
        ++checked;
    }
    CHECK(checked >= 15);
    CHECK(http_get(s.port(), "/api/search?q=liver&feedbak=true").status == 400);
}

TEST_CASE("the page is served with safe headers and nothing outside the web root", "[server][static]") {
    SampleServer s;
    HttpResult index = http_get(s.port(), "/");
    CHECK(index.status == 200);
    CHECK_THAT(index.header("Content-Type"), Catch::Contains("text/html"));
    CHECK_THAT(index.header("Content-Security-Policy"), Catch::Contains("script-src 'self'"));
    CHECK(index.header("X-Content-Type-Options") == "nosniff");
    for (const char* p : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/%2e%2e%2fCMakeLists.txt", "//etc/passwd"})
        CHECK(http_get(s.port(), p).status == 404);
}

TEST_CASE("a missing index answers 503 and the server recovers when it appears", "[server][reload]") {
    TempDir tmp;
    ServerProcess server(tmp / "db");
    HttpResult r = http_get(server.port(), "/api/search?q=liver");
    CHECK(r.status == 503);
    CHECK(r.json()["error"]["code"] == "unavailable");
    CHECK(http_get(server.port(), "/healthz").status == 503);
    REQUIRE(index_paths(tmp / "db", {source_dir() / "data"}).exit_code == 0);
    CHECK(http_get(server.port(), "/api/search?q=liver").status == 200);
}

TEST_CASE("new commits are served within a second with no failed request", "[server][reload]") {
    TempDir tmp;
    write_file(tmp / "in/base.ris", "TY  - JOUR\nTI  - Base record about hepatic ablation\nPY  - 2020\nER  - \n");
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    ServerProcess server(tmp / "db");
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, failed{0};
    std::thread loop([&] {
        for (int i = 0; i < 20000 && !stop; ++i) {  // bounded in count and (below) in time
            HttpResult r = http_get(server.port(), "/api/search?q=ablation&facets=year");
            (r.status == 200 ? ok : failed)++;
        }
    });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (int batch = 0; batch < 5; ++batch) {
        fs::path dir = tmp / ("batch" + std::to_string(batch));
        std::string text;
        for (int i = 0; i < 200; ++i)
            text += "TY  - JOUR\nTI  - Ablation study " + std::to_string(batch) + "-" + std::to_string(i) + "\nPY  - 2021\nER  - \n\n";
        write_file(dir / ("batch" + std::to_string(batch) + ".ris"), text);
        REQUIRE(index_paths(tmp / "db", {dir}).exit_code == 0);
        auto committed = std::chrono::steady_clock::now();
        std::size_t want = 1 + 200 * (batch + 1);
        std::size_t seen = 0;
        while (std::chrono::steady_clock::now() - committed < std::chrono::seconds(3)) {
            HttpResult r = http_get(server.port(), "/api/search?q=ablation&size=1");
            if (r.status == 200 && (seen = r.json()["total"].get<std::size_t>()) == want) break;
        }
        CHECK(seen == want);
        CHECK(std::chrono::steady_clock::now() - committed < std::chrono::milliseconds(1000));
        REQUIRE(std::chrono::steady_clock::now() < deadline);
    }
    stop = true;
    loop.join();
    CHECK(failed == 0);
    CHECK(ok > 10);
}
