#include "guarded_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <iostream>

#include "api_json.h"

namespace citesearch {
namespace {

using Clock = std::chrono::steady_clock;

// What ended the reading or writing of a request early.
enum class Failure { none, timeout, request_line_too_long, header_line_too_long, headers_too_large, body_too_large, write };

struct Budget {
    std::size_t request_line, header_line, headers, body;
    Clock::duration read_timeout;      // one recv()
    Clock::duration write_timeout;     // one send()
    Clock::duration response_timeout;  // a whole response
};

int millis_until(Clock::time_point t, Clock::duration cap) {
    auto left = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()) + std::chrono::milliseconds(1),
                         std::chrono::duration_cast<std::chrono::milliseconds>(cap));
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

bool wait_for(socket_t fd, short events, int timeout_ms) {
    pollfd p{fd, events, 0};
    while (true) {
        int r = ::poll(&p, 1, timeout_ms);
        if (r >= 0) return r > 0;
        if (errno != EINTR) return false;
    }
}

std::string address_of(const sockaddr_storage& addr, int& port) {
    char text[INET6_ADDRSTRLEN] = "";
    if (addr.ss_family == AF_INET) {
        const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
        inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
        port = ntohs(a.sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
        inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
        port = ntohs(a.sin6_port);
    }
    return text;
}

// One connection's bytes, as httplib reads and writes them. httplib reads a
// request's line and headers one byte at a time, then the body in blocks;
// this stream counts each against its budget as it hands it over, and fails
// (read() returns -1) when a budget or the request's deadline runs out.
// After a failure every write fails too, so httplib's own error response is
// dropped and the connection loop answers with the precise one.
class GuardedStream final : public httplib::Stream {
public:
    GuardedStream(socket_t fd, const Budget& budget) : fd_(fd), budget_(budget) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) remote_ip_ = address_of(addr, remote_port_);
        len = sizeof addr;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) local_ip_ = address_of(addr, local_port_);
    }

    // Starts the next request: budgets afresh, and its deadline.
    void begin_request(Clock::time_point deadline) {
        deadline_ = deadline;
        phase_ = Phase::request_line;
        line_bytes_ = header_bytes_ = body_bytes_ = 0;
        received_ = pos_ < len_;  // pipelined bytes already buffered
        last_ = 0;
        writing_ = false;
        response_head_.clear();
        response_head_done_ = false;
        response_says_close_ = false;
    }

    // Waits up to `max` for the next request's first byte, polling `give_up`
    // every 100 ms once `grace` has passed. False when none came (or
    // give_up() said so). The grace keeps a busy client's connection: one
    // that sends its next request right after an answer would otherwise be
    // closed under it whenever another connection waits, and a client that
    // does not retry sees its request fail.
    bool wait_for_request(Clock::duration max, Clock::duration grace, const std::function<bool()>& give_up) {
        auto start = Clock::now();
        auto until = start + max;
        while (pos_ == len_) {
            auto now = Clock::now();
            if (now >= until || (now - start >= grace && give_up())) return false;
            if (wait_for(fd_, POLLIN, millis_until(until, std::chrono::milliseconds(100)))) return true;
        }
        return true;
    }

    // Unread input, buffered or waiting in the socket: closing now would reset the connection.
    bool has_unread_input() const { return pos_ < len_ || wait_for(fd_, POLLIN, 0); }

    Failure failure() const { return failure_; }
    bool received_any() const { return received_; }
    bool response_says_close() const { return response_says_close_; }

    bool is_readable() const override {
        return failure_ == Failure::none && (pos_ < len_ || wait_for(fd_, POLLIN, millis_until(deadline_, budget_.read_timeout)));
    }

    bool is_writable() const override {
        return failure_ == Failure::none && wait_for(fd_, POLLOUT, millis_until(Clock::now() + budget_.write_timeout, budget_.write_timeout));
    }

    ssize_t read(char* ptr, size_t size) override {
        if (failure_ != Failure::none) return -1;
        if (pos_ == len_) {
            ssize_t n = fill();
            if (n <= 0) return n;
        }
        std::size_t n = std::min(size, len_ - pos_);
        if (phase_ != Phase::body) {
            // Hand over the line and headers byte by byte up to the blank line
            // that ends them, counting each against its budget.
            std::size_t i = 0;
            while (i < n) {
                char c = buf_[pos_ + i++];
                ++line_bytes_;
                if (phase_ == Phase::request_line && line_bytes_ > budget_.request_line) return fail(Failure::request_line_too_long);
                if (phase_ == Phase::headers && line_bytes_ > budget_.header_line) return fail(Failure::header_line_too_long);
                if (phase_ == Phase::headers && ++header_bytes_ > budget_.headers) return fail(Failure::headers_too_large);
                if (c == '\n') {
                    // A line of just CRLF ends the headers (a bare LF line is skipped by httplib).
                    bool blank = line_bytes_ == 2 && last_ == '\r';
                    if (phase_ == Phase::request_line) phase_ = Phase::headers;
                    else if (blank) phase_ = Phase::body;
                    line_bytes_ = 0;
                }
                last_ = c;
                if (phase_ == Phase::body) break;
            }
            n = i;
        } else if ((body_bytes_ += n) > budget_.body) {
            return fail(Failure::body_too_large);
        }
        std::memcpy(ptr, buf_ + pos_, n);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (failure_ != Failure::none) return -1;
        if (!writing_) {
            writing_ = true;
            response_deadline_ = Clock::now() + budget_.response_timeout;
        }
        note_response_head(ptr, size);
        std::size_t sent = 0;
        while (sent < size) {
            if (Clock::now() >= response_deadline_ ||
                !wait_for(fd_, POLLOUT, millis_until(response_deadline_, budget_.write_timeout))) {
                failure_ = Failure::write;
                return -1;
            }
            ssize_t n = ::send(fd_, ptr + sent, size - sent, MSG_NOSIGNAL);
            if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
            if (n <= 0) {
                failure_ = Failure::write;
                return -1;
            }
            sent += static_cast<std::size_t>(n);
        }
        return static_cast<ssize_t>(size);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = remote_ip_;
        port = remote_port_;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = local_ip_;
        port = local_port_;
    }
    socket_t socket() const override { return fd_; }

