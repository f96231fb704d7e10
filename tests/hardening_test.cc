// Hostile input against the real citesearch-server over loopback: each flaw
// of cpp-httplib 0.11.4 we guard against (docs/security.md) is sent as the
// actual attack, and each hostile request gets its exact status and message.
// Raw sockets where httplib::Client cannot send the attack (chunked bodies,
// trickled bytes, oversized heads, several ranges).

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "guarded_server.h"
#include "http_api.h"
#include "query_parser.h"
#include "test_support.h"

using namespace citesearch::test;
using nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kAdminToken = "hardening-test-token-0123456789";

// One client connection made of raw bytes.
class RawConnection {
public:
    explicit RawConnection(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
        started_ = Clock::now();
    }
    ~RawConnection() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool connected() const { return fd_ >= 0; }
    // False when the server has closed or reset the connection.
    bool send(const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    // Whether bytes (or the end) arrive within `ms`.
    bool readable(int ms) {
        pollfd p{fd_, POLLIN, 0};
        return ::poll(&p, 1, ms) > 0;
    }
    // Everything until the server closes the connection, at most `timeout_s`.
    std::string read_to_close(double timeout_s) {
        auto until = Clock::now() + std::chrono::milliseconds(static_cast<int>(timeout_s * 1000));
        while (Clock::now() < until) {
            if (!readable(50)) continue;
            char buf[65536];
            ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                closed_ = true;
                break;
            }
            received_.append(buf, static_cast<std::size_t>(n));
        }
        finished_ = Clock::now();
        return received_;
    }
    bool closed() const { return closed_; }
    // Seconds from connecting to the end of read_to_close().
    double seconds() const { return std::chrono::duration<double>(finished_ - started_).count(); }

private:
    int fd_ = -1;
    std::string received_;
    bool closed_ = false;
    Clock::time_point started_, finished_;
};

// The first response in `bytes`.
struct RawResponse {
    int status = 0;
    httplib::Headers headers;
    std::string body;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
    json error() const { return json::parse(body, nullptr, false)["error"]; }
};

RawResponse parse_response(const std::string& bytes) {
    RawResponse r;
    std::size_t end = bytes.find("\r\n\r\n");
    if (bytes.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return r;
    r.status = std::stoi(bytes.substr(9, 3));
    std::size_t line = bytes.find("\r\n") + 2;
    while (line < end) {
        std::size_t next = bytes.find("\r\n", line);
        std::string h = bytes.substr(line, next - line);
        std::size_t colon = h.find(':');
        if (colon != std::string::npos) r.headers.emplace(h.substr(0, colon), h.substr(colon + 2));
        line = next + 2;
    }
    std::size_t length = r.headers.count("Content-Length") ? std::stoul(r.header("Content-Length")) : bytes.size() - end - 4;
    r.body = bytes.substr(end + 4, length);
    return r;
}

// Sends `request` on a new connection and reads until the server closes it.
RawResponse round_trip(int port, const std::string& request, double timeout_s = 10) {
    RawConnection c(port);
    REQUIRE(c.connected());
    c.send(request);
    return parse_response(c.read_to_close(timeout_s));
}

void check_error(const RawResponse& r, int status, const std::string& code, const std::string& message) {
    INFO("status " << r.status << ", body " << r.body);
    CHECK(r.status == status);
    CHECK(r.error()["code"] == code);
    CHECK(r.error()["message"] == message);
}

// Every response carries the security headers, with no inline script allowed.
void check_security_headers(const RawResponse& r) {
    INFO("status " << r.status);
    std::string csp = r.header("Content-Security-Policy");
    CHECK_FALSE(csp.empty());
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK((csp.find("script-src 'self'") != std::string::npos || csp.find("default-src 'none'") != std::string::npos));
    CHECK(r.header("X-Content-Type-Options") == "nosniff");
    CHECK(r.header("Referrer-Policy") == "no-referrer");
}

struct SampleServer {
    TempDir tmp;
    std::unique_ptr<ServerProcess> server;
    explicit SampleServer(std::vector<std::string> args = {}, const json& config = json::object()) {
        REQUIRE(index_paths(tmp / "db", {source_dir() / "data"}).exit_code == 0);
        server = std::make_unique<ServerProcess>(tmp / "db", std::move(args), config);
    }
    int port() const { return server->port(); }
    bool alive() const { return http_get(port(), "/healthz").status == 200; }
};

std::string get(const std::string& target, const std::string& more_headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + more_headers + "Connection: close\r\n\r\n";
}

}  // namespace

