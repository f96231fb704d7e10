#include "drop_watch.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace citesearch {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Owns a file descriptor.
class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

bool readable(int fd, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, timeout_ms) > 0 && (p.revents & POLLIN);
}

// Watches the drop folder and every folder below it that is not ignored.
// Adding a watch twice is harmless (same descriptor), so this runs after each pass
// to pick up new folders.
void watch_folders(int inotify_fd, const fs::path& root) {
    constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY |
                                    IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
    ::inotify_add_watch(inotify_fd, root.c_str(), kMask);
    std::error_code ec;
    auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_directory(ec)) continue;
        if (ignored_name(it->path().filename().string())) {
            it.disable_recursion_pending();
            continue;
        }
        ::inotify_add_watch(inotify_fd, it->path().c_str(), kMask);
    }
}

void drain(int fd) {
    alignas(inotify_event) char buf[16384];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
}

}  // namespace

void watch_drop(IndexWriter& writer, WatchOptions options) {
    auto note = [&](const std::string& text) {
        if (options.on_note) options.on_note(text);
    };
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    Fd signal_fd(::signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK));
    if (signal_fd.get() < 0) throw std::runtime_error(std::string("cannot take signals: ") + std::strerror(errno));
    Fd inotify_fd(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
    if (inotify_fd.get() < 0)
        note(std::string("inotify unavailable (") + std::strerror(errno) + "): scanning every " +
             std::to_string(options.rescan.count() / 1000) + "s");

    options.sync.wait_for_settle = false;
    options.sync.should_stop = [fd = signal_fd.get()] { return readable(fd, 0); };
    SettleTracker tracker(options.sync.settle);
    bool first = true;
    bool dirty = true;
    auto next_scan = Clock::now();
    while (true) {
        if (readable(signal_fd.get(), 0)) return;  // SIGINT or SIGTERM: stop
        auto now = Clock::now();
        auto settle_due = tracker.next_check();
        if (dirty || now >= next_scan || (settle_due && now >= *settle_due)) {
            dirty = false;
            next_scan = now + options.rescan;
            try {
                if (inotify_fd.get() >= 0) watch_folders(inotify_fd.get(), options.sync.drop);
                SyncSummary summary = sync_drop(writer, options.sync, tracker);
                if ((first || !summary.nothing_done()) && options.on_pass) options.on_pass(summary);
                first = false;
                if (summary.stopped) return;
            } catch (const DropMismatch&) {
                throw;
            } catch (const std::exception& e) {
                // An unmounted share or a folder being moved: look again later.
                note(std::string("drop folder not synced: ") + e.what() + "; trying again in " +
                     std::to_string(options.rescan.count() / 1000) + "s");
            }
            continue;
        }
        auto wake = next_scan;
        if (settle_due && *settle_due < wake) wake = *settle_due;
        int timeout_ms =
            static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count()) + 1;
        pollfd fds[2] = {{signal_fd.get(), POLLIN, 0}, {inotify_fd.get(), POLLIN, 0}};
        int n = ::poll(fds, inotify_fd.get() >= 0 ? 2 : 1, timeout_ms);
        if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
        if (fds[0].revents & POLLIN) return;  // SIGINT or SIGTERM: stop
        if (n > 0 && (fds[1].revents & POLLIN)) {
            // Let a burst of events (a file written in many pieces, a folder
            // copied in) settle into one pass.
            auto burst_end = Clock::now() + std::chrono::seconds(1);
            do drain(inotify_fd.get());
            while (Clock::now() < burst_end && readable(inotify_fd.get(), 200));
            dirty = true;
        }
    }
}

}  // namespace citesearch
