#include "request_guard.h"

#include <algorithm>
#include <charconv>

namespace citesearch {
namespace {

Rejection reject(int status, std::string code, std::string message) {
    return Rejection{status, std::move(code), std::move(message), {}};
}

// httplib adds one of each itself, after parsing the client's headers.
constexpr const char* kServerHeaders[] = {"REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR", "LOCAL_PORT"};

bool is_body_method(const std::string& method) { return method == "POST"; }

}  // namespace

std::optional<Rejection> check_request(const std::string& method, const std::string& path,
                                       const httplib::Headers& headers, const GuardLimits& limits) {
    if (headers.count("Transfer-Encoding") > 0)
        return reject(411, "length_required", "Transfer-Encoding is not accepted; send the body with a Content-Length");
    if (headers.count("Content-Encoding") > 0)
        return reject(415, "unsupported_encoding", "Content-Encoding is not accepted; send the body uncompressed");
    for (const char* name : kServerHeaders)
        if (headers.count(name) > 1)
            return reject(400, "bad_header", std::string("the ") + name + " header is reserved for the server");

    std::optional<std::size_t> length;
    if (auto [lo, hi] = headers.equal_range("Content-Length"); lo != hi) {
        if (std::next(lo) != hi) return reject(400, "bad_header", "Content-Length may be given only once");
        // Digits only: httplib's strtoull would read "-1" as 2^64 - 1.
        const std::string& v = lo->second;
        if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return reject(400, "bad_header", "Content-Length must be a decimal number of bytes");
        std::size_t n = 0;
        if (std::from_chars(v.data(), v.data() + v.size(), n).ec == std::errc::result_out_of_range || n > limits.max_body_bytes)
            return reject(413, "payload_too_large",
                          "the request body is " + v.substr(0, 20) + " bytes; the limit is " + std::to_string(limits.max_body_bytes));
        length = n;
    }

    if (method != "GET" && method != "HEAD" && !is_body_method(method)) {
        Rejection r = reject(405, "method_not_allowed", method.substr(0, 16) + " is not allowed; use GET or HEAD");
        r.headers.emplace_back("Allow", "GET, HEAD");
        return r;
    }
    if (!is_body_method(method) && length.value_or(0) > 0)
        return reject(400, "bad_request", "a " + method + " request may not have a body");
    if (is_body_method(method) && !length)
        return reject(411, "length_required", "a " + method + " request needs a Content-Length (0 for an empty body)");
    if (is_body_method(method) && !path.starts_with("/api/admin/")) {
        Rejection r = reject(405, "method_not_allowed", method + " is not allowed; use GET or HEAD");
        r.headers.emplace_back("Allow", "GET, HEAD");
        return r;
    }

    if (auto range = headers.find("Range"); range != headers.end() && range->second.find(',') != std::string::npos)
        return reject(416, "range_not_satisfiable", "only a single byte range is served");
    if (path.size() > limits.max_path_bytes)
        return reject(414, "uri_too_long", "the path is longer than " + std::to_string(limits.max_path_bytes) + " bytes");
    return std::nullopt;
}

}  // namespace citesearch
