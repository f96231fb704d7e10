#pragma once
// The first look at every request, after its headers are read and before
// anything else happens to it (cpp-httplib's pre-routing handler, which runs
// before the body is read and before the route table's regular expressions).
// It refuses what cpp-httplib 0.11.4 would mishandle further on:
//
//   Transfer-Encoding (any)           411  chunked bodies skip the payload limit (CVE-2025-46728,
//                                          CVE-2025-53629) and negative chunk sizes (CVE-2026-45352)
//   Content-Encoding (any)            415  a compressed body inflates past the limit (CVE-2026-22776)
//   a client-sent REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR or LOCAL_PORT
//                                     400  would shadow the peer address httplib adds (CVE-2025-66570)
//   Content-Length twice or not a number
//                                     400  request smuggling
//   Content-Length over the body limit
//                                     413  refused before a byte of the body is read
//   a method other than GET, HEAD, POST
//                                     405  the public API is GET/HEAD only
//   GET or HEAD with a body           400  the body would be read as the next request
//   POST without Content-Length       411  httplib would read until the client closes
//   POST outside /api/admin/          405  refused before the body is read
//   a Range with several ranges       416  multipart ranges multiply a static file
//   a path over kMaxPathBytes         414  bounds the route regular expressions' work
//
// Pure (no sockets, no state), so it is unit-tested and fuzzed. Thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

namespace citesearch {

struct Rejection {
    int status = 400;
    std::string code;     // the JSON error code (docs/api.md)
    std::string message;  // for people; never echoes more than a few bytes of the request
    std::vector<std::pair<std::string, std::string>> headers;  // e.g. Allow for 405
};

struct GuardLimits {
    std::size_t max_body_bytes = 65536;
    std::size_t max_path_bytes = 1024;
};

// `headers` as cpp-httplib hands them to the pre-routing handler: the
// client's, plus one REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR and LOCAL_PORT each
// that httplib adds itself (so a second one of these came from the client).
// Returns the first rule the request breaks, in the order listed above.
std::optional<Rejection> check_request(const std::string& method, const std::string& path,
                                       const httplib::Headers& headers, const GuardLimits& limits = {});

}  // namespace citesearch