private:
    enum class Phase { request_line, headers, body };

    ssize_t fail(Failure f) {
        failure_ = f;
        return -1;
    }

    // Refills the buffer: 0 at the end of input, -1 on error or when the
    // request's deadline (or one recv's timeout) passes.
    ssize_t fill() {
        if (Clock::now() >= deadline_ || !wait_for(fd_, POLLIN, millis_until(deadline_, budget_.read_timeout)))
            return fail(Failure::timeout);
        while (true) {
            ssize_t n = ::recv(fd_, buf_, sizeof buf_, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return n < 0 ? -1 : 0;
            pos_ = 0;
            len_ = static_cast<std::size_t>(n);
            received_ = true;
            return n;
        }
    }

    // Keeps the response's status line and headers (httplib writes them in
    // one piece) to see whether they say "Connection: close".
    void note_response_head(const char* ptr, std::size_t size) {
        if (response_head_done_) return;
        response_head_.append(ptr, std::min<std::size_t>(size, 65536 - std::min<std::size_t>(response_head_.size(), 65536)));
        std::size_t end = response_head_.find("\r\n\r\n");
        if (end == std::string::npos && response_head_.size() < 65536) return;
        response_head_done_ = true;
        std::string head = response_head_.substr(0, end == std::string::npos ? response_head_.size() : end + 2);
        std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        response_says_close_ = head.find("\r\nconnection: close\r\n") != std::string::npos;
    }

    const socket_t fd_;
    const Budget budget_;
    std::string remote_ip_, local_ip_;
    int remote_port_ = -1, local_port_ = -1;

    char buf_[4096];
    std::size_t pos_ = 0, len_ = 0;  // unread bytes are buf_[pos_, len_)

    Clock::time_point deadline_{};
    Phase phase_ = Phase::request_line;
    std::size_t line_bytes_ = 0, header_bytes_ = 0, body_bytes_ = 0;
    char last_ = 0;
    bool received_ = false;
    Failure failure_ = Failure::none;

    bool writing_ = false;
    Clock::time_point response_deadline_{};
    std::string response_head_;
    bool response_head_done_ = false;
    bool response_says_close_ = false;
};

