#pragma once
// Child processes for the benchmark: the real citesearch-index and
// citesearch-server. Every child is stopped by its PID (SIGTERM, then
// SIGKILL), every wait is bounded. Not thread-safe.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace citesearch::relevance {

class ChildProcess {
public:
    // Starts `exe` with `args`, stdin from /dev/null, stdout and stderr to the
    // given files. Throws std::runtime_error when it cannot be started.
    ChildProcess(const std::filesystem::path& exe, const std::vector<std::string>& args,
                 const std::filesystem::path& out, const std::filesystem::path& err);
    ~ChildProcess();  // stop()
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // The exit code (128 + signal when killed by one), or -1 when it is
    // still running after `timeout` (it is then left running).
    int wait(std::chrono::milliseconds timeout);
    bool running();
    // SIGTERM, up to 5 s, then SIGKILL; idempotent.
    void stop();
    int pid() const { return pid_; }

private:
    int pid_ = -1;
    int status_ = 0;
};

std::string read_text(const std::filesystem::path& file);

}  // namespace citesearch::relevance
