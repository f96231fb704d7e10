#include "drop_watch.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
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

// Watches the drop folder and every folder below it that is not ignored,
// remembering each watch's folder relative to the root ("" for the root).
// Adding a watch twice is harmless (same descriptor), so this runs after each
// pass to pick up new folders.
void watch_folders(int inotify_fd, const fs::path& root, std::map<int, std::string>& folders) {
    constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY |
                                    IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
    int wd = ::inotify_add_watch(inotify_fd, root.c_str(), kMask);
    if (wd >= 0) folders[wd] = "";
    std::error_code ec;
    auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_directory(ec)) continue;
        if (ignored_name(it->path().filename().string())) {
            it.disable_recursion_pending();
            continue;
        }
        wd = ::inotify_add_watch(inotify_fd, it->path().c_str(), kMask);
        if (wd >= 0) folders[wd] = it->path().lexically_relative(root).generic_string();
    }
}

// Reads the pending events. A file renamed into the folder is complete
// (IN_MOVED_TO: how careful writers publish a file, and how the drop
// folder's docs say to drop one) and is marked so in `tracker`; one written
// in place must settle. True when some event may be part of a file still
// being written (anything but renames and deletions), so the caller lets
// the burst finish before looking.
bool take_events(int fd, const std::map<int, std::string>& folders, SettleTracker& tracker) {
    alignas(inotify_event) char buf[16384];
    bool in_progress = false;
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) {
        for (char* p = buf; p < buf + n;) {
            const auto* e = reinterpret_cast<const inotify_event*>(p);
            p += sizeof(inotify_event) + e->len;
            auto folder = folders.find(e->wd);
            // A partial download or temporary name: ignored until renamed to a real one.
            if (e->len > 0 && ignored_name(e->name)) continue;
            bool named_file = e->len > 0 && !(e->mask & IN_ISDIR) && folder != folders.end();
            std::string path;
            if (named_file) path = folder->second.empty() ? std::string(e->name) : folder->second + "/" + e->name;
            if (e->mask & IN_MOVED_TO) {
                if (named_file) tracker.arrived_whole(path);
            } else if (e->mask & (IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_ATTRIB)) {
                if (named_file) tracker.written_in_place(path);
                in_progress = true;
            } else if (!(e->mask & (IN_MOVED_FROM | IN_DELETE))) {
                in_progress = true;  // a watched folder moved or went, an overflow: look after the burst
            }
        }
    }
    return in_progress;
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
    std::map<int, std::string> folders;  // watch descriptor -> folder relative to the drop folder
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
                if (inotify_fd.get() >= 0) watch_folders(inotify_fd.get(), options.sync.drop, folders);
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
            // copied in) settle into one pass; files renamed in (complete)
            // and deletions are taken at once.
            auto burst_end = Clock::now() + std::chrono::seconds(1);
            bool in_progress = take_events(inotify_fd.get(), folders, tracker);
            while (in_progress && Clock::now() < burst_end && readable(inotify_fd.get(), 200))
                take_events(inotify_fd.get(), folders, tracker);
            dirty = true;
        }
    }
}

}  // namespace citesearch