// A complete response written straight to the socket (the stream has failed,
// or the connection was never handed to httplib): JSON error body, security
// headers, Connection: close. Waits at most `timeout_ms` for the socket.
void send_error_response(socket_t fd, int status, const char* reason, const std::string& code, const std::string& message,
                         int timeout_ms, const char* extra_header = "") {
    std::string body = error_json(code, message).dump();
    std::string text = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                       "\r\n"
                       "Content-Type: application/json; charset=utf-8\r\n"
                       "Content-Length: " +
                       std::to_string(body.size()) +
                       "\r\n"
                       "Connection: close\r\n"
                       "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
                       "X-Content-Type-Options: nosniff\r\n"
                       "Referrer-Policy: no-referrer\r\n" +
                       extra_header + "\r\n" + body;
    std::size_t sent = 0;
    auto until = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (sent < text.size()) {
        ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) && Clock::now() < until) {
            wait_for(fd, POLLOUT, millis_until(until, std::chrono::milliseconds(timeout_ms)));
        } else {
            return;
        }
    }
}

// Closes a connection. With input still unread, close() alone would send a
// reset that can destroy the response on its way, so first say we are done
// (FIN) and discard what the client still sends, for at most `linger_ms`
// and 256 KiB.
void close_connection(socket_t fd, bool unread_input, int linger_ms) {
    if (unread_input) {
        ::shutdown(fd, SHUT_WR);
        char sink[4096];
        std::size_t drained = 0;
        auto until = Clock::now() + std::chrono::milliseconds(linger_ms);
        while (drained < 256 * 1024) {
            ssize_t n = ::recv(fd, sink, sizeof sink, MSG_DONTWAIT);
            if (n > 0) {
                drained += static_cast<std::size_t>(n);
                continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || Clock::now() >= until) break;
            wait_for(fd, POLLIN, millis_until(until, std::chrono::milliseconds(linger_ms)));
        }
    }
    ::close(fd);
}

// "10 s", "2.5 s"
std::string seconds_text(std::chrono::milliseconds d) {
    std::string s = std::to_string(d.count() / 1000);
    if (d.count() % 1000 != 0) {
        std::string frac = std::to_string(1000 + d.count() % 1000).substr(1);
        while (frac.back() == '0') frac.pop_back();
        s += "." + frac;
    }
    return s + " s";
}

void answer_failure(socket_t fd, Failure f, const GuardedServerOptions& o, std::size_t max_body) {
    constexpr int kMs = 1000;
    switch (f) {
        case Failure::timeout:
            return send_error_response(fd, 408, "Request Timeout", "request_timeout",
                                       "the request did not arrive in full within " + seconds_text(o.request_timeout), kMs);
        case Failure::request_line_too_long:
            return send_error_response(fd, 414, "URI Too Long", "uri_too_long",
                                       "the request line is longer than " + std::to_string(o.max_request_line_bytes) + " bytes",
                                       kMs);
        case Failure::header_line_too_long:
            return send_error_response(fd, 431, "Request Header Fields Too Large", "header_too_large",
                                       "a header line is longer than " + std::to_string(o.max_header_line_bytes) + " bytes", kMs);
        case Failure::headers_too_large:
            return send_error_response(fd, 431, "Request Header Fields Too Large", "header_too_large",
                                       "the request headers are longer than " + std::to_string(o.max_header_bytes) +
                                           " bytes in all",
                                       kMs);
        case Failure::body_too_large:
            return send_error_response(fd, 413, "Payload Too Large", "payload_too_large",
                                       "the request body is longer than " + std::to_string(max_body) + " bytes", kMs);
        case Failure::none:
        case Failure::write:
            return;
    }
}

}  // namespace