// ------------------------------------------------------------ cpp-httplib 0.11.4's flaws

TEST_CASE("a chunked request body is refused before it is read (CVE-2025-46728, CVE-2025-53629)", "[hardening][httplib]") {
    SampleServer s;
    RawConnection c(s.port());
    REQUIRE(c.connected());
    // Announces 256 MiB in chunks; without the guard httplib would buffer all of it, whatever the payload limit.
    c.send("POST /api/admin/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000\r\n");
    c.send(std::string(65536, 'x'));
    RawResponse r = parse_response(c.read_to_close(10));
    check_error(r, 411, "length_required", "Transfer-Encoding is not accepted; send the body with a Content-Length");
    CHECK(r.header("Connection") == "close");
    CHECK(c.closed());
    CHECK(s.alive());
}

TEST_CASE("a negative chunk size never reaches the chunk parser (CVE-2026-45352)", "[hardening][httplib]") {
    SampleServer s;
    RawResponse r = round_trip(s.port(), "POST /api/admin/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                       "-1\r\nAAAAAAAAAAAAAAAA\r\n-8000000000000000\r\nBBBB\r\n0\r\n\r\n");
    check_error(r, 411, "length_required", "Transfer-Encoding is not accepted; send the body with a Content-Length");
    // The same on a GET, and with the header spelled otherwise.
    r = round_trip(s.port(), "GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\ntransfer-encoding: CHUNKED\r\n\r\n-1\r\nA\r\n");
    check_error(r, 411, "length_required", "Transfer-Encoding is not accepted; send the body with a Content-Length");
    CHECK(s.alive());
}

TEST_CASE("a compressed request body is refused before it is inflated (CVE-2026-22776)", "[hardening][httplib]") {
    SampleServer s;
    // A gzip bomb: 64 MiB of zeros in a few tens of KiB, under the 64 KiB body limit.
    std::string bomb;
    httplib::detail::gzip_compressor gz;
    std::string zeros(1 << 20, '\0');
    for (int i = 0; i < 64; ++i)
        REQUIRE(gz.compress(zeros.data(), zeros.size(), i == 63, [&](const char* d, std::size_t n) {
            bomb.append(d, n);
            return true;
        }));
    REQUIRE(bomb.size() < 65536);
    RawResponse r = round_trip(s.port(), "POST /api/admin/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: gzip\r\n"
                                       "Content-Length: " + std::to_string(bomb.size()) + "\r\n\r\n" + bomb);
    check_error(r, 415, "unsupported_encoding", "Content-Encoding is not accepted; send the body uncompressed");
    CHECK(s.alive());
}

TEST_CASE("a POST without Content-Length is refused instead of read until the client closes", "[hardening][httplib]") {
    SampleServer s;
    RawConnection c(s.port());
    c.send("POST /api/admin/reload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nand the body goes on and on");
    RawResponse r = parse_response(c.read_to_close(5));
    check_error(r, 411, "length_required", "a POST request needs a Content-Length (0 for an empty body)");
    CHECK(c.seconds() < 3);
}

TEST_CASE("a client-sent REMOTE_ADDR cannot pose as the peer address (CVE-2025-66570)", "[hardening][httplib]") {
    SampleServer s;
    for (const char* name : {"REMOTE_ADDR", "remote_addr", "REMOTE_PORT", "LOCAL_ADDR", "LOCAL_PORT"}) {
        INFO(name);
        RawResponse r = round_trip(s.port(), get("/api/stats", std::string(name) + ": 10.0.0.1\r\n"));
        std::string upper = name;
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        check_error(r, 400, "bad_header", "the " + upper + " header is reserved for the server");
    }
}

TEST_CASE("several byte ranges are refused instead of multiplying a file", "[hardening][httplib]") {
    SampleServer s;
    std::string ranges = "bytes=0-";
    for (int i = 0; i < 500; ++i) ranges += ",0-";
    RawResponse r = round_trip(s.port(), get("/index.html", "Range: " + ranges + "\r\n"));
    check_error(r, 416, "range_not_satisfiable", "only a single byte range is served");
    CHECK(r.header("Content-Type") == "application/json; charset=utf-8");
    // httplib parses the Range header with std::regex before any of our code runs: the longest
    // header line we let through must not exhaust a worker's stack.
    std::string longest = "bytes=0-0";
    while (longest.size() < 8150) longest += ",0-0";
    check_error(round_trip(s.port(), get("/index.html", "Range: " + longest + "\r\n")), 416, "range_not_satisfiable",
                "only a single byte range is served");
    // One range is still served, as a slice of the file.
    RawResponse one = round_trip(s.port(), get("/index.html", "Range: bytes=0-14\r\n"));
    CHECK(one.status == 206);
    CHECK(one.body == read_file(source_dir() / "web/index.html").substr(0, 15));
}

TEST_CASE("an exception escaping a handler never reaches a response header (CVE-2026-28434)", "[hardening][httplib]") {
    // In process: a route that throws outside HttpApi's error boundary, which
    // only a handler registered beside the API can do.
    TempDir tmp;
    citesearch::ServerConfig config;
    config.databases = {{(tmp / "db").string(), 0}};
    config.web_root = (source_dir() / "web").string();
    config.access_log = false;
    citesearch::SearcherOptions options;
    options.shards = {citesearch::parse_shard(config.databases.front().location, std::chrono::seconds(10))};
    citesearch::SearcherPool searchers(options);
    citesearch::HttpApi api(searchers, config);
    citesearch::GuardedServer server({});
    server.Get("/throws", [](const httplib::Request&, httplib::Response&) -> void {
        throw std::runtime_error("secret: /etc/citesearch/admin-token");
    });
    server.Get("/throws-while-streaming", [](const httplib::Request&, httplib::Response& res) {
        res.set_chunked_content_provider("text/plain", [](std::size_t offset, httplib::DataSink& sink) -> bool {
            if (offset > 0) throw std::runtime_error("secret: while streaming");
            sink.write("first chunk", 11);
            return true;
        });
    });
    api.install(server);
    int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    std::thread listening([&] { server.listen_after_bind(); });

    RawResponse r = round_trip(port, get("/throws"));
    check_error(r, 500, "internal", "internal error; the cause is in the server log");
    CHECK(r.headers.count("EXCEPTION_WHAT") == 0);
    CHECK(r.body.find("secret") == std::string::npos);

    // Mid-response, the connection is closed (the client sees a cut chunked body), and the server goes on.
    RawConnection c(port);
    c.send(get("/throws-while-streaming"));
    std::string cut = c.read_to_close(5);
    CHECK(c.closed());
    CHECK(cut.find("first chunk") != std::string::npos);
    CHECK(cut.find("secret") == std::string::npos);
    CHECK(cut.find("\r\n0\r\n\r\n") == std::string::npos);  // never a complete chunked body
    CHECK(http_get(port, "/api/openapi.json").status == 200);

    server.stop();
    listening.join();
}

// ------------------------------------------------------------ sizes and time

TEST_CASE("oversized requests are cut off while they arrive with 414, 431 and 413", "[hardening][limits]") {
    SampleServer s;
    check_error(round_trip(s.port(), get("/api/search?q=" + std::string(100000, 'a'))), 414, "uri_too_long",
                "the request line is longer than 8192 bytes");
    check_error(round_trip(s.port(), get("/api/search?q=" + std::string(8200, 'a'))), 414, "uri_too_long",
                "the request line is longer than 8192 bytes");
    check_error(round_trip(s.port(), get("/", "X-Long: " + std::string(9000, 'a') + "\r\n")), 431, "header_too_large",
                "a header line is longer than 8192 bytes");
    std::string many;
    for (int i = 0; i < 1000; ++i) many += "X-Header-" + std::to_string(i) + ": some value\r\n";
    check_error(round_trip(s.port(), get("/", many)), 431, "header_too_large", "the request headers are longer than 16384 bytes in all");
    // A header line that never ends costs the server at most the budget, not memory without bound (CVE-2025-53628).
    RawConnection endless(s.port());
    endless.send("GET / HTTP/1.1\r\nX-Endless: ");
    for (int i = 0; i < 64 && endless.send(std::string(65536, 'a')); ++i) {
    }
    check_error(parse_response(endless.read_to_close(5)), 431, "header_too_large", "a header line is longer than 8192 bytes");
    check_error(round_trip(s.port(), "POST /api/admin/sync HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n"), 413,
                "payload_too_large", "the request body is 1000000000 bytes; the limit is 65536");
    check_error(round_trip(s.port(), get("/" + std::string(2000, 'a'))), 414, "uri_too_long", "the path is longer than 1024 bytes");
    CHECK(s.alive());
}

TEST_CASE("a client that trickles its request is dropped after 10 s, and so is a silent one", "[hardening][limits][slow]") {
    SampleServer s;
    RawConnection silent(s.port());
    RawConnection trickle(s.port());
    REQUIRE(silent.connected());
    REQUIRE(trickle.connected());
    const std::string request = get("/api/stats", "X-Padding: " + std::string(100, 'p') + "\r\n");
    // One byte every 250 ms: each recv() succeeds long before a per-read timeout would fire.
    for (std::size_t i = 0; i < request.size() && trickle.send(request.substr(i, 1)); ++i) {
        if (trickle.readable(250)) break;
    }
    RawResponse r = parse_response(trickle.read_to_close(5));
    check_error(r, 408, "request_timeout", "the request did not arrive in full within 10 s");
    check_security_headers(r);
    CHECK(trickle.closed());
    CHECK(trickle.seconds() > 9.5);
    CHECK(trickle.seconds() < 13);
    // The silent connection was closed at the same deadline, without an answer.
    CHECK(silent.read_to_close(3).empty());
    CHECK(silent.closed());
    CHECK(silent.seconds() < 14);
    CHECK(s.alive());
}

TEST_CASE("slow clients cannot starve the pool: a full queue answers 503 at once", "[hardening][limits][slow]") {
    SampleServer s({"--threads", "2", "--max-queued-connections", "2", "--request-timeout", "5"});
    // Two slow clients hold both workers, two more wait in the queue.
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 4; ++i) {
        slow.push_back(std::make_unique<RawConnection>(s.port()));
        REQUIRE(slow.back()->send("GET /api/stats HTTP/1.1\r\n"));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    RawConnection extra(s.port());
    extra.send(get("/healthz"));
    RawResponse r = parse_response(extra.read_to_close(3));
    check_error(r, 503, "overloaded",
                "the server is busy: every worker is in use and the queue of waiting connections is full (2 workers, 2 queued); "
                "try again shortly");
    CHECK(r.header("Retry-After") == "1");
    check_security_headers(r);
    CHECK(extra.seconds() < 2);
    // Once the slow clients are gone (or timed out), the server answers again.
    slow.clear();
    bool recovered = false;
    for (int i = 0; i < 100 && !recovered; ++i) {
        recovered = http_get(s.port(), "/healthz").status == 200;
        if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(recovered);
}

TEST_CASE("an idle keep-alive connection gives its worker up to a waiting one", "[hardening][limits]") {
    SampleServer s({"--threads", "1"});
    RawConnection idle(s.port());
    idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(idle.readable(5000));  // answered; the connection stays open, holding the only worker
    auto start = Clock::now();
    RawResponse r = round_trip(s.port(), get("/healthz"), 10);
    CHECK(r.status == 200);
    CHECK(std::chrono::duration<double>(Clock::now() - start).count() < 2.0);  // not the 5 s keep-alive wait
    CHECK(idle.read_to_close(2).find("HTTP/1.1 200") == 0);
    CHECK(idle.closed());
}

TEST_CASE("pipelined requests on one connection are answered in order", "[hardening][limits]") {
    SampleServer s;
    RawConnection c(s.port());
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string both = c.read_to_close(5);
    std::size_t second = both.find("HTTP/1.1 200", 1);
    REQUIRE(second != std::string::npos);
    CHECK(parse_response(both).body.find("\"status\":\"ok\"") != std::string::npos);
    CHECK(parse_response(both.substr(second)).body.find("\"sources\"") != std::string::npos);
}

// ------------------------------------------------------------ methods, static files, headers

TEST_CASE("only GET and HEAD reach the public API", "[hardening][methods]") {
    SampleServer s;
    for (const char* method : {"PUT", "PATCH", "DELETE", "OPTIONS"}) {
        INFO(method);
        RawResponse r = round_trip(s.port(), std::string(method) + " /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        check_error(r, 405, "method_not_allowed", std::string(method) + " is not allowed; use GET or HEAD");
        CHECK(r.header("Allow") == "GET, HEAD");
    }
    check_error(round_trip(s.port(), "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"), 405,
                "method_not_allowed", "POST is not allowed; use GET or HEAD");
    // A GET with a body would leave the body to be read as the next request.
    const std::string smuggled = "GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n";
    check_error(round_trip(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(smuggled.size()) +
                                       "\r\n\r\n" + smuggled),
                400, "bad_request", "a GET request may not have a body");
    check_error(round_trip(s.port(), "BREW /api/search HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "bad_request",
                "the request is not valid HTTP/1.1");
    RawResponse head = round_trip(s.port(), "HEAD /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(head.status == 200);
}

TEST_CASE("only files under the web root are served, with their content types", "[hardening][static]") {
    TempDir tmp;
    REQUIRE(index_paths(tmp / "db", {source_dir() / "data/seed"}).exit_code == 0);
    write_file(tmp / "web/index.html", "<!doctype html><title>t</title>");
    write_file(tmp / "web/app.js", "export const a = 1;\n");
    write_file(tmp / "web/style.css", "body { color: black; }\n");
    write_file(tmp / "web/icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    write_file(tmp / "web/data.json", "{}");
    write_file(tmp / "web/blob.bin", "\x01\x02");
    write_file(tmp / "web/sub/page.html", "<p>sub</p>");
    write_file(tmp / "secret.txt", "SECRET outside the web root");
    fs::create_symlink(tmp / "secret.txt", tmp / "web/leak.txt");
    fs::create_directory_symlink(tmp.path(), tmp / "web/outside");
    ServerProcess server(tmp / "db", {"--web-root", (tmp / "web").string()});
    int port = server.port();

    struct Served {
        std::string path, type;
    };
    for (const Served& f : std::vector<Served>{{"/", "text/html; charset=utf-8"},
                                               {"/index.html", "text/html; charset=utf-8"},
                                               {"/app.js", "text/javascript; charset=utf-8"},
                                               {"/style.css", "text/css; charset=utf-8"},
                                               {"/icon.svg", "image/svg+xml"},
                                               {"/data.json", "application/json"},
                                               {"/blob.bin", "application/octet-stream"},
                                               {"/sub/page.html", "text/html; charset=utf-8"}}) {
        INFO(f.path);
        RawResponse r = round_trip(port, get(f.path));
        CHECK(r.status == 200);
        CHECK(r.header("Content-Type") == f.type);
        check_security_headers(r);
    }
    struct Refused {
        std::string target;
        int status;
        std::string message;
    };
    for (const Refused& f : std::vector<Refused>{
             {"/../secret.txt", 404, "no such file"},
             {"/%2e%2e%2fsecret.txt", 404, "no such file"},
             {"/%2E%2E/%2E%2E/%2E%2E/etc/passwd", 404, "no such file"},
             {"/sub/..%2f..%2fsecret.txt", 404, "no such file"},
             {"//etc/passwd", 404, "no such file: //etc/passwd"},
             {"/%2fetc%2fpasswd", 404, "no such file: //etc/passwd"},
             {"/leak.txt", 404, "no such file: /leak.txt"},
             {"/outside/secret.txt", 404, "no such file: /outside/secret.txt"},
             {"/sub/", 404, "no such file: /sub/"},
             {"/sub", 404, "no such file: /sub"},
             {"/index.html%00.png", 400, "the path holds a NUL byte or a backslash"},
             {"/..%5csecret.txt", 400, "the path holds a NUL byte or a backslash"},
         }) {
        INFO(f.target);
        RawResponse r = round_trip(port, get(f.target));
        check_error(r, f.status, f.status == 400 ? "bad_path" : "not_found", f.message);
        CHECK(r.body.find("SECRET") == std::string::npos);
    }
    // An absolute-form target names no file of ours either.
    check_error(round_trip(port, get("http://127.0.0.1/etc/passwd")), 404, "not_found", "no such resource");
}

TEST_CASE("security headers are on every response, CORS only when configured", "[hardening][headers]") {
    SampleServer s;
    for (const char* target : {"/api/search?q=liver", "/api/records/0000000000000000", "/index.html", "/nothing.txt"}) {
        INFO(target);
        RawResponse r = round_trip(s.port(), get(target, "Origin: https://elsewhere.example\r\n"));
        check_security_headers(r);
        CHECK(r.headers.count("Access-Control-Allow-Origin") == 0);
    }
    check_security_headers(round_trip(s.port(), "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
    check_security_headers(round_trip(s.port(), "NONSENSE\r\n\r\n"));
    check_security_headers(round_trip(s.port(), get("/" + std::string(9000, 'a'))));

    SampleServer cors({}, {{"cors_origins", json::array({"https://allowed.example"})}});
    RawResponse allowed = round_trip(cors.port(), get("/api/stats", "Origin: https://allowed.example\r\n"));
    CHECK(allowed.header("Access-Control-Allow-Origin") == "https://allowed.example");
    CHECK(allowed.header("Vary") == "Origin");
    RawResponse other = round_trip(cors.port(), get("/api/stats", "Origin: https://elsewhere.example\r\n"));
    CHECK(other.status == 200);
    CHECK(other.headers.count("Access-Control-Allow-Origin") == 0);
}

// ------------------------------------------------------------ hostile queries

TEST_CASE("hostile queries get a clear 400 or a bounded answer", "[hardening][queries]") {
    SampleServer s;
    struct Case {
        std::string query_string;
        int status;
        std::string message;  // the error message, or a note in "understood" for a 200
    };
    std::string terms_10000, terms_2000, nested_1000;
    for (int i = 0; i < 10000; ++i) terms_10000 += "w" + std::to_string(i % 10) + "+";
    for (int i = 0; i < 2000; ++i) terms_2000 += "x+";
    nested_1000 = std::string(1000, '(') + "liver" + std::string(1000, ')');
    const std::vector<Case> cases = {
        {"q=" + std::string(100000, 'a'), 414, "the request line is longer than 8192 bytes"},
        {"q=" + std::string(5000, 'a'), 400, "q is 5000 bytes; the limit is 4096"},
        {"q=" + terms_10000, 414, "the request line is longer than 8192 bytes"},
        {"q=" + terms_2000, 200, "terms after the first 1024 ignored"},
        {"strict=true&q=" + terms_2000, 400, "more than 1024 terms at 2048"},
        {"q=" + url_encode(nested_1000), 200, "parentheses nested deeper than 64 ignored"},
        {"strict=true&q=" + url_encode(nested_1000), 400, "parentheses nested deeper than 64 at 64"},
        {"q=liver&size=1000000", 400, "size must be an integer from 1 to 100, got \"1000000\""},
        {"q=liver&page=999999999", 400, "page must be an integer from 1 to 10000, got \"999999999\""},
        {"q=liver%FF%FEcancer", 400, "q is not valid UTF-8 text (or holds a NUL byte)"},
        {"q=%C0%AF", 400, "q is not valid UTF-8 text (or holds a NUL byte)"},
        {"q=liver%00cancer", 400, "q is not valid UTF-8 text (or holds a NUL byte)"},
        {"q=liver&author=%00", 400, "author is not valid UTF-8 text (or holds a NUL byte)"},
    };
    for (const Case& c : cases) {
        INFO(c.query_string.substr(0, 80));
        auto start = Clock::now();
        RawResponse r = round_trip(s.port(), get("/api/search?" + c.query_string), 30);
        CHECK(std::chrono::duration<double>(Clock::now() - start).count() < 10);
        REQUIRE(r.status == c.status);
        json body = json::parse(r.body);
        if (c.status == 200) {
            CHECK_THAT(body["understood"].get<std::string>(), Catch::Contains(c.message));
            CHECK(body["hits"].size() <= 10);
        } else {
            CHECK(body["error"]["message"] == c.message);
        }
    }
    CHECK(s.alive());
}

TEST_CASE("wildcards over a large vocabulary are bounded in number and expansion", "[hardening][queries]") {
    // 2,000 records of 40 random words starting with "a": some 80,000 distinct "a" terms.
    TempDir tmp;
    std::string ris;
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u; };
    for (int i = 0; i < 2000; ++i) {
        ris += "TY  - JOUR\nTI  - Vocabulary record " + std::to_string(i) + "\nAB  -";
        for (int w = 0; w < 40; ++w) {
            ris += " a";
            for (int k = 0; k < 7; ++k) ris += static_cast<char>('a' + (next() >> 16) % 26);
        }
        ris += "\nPY  - 2020\nER  - \n\n";
    }
    write_file(tmp / "in/vocabulary.ris", ris);
    REQUIRE(index_paths(tmp / "db", {tmp / "in"}).exit_code == 0);
    ServerProcess server(tmp / "db");

    auto timed = [&](const std::string& query_string, double& seconds) {
        auto start = Clock::now();
        RawResponse r = round_trip(server.port(), get("/api/search?" + query_string), 60);
        seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return r;
    };
    double one = 0, many = 0;
    RawResponse r = timed("q=a*", one);
    REQUIRE(r.status == 200);
    // Expanded to the 200 most frequent "a" terms only (QueryOptions::max_wildcard_expansion).
    CHECK(json::parse(r.body)["total"] > 0);
    CHECK(json::parse(r.body)["total"] < 2000);

    std::string hundreds;
    for (int i = 0; i < 1000; ++i) hundreds += "a*+";
    r = timed("q=" + hundreds, many);
    REQUIRE(r.status == 200);
    CHECK_THAT(json::parse(r.body)["understood"].get<std::string>(), Catch::Contains("wildcards after the first 8 ignored"));
    // Eight expansions at most: without the cap, 1,000 of them held a worker for minutes.
    INFO("one wildcard " << one << " s, a thousand " << many << " s");
    CHECK(many < 8 * one + 5);
    r = timed("strict=true&q=" + hundreds, many);
    check_error(r, 400, "bad_query", "more than 8 wildcards at 24");

    // The parser's own bound, without the server.
    citesearch::ParsedQuery p = citesearch::parse_query("a* b* c* d* e* f* g* h* i* j*");
    CHECK_THAT(p.understood, Catch::Contains("wildcards after the first 8 ignored"));
}

TEST_CASE("a query over its time limit answers with what it found and timed_out", "[hardening][queries]") {
    SampleServer s({"--query-time-limit", "0.000001"});
    RawResponse r = round_trip(s.port(), get("/api/search?q=liver&facets=year,journal,author,keyword"));
    REQUIRE(r.status == 200);
    json body = json::parse(r.body);
    CHECK(body["timed_out"] == true);
    CHECK(body["hits"].size() > 0);
    SampleServer unlimited({"--query-time-limit", "0"});
    CHECK(json::parse(round_trip(unlimited.port(), get("/api/search?q=liver&facets=year")).body)["timed_out"] == false);
}

// ------------------------------------------------------------ admin endpoints

TEST_CASE("admin endpoints need the bearer token and do not exist without one", "[hardening][admin]") {
    auto post = [](int port, const std::string& path, const std::string& authorization) {
        return round_trip(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n" + authorization + "Connection: close\r\n\r\n");
    };
    SampleServer off;
    check_error(post(off.port(), "/api/admin/reload", ""), 404, "not_found", "no API endpoint /api/admin/reload");
    check_error(post(off.port(), "/api/admin/reload", std::string("Authorization: Bearer ") + kAdminToken + "\r\n"), 404,
                "not_found", "no API endpoint /api/admin/reload");

    SampleServer on({}, {{"admin_token", kAdminToken}});
    const std::string needs = "this endpoint needs the admin bearer token (Authorization: Bearer ...)";
    for (const std::string& auth :
         {std::string(), std::string("Authorization: Bearer wrong-token-0123456789abc\r\n"),
          std::string("Authorization: Bearer ") + std::string(kAdminToken).substr(0, 20) + "\r\n",
          std::string("Authorization: Bearer ") + kAdminToken + "x\r\n", std::string("Authorization: Basic ") + kAdminToken + "\r\n",
          std::string("Authorization: ") + kAdminToken + "\r\n"}) {
        INFO(auth);
        RawResponse r = post(on.port(), "/api/admin/reload", auth);
        check_error(r, 401, "unauthorized", needs);
        CHECK(r.header("WWW-Authenticate") == "Bearer realm=\"citesearch admin\"");
    }
    RawResponse ok = post(on.port(), "/api/admin/reload", std::string("Authorization: Bearer ") + kAdminToken + "\r\n");
    CHECK(ok.status == 200);
    CHECK(json::parse(ok.body)["reloaded"] == true);
    check_error(round_trip(on.port(), get("/api/admin/status")), 401, "unauthorized", needs);
    // A state change needs POST, with a Content-Length, even with the token.
    check_error(round_trip(on.port(), "POST /api/admin/reload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + std::string(kAdminToken) +
                                        "\r\n\r\n"),
                411, "length_required", "a POST request needs a Content-Length (0 for an empty body)");
    // The token is never logged.
    CHECK(on.server->log().find(kAdminToken) == std::string::npos);
    CHECK_THAT(on.server->log(), Catch::Contains("POST /api/admin/reload 401"));
}
