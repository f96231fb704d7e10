#include "writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace citesearch {
namespace {

std::string read_all(int fd) {
    std::string text;
    char buf[256];
    ssize_t n;
    off_t at = 0;
    while ((n = ::pread(fd, buf, sizeof buf, at)) > 0 && text.size() < 1024) {
        text.append(buf, static_cast<std::size_t>(n));
        at += n;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

}  // namespace

WriterLock::WriterLock(const std::filesystem::path& db_dir, const std::string& holder) {
    std::error_code ec;
    std::filesystem::create_directories(db_dir, ec);
    std::string path = (db_dir / kFileName).string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        std::string who = read_all(fd_);
        ::close(fd_);
        fd_ = -1;
        if (err != EWOULDBLOCK) throw std::runtime_error("cannot lock " + path + ": " + std::strerror(err));
        throw DatabaseLockedError("database " + db_dir.string() + " is locked by " +
                                  (who.empty() ? std::string("another writer") : who));
    }
    char host[256] = "unknown host";
    ::gethostname(host, sizeof host - 1);
    std::string me = holder + " (pid " + std::to_string(::getpid()) + " on " + host + ")\n";
    // Best effort: the lock itself is the flock, the text only names its holder.
    if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, me.data(), me.size(), 0) < 0) {
        // Nothing to do: a waiting writer will say "another writer".
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
}

WriterLock::WriterLock(WriterLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

}  // namespace citesearch