GuardedServer::GuardedServer(GuardedServerOptions options) : options_(std::move(options)) {
    new_task_queue = [this] {
        auto* queue = new BoundedTaskQueue(options_.workers, options_.max_waiting);
        queue_ = queue;
        return queue;
    };
    // Never let httplib answer an exception itself: it would copy e.what()
    // into an EXCEPTION_WHAT header. HttpApi replaces this with its JSON one.
    set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        std::cerr << "error: " << req.method << " " << req.path.substr(0, 200) << ": exception outside a handler" << std::endl;
        res.status = 500;
        res.set_content(error_json("internal", "internal error; the cause is in the server log").dump(),
                        "application/json; charset=utf-8");
    });
}

int GuardedServer::bind(const std::string& host, int port) {
    int bound = port;
    if (port == 0) bound = bind_to_any_port(host);
    else if (!bind_to_port(host, port)) bound = -1;
    // Listening again on a listening socket only changes its backlog.
    if (bound > 0) ::listen(svr_sock_.load(), options_.listen_backlog);
    return bound > 0 ? bound : -1;
}

bool GuardedServer::others_waiting() const {
    const BoundedTaskQueue* queue = queue_.load();
    return queue != nullptr && queue->waiting() > 0;
}

void GuardedServer::shed(socket_t sock) {
    // On the accept loop's thread: nothing here may block.
    ++shed_;
    send_error_response(sock, 503, "Service Unavailable", "overloaded",
                        "the server is busy: every worker is in use and the queue of waiting connections is full (" +
                            std::to_string(options_.workers) + " workers, " + std::to_string(options_.max_waiting) +
                            " queued); try again shortly",
                        0, "Retry-After: 1\r\n");
    close_connection(sock, true, 0);
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    if (BoundedTaskQueue::shedding()) {
        shed(sock);
        return false;
    }
    const Budget budget{options_.max_request_line_bytes,
                        options_.max_header_line_bytes,
                        options_.max_header_bytes,
                        payload_max_length_,
                        std::chrono::seconds(read_timeout_sec_) + std::chrono::microseconds(read_timeout_usec_),
                        std::chrono::seconds(write_timeout_sec_) + std::chrono::microseconds(write_timeout_usec_),
                        options_.response_timeout};
    GuardedStream stream(sock, budget);
    const auto started = Clock::now();
    bool ok = true;
    for (std::size_t served = 0; served < std::max<std::size_t>(keep_alive_max_count_, 1); ++served) {
        if (served == 0) {
            stream.begin_request(started + options_.request_timeout);  // a silent new connection counts too
        } else {
            auto stop_waiting = [this] { return svr_sock_ == INVALID_SOCKET || others_waiting(); };
            if (!stream.wait_for_request(std::chrono::seconds(keep_alive_timeout_sec_), options_.keep_alive_grace, stop_waiting)) break;
            stream.begin_request(Clock::now() + options_.request_timeout);
        }
        bool last = served + 1 >= keep_alive_max_count_ || others_waiting() || svr_sock_ == INVALID_SOCKET;
        bool client_closes = false;
        try {
            ok = process_request(stream, last, client_closes, nullptr);
        } catch (const std::exception& e) {
            std::cerr << "error: a response failed and its connection was closed: " << e.what() << std::endl;
            ok = false;
        } catch (...) {
            std::cerr << "error: a response failed and its connection was closed: unknown exception" << std::endl;
            ok = false;
        }
        if (stream.failure() != Failure::none) {
            if (stream.received_any()) answer_failure(sock, stream.failure(), options_, payload_max_length_);
            ok = false;
        }
        if (!ok || client_closes || last || stream.response_says_close()) break;
    }
    close_connection(sock, stream.has_unread_input(), 1000);
    return ok;
}

}  // namespace citesearch
