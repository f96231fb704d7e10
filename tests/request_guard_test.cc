// The request guard (server/request_guard.h) as a pure function: each rule,
// its status, code and message. tests/hardening_test.cc sends the same
// attacks to the real server over loopback.

#include <catch2/catch.hpp>

#include "request_guard.h"

using citesearch::check_request;
using citesearch::Rejection;

namespace {

// Headers as httplib hands them to the pre-routing handler: the client's,
// plus the four it adds itself.
httplib::Headers with_server_headers(std::initializer_list<std::pair<const std::string, std::string>> client) {
    httplib::Headers h(client);
    h.emplace("REMOTE_ADDR", "127.0.0.1");
    h.emplace("REMOTE_PORT", "50000");
    h.emplace("LOCAL_ADDR", "127.0.0.1");
    h.emplace("LOCAL_PORT", "8080");
    return h;
}

}  // namespace

TEST_CASE("ordinary requests pass the guard", "[guard]") {
    CHECK_FALSE(check_request("GET", "/api/search", with_server_headers({{"Host", "x"}})));
    CHECK_FALSE(check_request("HEAD", "/", with_server_headers({})));
    CHECK_FALSE(check_request("GET", "/index.html", with_server_headers({{"Range", "bytes=0-99"}})));
    CHECK_FALSE(check_request("GET", "/", with_server_headers({{"Content-Length", "0"}})));
    CHECK_FALSE(check_request("POST", "/api/admin/sync", with_server_headers({{"Content-Length", "0"}})));
    CHECK_FALSE(check_request("POST", "/api/admin/sync", with_server_headers({{"Content-Length", "65536"}})));
}

TEST_CASE("each rule of the guard answers its own status, code and message", "[guard]") {
    struct Case {
        std::string method, path;
        httplib::Headers headers;
        int status;
        std::string code, message;
    };
    const std::vector<Case> cases = {
        {"POST", "/api/admin/sync", with_server_headers({{"Transfer-Encoding", "chunked"}}), 411, "length_required",
         "Transfer-Encoding is not accepted; send the body with a Content-Length"},
        {"GET", "/", with_server_headers({{"transfer-encoding", "gzip, chunked"}}), 411, "length_required",
         "Transfer-Encoding is not accepted; send the body with a Content-Length"},
        {"POST", "/api/admin/sync", with_server_headers({{"Content-Encoding", "gzip"}, {"Content-Length", "10"}}), 415,
         "unsupported_encoding", "Content-Encoding is not accepted; send the body uncompressed"},
        {"GET", "/api/stats", with_server_headers({{"REMOTE_ADDR", "10.0.0.1"}}), 400, "bad_header",
         "the REMOTE_ADDR header is reserved for the server"},
        {"GET", "/api/stats", with_server_headers({{"local_port", "1"}}), 400, "bad_header",
         "the LOCAL_PORT header is reserved for the server"},
        {"POST", "/api/admin/sync", with_server_headers({{"Content-Length", "5"}, {"Content-Length", "6"}}), 400, "bad_header",
         "Content-Length may be given only once"},
        {"POST", "/api/admin/sync", with_server_headers({{"Content-Length", "-1"}}), 400, "bad_header",
         "Content-Length must be a decimal number of bytes"},
        {"POST", "/api/admin/sync", with_server_headers({{"Content-Length", "0x10"}}), 400, "bad_header",
         "Content-Length must be a decimal number of bytes"},
        {"POST", "/api/admin/sync", with_server_headers({{"Content-Length", "65537"}}), 413, "payload_too_large",
         "the request body is 65537 bytes; the limit is 65536"},
        {"POST", "/api/admin/sync", with_server_headers({{"Content-Length", "99999999999999999999999"}}), 413, "payload_too_large",
         "the request body is 99999999999999999999 bytes; the limit is 65536"},
        {"PUT", "/api/search", with_server_headers({{"Content-Length", "2"}}), 405, "method_not_allowed",
         "PUT is not allowed; use GET or HEAD"},
        {"DELETE", "/api/records/0000000000000000", with_server_headers({}), 405, "method_not_allowed",
         "DELETE is not allowed; use GET or HEAD"},
        {"OPTIONS", "/api/search", with_server_headers({}), 405, "method_not_allowed", "OPTIONS is not allowed; use GET or HEAD"},
        {"GET", "/api/search", with_server_headers({{"Content-Length", "12"}}), 400, "bad_request",
         "a GET request may not have a body"},
        {"POST", "/api/admin/sync", with_server_headers({}), 411, "length_required",
         "a POST request needs a Content-Length (0 for an empty body)"},
        {"POST", "/api/search", with_server_headers({{"Content-Length", "2"}}), 405, "method_not_allowed",
         "POST is not allowed; use GET or HEAD"},
        {"GET", "/index.html", with_server_headers({{"Range", "bytes=0-,0-,0-"}}), 416, "range_not_satisfiable",
         "only a single byte range is served"},
        {"GET", "/" + std::string(1100, 'a'), with_server_headers({}), 414, "uri_too_long", "the path is longer than 1024 bytes"},
    };
    for (const Case& c : cases) {
        INFO(c.method << " " << c.path.substr(0, 40) << " -> " << c.status << " " << c.message);
        std::optional<Rejection> r = check_request(c.method, c.path, c.headers);
        REQUIRE(r);
        CHECK(r->status == c.status);
        CHECK(r->code == c.code);
        CHECK(r->message == c.message);
    }
}

TEST_CASE("a refused method is told which ones are allowed", "[guard]") {
    std::optional<Rejection> r = check_request("PATCH", "/api/search", with_server_headers({{"Content-Length", "1"}}));
    REQUIRE(r);
    REQUIRE(r->headers.size() == 1);
    CHECK(r->headers[0].first == "Allow");
    CHECK(r->headers[0].second == "GET, HEAD");
}

TEST_CASE("the guard's limits are parameters", "[guard]") {
    citesearch::GuardLimits small{10, 5};
    CHECK(check_request("POST", "/api/admin/x", with_server_headers({{"Content-Length", "11"}}), small)->status == 413);
    CHECK(check_request("GET", "/abcdef", with_server_headers({}), small)->status == 414);
    CHECK_FALSE(check_request("GET", "/abcd", with_server_headers({}), small));
}
