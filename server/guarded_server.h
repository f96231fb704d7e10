#pragma once
// citesearch's HTTP server: cpp-httplib 0.11.4 still parses and routes the
// requests, but every connection is read and written through our own loop
// and stream (an override of httplib's connection task), which is where the
// limits the library lacks are enforced:
//
//  - A whole-request deadline. The request line, headers and body must arrive
//    within `request_timeout` of the connection's start (of the first byte,
//    for later requests on a kept-alive connection), however slowly the client
//    trickles them: httplib's read timeout is per recv(). Late: 408, closed.
//  - Size budgets, counted while the bytes arrive: the request line (414), a
//    header line and all headers together (431), the body (413). httplib's
//    line reader grows a line without bound until it ends (CVE-2025-53628).
//  - Sending: each send waits at most httplib's write timeout, a whole
//    response at most `response_timeout`, against clients that never read.
//  - Keep-alive: at most httplib's keep-alive count of requests, idle waits of
//    its keep-alive timeout, cut short (after `keep_alive_grace`) when other
//    connections are waiting for a worker (httplib ties up a worker for a
//    connection's whole life, so idle keep-alive connections would starve
//    new ones).
//  - A bounded pool: `workers` threads, at most `max_waiting` connections
//    queued; one more gets a 503 at once (BoundedTaskQueue).
//  - A response that says "Connection: close" closes the connection, unread
//    input and all: the request guard's rejections leave bodies unread, which
//    httplib would otherwise parse as the next request.
//  - An exception escaping httplib (from a content provider, say) is logged
//    and closes the connection instead of ending the process; an exception
//    handler is always installed, so httplib never copies exception text into
//    a response header (CVE-2026-28434). HttpApi installs its JSON one.
//  - The listen backlog is raised from httplib's compiled-in 5.
//
// Responses the transport writes itself (408, 413, 414, 431, 503) carry the
// JSON error shape of docs/api.md and the security headers.
//
// The read timeout, write timeout, keep-alive count and timeout and payload
// limit are httplib's own setters (set_read_timeout, ...), read when each
// connection starts; the rest is GuardedServerOptions. Use bind() rather than
// bind_to_port(). Thread-safety as httplib::Server's: configure, then listen.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>

#include <httplib.h>

#include "bounded_task_queue.h"
#include "http_limits.h"

namespace citesearch {

struct GuardedServerOptions {
    std::size_t workers = 16;
    std::size_t max_waiting = 128;  // connections accepted and waiting for a worker
    std::chrono::milliseconds request_timeout{10000};
    // An idle kept-alive connection keeps its worker this long after an
    // answer even when other connections wait (then gives it up).
    std::chrono::milliseconds keep_alive_grace{100};
    std::chrono::milliseconds response_timeout{kResponseTimeoutSeconds * 1000};
    std::size_t max_request_line_bytes = kMaxRequestLineBytes;
    std::size_t max_header_line_bytes = kMaxHeaderLineBytes;
    std::size_t max_header_bytes = kMaxHeaderBytes;
    int listen_backlog = 512;
};

class GuardedServer : public httplib::Server {
public:
    explicit GuardedServer(GuardedServerOptions options);

    // Binds `host`:`port` (0: any free port) with the larger listen backlog.
    // Returns the port, or -1 when it cannot be bound.
    int bind(const std::string& host, int port);

    // Connections answered 503 because the queue was full, since start.
    std::size_t shed_count() const { return shed_.load(); }

private:
    bool process_and_close_socket(socket_t sock) override;
    void shed(socket_t sock);
    bool others_waiting() const;

    const GuardedServerOptions options_;
    std::atomic<BoundedTaskQueue*> queue_{nullptr};  // owned by httplib's listen loop, which outlives every connection
    std::atomic<std::size_t> shed_{0};
};

}  // namespace citesearch
