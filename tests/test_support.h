#pragma once
// Helpers for tests that use real things: temporary folders, the real
// citesearch-index and citesearch-server executables, HTTP over loopback.
// Every process started here is stopped by its PID; every wait is bounded.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace citesearch::test {

inline std::filesystem::path shared_data() { return CITESEARCH_SHARED_DATA; }
inline std::filesystem::path source_dir() { return CITESEARCH_SOURCE_DIR; }
inline std::filesystem::path binary_dir() { return CITESEARCH_BINARY_DIR; }
inline std::filesystem::path indexer_exe() { return binary_dir() / "indexer" / "citesearch-index"; }
inline std::filesystem::path server_exe() { return binary_dir() / "server" / "citesearch-server"; }

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

void write_file(const std::filesystem::path& p, const std::string& content);
std::string read_file(const std::filesystem::path& p);

struct RunResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs an executable with arguments and waits (at most `timeout_s`, then kills it).
RunResult run(const std::filesystem::path& exe, const std::vector<std::string>& args, int timeout_s = 300);

// citesearch-index add --db DB PATHS...
RunResult index_paths(const std::filesystem::path& db, const std::vector<std::filesystem::path>& paths);

// The real server on an ephemeral loopback port, stopped (SIGTERM, then
// SIGKILL) by its PID when this object goes away. `config` is its
// configuration file's content; `extra_args` may replace the default
// --threads 4 and --web-root (the repository's web/).
class ServerProcess {
public:
    explicit ServerProcess(const std::filesystem::path& db, std::vector<std::string> extra_args = {},
                           const nlohmann::json& config = nlohmann::json::object());
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    int pid() const { return pid_; }
    std::string log() const;  // what the server printed so far (stdout + stderr)

private:
    int pid_ = -1;
    int port_ = 0;
    std::filesystem::path log_path_;
    TempDir dir_;
};

// Any real executable running in the background, its stdout and stderr in
// files; stopped (SIGTERM, then SIGKILL after 10 s) by its PID when this
// object goes away, unless stop() or kill_now() did it before.
class BackgroundProcess {
public:
    // With `own_group`, the process leads a process group of its own and
    // every signal goes to the group: what it forks (xapian-tcpsrv forks one
    // process per connection) stops with it.
    BackgroundProcess(const std::filesystem::path& exe, const std::vector<std::string>& args, bool own_group = false);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    int pid() const { return pid_ < 0 ? -pid_ : pid_; }
    std::string out() const;
    std::string err() const;
    // Waits (at most `timeout_ms`) until stdout holds `text`.
    bool wait_for_output(const std::string& text, int timeout_ms);
    // True while it has not exited (reaps it when it has).
    bool running();
    // Sends `signal` and waits for the exit (SIGKILL after `timeout_s`); the exit code, 128 + signal when killed.
    int stop(int signal = 15, int timeout_s = 10);
    // Sends `signal` (SIGSTOP, SIGCONT) without waiting.
    void signal(int signal);

private:
    void send(int signal);
    int pid_ = -1;
    int status_ = 0;
    bool own_group_ = false;
    TempDir dir_;
};

struct HttpResult {
    int status = 0;  // 0 when the request failed at the transport level
    std::string body;
    std::multimap<std::string, std::string> headers;
    std::string header(const std::string& name) const;
    nlohmann::json json() const { return nlohmann::json::parse(body); }
};

HttpResult http_get(int port, const std::string& path_and_query);
HttpResult http_request(int port, const std::string& method, const std::string& path, const std::string& body = "");

// Percent-encodes a query parameter value.
std::string url_encode(const std::string& s);

}  // namespace citesearch::test
