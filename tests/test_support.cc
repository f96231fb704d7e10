#include "test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>

extern char** environ;

namespace citesearch::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("citesearch-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void write_file(const fs::path& p, const std::string& content) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

namespace {

pid_t spawn(const fs::path& exe, const std::vector<std::string>& args, const fs::path& out, const fs::path& err,
            bool own_group = false) {
    std::vector<std::string> argv_s{exe.string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    if (own_group) {
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attr, 0);  // a group of its own, numbered by its pid
    }
    pid_t pid = -1;
    int rc = posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + exe.string());
    return pid;
}

}  // namespace

RunResult run(const fs::path& exe, const std::vector<std::string>& args, int timeout_s) {
    TempDir tmp;
    pid_t pid = spawn(exe, args, tmp / "out", tmp / "err");
    RunResult r;
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (true) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    r.out = read_file(tmp / "out");
    r.err = read_file(tmp / "err");
    return r;
}

RunResult index_paths(const fs::path& db, const std::vector<fs::path>& paths) {
    std::vector<std::string> args{"add", "--db", db.string()};
    for (const fs::path& p : paths) args.push_back(p.string());
    return run(indexer_exe(), args);
}

ServerProcess::ServerProcess(const fs::path& db, std::vector<std::string> extra_args, const nlohmann::json& config) {
    log_path_ = dir_ / "server.log";
    std::vector<std::string> args{"--config", (dir_ / "config.json").string(), "--db", db.string(), "--host", "127.0.0.1", "--port", "0"};
    write_file(dir_ / "config.json", config.dump());
    // Defaults that extra_args may replace (a flag given twice is an error).
    auto given = [&](const std::string& flag) { return std::find(extra_args.begin(), extra_args.end(), flag) != extra_args.end(); };
    if (!given("--threads")) args.insert(args.end(), {"--threads", "4"});
    if (!given("--web-root")) args.insert(args.end(), {"--web-root", (source_dir() / "web").string()});
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    pid_ = spawn(server_exe(), args, log_path_, dir_ / "server.err");
    // The start-up line names the port: "listening on http://127.0.0.1:PORT ...". Wait at most 20 s.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::string text = read_file(log_path_);
        std::size_t at = text.find("listening on http://127.0.0.1:");
        if (at != std::string::npos) {
            port_ = std::stoi(text.substr(at + std::string("listening on http://127.0.0.1:").size()));
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("server exited at start: " + read_file(dir_ / "server.err"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("server did not start within 20 s");
}

ServerProcess::~ServerProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 250; ++i) {  // up to 5 s, then SIGKILL
        if (waitpid(pid_, &status, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
}

std::string ServerProcess::log() const { return read_file(log_path_) + read_file(dir_ / "server.err"); }

BackgroundProcess::BackgroundProcess(const fs::path& exe, const std::vector<std::string>& args, bool own_group)
    : own_group_(own_group) {
    pid_ = spawn(exe, args, dir_ / "out", dir_ / "err", own_group);
}

void BackgroundProcess::send(int signal) {
    int pid = this->pid();
    if (own_group_) ::kill(-pid, signal);  // the group it leads, numbered by its pid
    else if (pid_ > 0) ::kill(pid_, signal);
}

void BackgroundProcess::signal(int signal) { send(signal); }

BackgroundProcess::~BackgroundProcess() {
    if (pid_ > 0) stop(SIGTERM, 10);
}

std::string BackgroundProcess::out() const { return read_file(dir_ / "out"); }
std::string BackgroundProcess::err() const { return read_file(dir_ / "err"); }

bool BackgroundProcess::wait_for_output(const std::string& text, int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (out().find(text) != std::string::npos) return true;
        if (!running()) return out().find(text) != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

bool BackgroundProcess::running() {
    if (pid_ <= 0) return false;
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
        pid_ = -pid_;  // reaped; keep the number for messages
        return false;
    }
    return true;
}

int BackgroundProcess::stop(int signal, int timeout_s) {
    if (running()) {
        if (own_group_) send(SIGCONT);  // a stopped group would not act on the signal
        send(signal);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
        while (running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (running()) {
            send(SIGKILL);
            waitpid(pid_, &status_, 0);
            pid_ = -pid_;
        }
    }
    // What the leader forked may outlive it: the group goes too.
    if (own_group_) {
        send(SIGCONT);
        send(signal);
    }
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + (WIFSIGNALED(status_) ? WTERMSIG(status_) : 0);
}

std::string HttpResult::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

HttpResult http_request(int port, const std::string& method, const std::string& path, const std::string& body) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(30, 0);
    httplib::Result res = method == "GET"    ? client.Get(path.c_str())
                          : method == "HEAD" ? client.Head(path.c_str())
                          : method == "POST" ? client.Post(path.c_str(), body, "application/json")
                          : method == "PUT"  ? client.Put(path.c_str(), body, "application/json")
                                             : client.Delete(path.c_str());
    HttpResult r;
    if (!res) return r;
    r.status = res->status;
    r.body = res->body;
    for (const auto& [k, v] : res->headers) r.headers.emplace(k, v);
    return r;
}

HttpResult http_get(int port, const std::string& path_and_query) { return http_request(port, "GET", path_and_query); }

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace citesearch::test
