#pragma once
// The fixed limits of the HTTP server, in one place. The configurable ones
// (worker threads, waiting connections, whole-request timeout, query time
// limit) are in ServerConfig. docs/security.md lists both, with why.

#include <cstddef>

namespace citesearch {

// The request line ("GET /path?query HTTP/1.1"): 414 beyond. The same bound
// as cpp-httplib's CPPHTTPLIB_REQUEST_URI_MAX_LENGTH; GuardedServer enforces
// it while the line is still arriving, cpp-httplib only once it is complete.
inline constexpr std::size_t kMaxRequestLineBytes = 8192;
// One header line, and all header lines together: 431 beyond.
inline constexpr std::size_t kMaxHeaderLineBytes = 8192;
inline constexpr std::size_t kMaxHeaderBytes = 16384;
// A request body (only POST /api/admin/... has one): 413 beyond.
inline constexpr std::size_t kMaxBodyBytes = 65536;
// The decoded path, checked before the route table's regular expressions run.
inline constexpr std::size_t kMaxPathBytes = 1024;

// Keep-alive: requests per connection, and seconds a connection may sit idle
// between requests (less when other connections are waiting for a worker).
inline constexpr std::size_t kKeepAliveMaxRequests = 100;
inline constexpr int kKeepAliveIdleSeconds = 5;
// Sending: seconds one send may wait for the client to read, and seconds a
// whole response may take (an export of 10,000 records is ~20 MB).
inline constexpr int kWriteTimeoutSeconds = 10;
inline constexpr int kResponseTimeoutSeconds = 120;

}  // namespace citesearch
