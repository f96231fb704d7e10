#include "db_layout.h"

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "shard_layout.h"
#include "writer_lock.h"

namespace citesearch {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStub = "XAPIANDB";
constexpr const char* kGlassMarker = "iamglass";

std::string numbered(const char* stem, unsigned n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s-%06u", stem, n);
    return buf;
}

// The number in "gen-000012" / "build-000012", or 0.
unsigned number_of(const std::string& name, const std::string& stem) {
    if (name.size() != stem.size() + 7 || name.compare(0, stem.size() + 1, stem + "-") != 0) return 0;
    unsigned n = 0;
    for (std::size_t i = stem.size() + 1; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9') return 0;
        n = n * 10 + static_cast<unsigned>(name[i] - '0');
    }
    return n;
}

void fsync_path(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

DbLayout layout_of(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir / kGlassMarker, ec)) return DbLayout::plain;
    if (shard_folders(dir)) return DbLayout::sharded;
    if (fs::is_regular_file(dir / kStub, ec)) return DbLayout::generations;
    return DbLayout::missing;
}

std::vector<fs::path> database_parts(const fs::path& dir) {
    if (auto shards = shard_folders(dir)) return *shards;
    return {dir};
}

std::optional<unsigned> live_generation(const fs::path& dir) {
    std::ifstream in(dir / kStub);
    std::string backend, path;
    if (!(in >> backend >> path)) return std::nullopt;
    unsigned n = number_of(path, "gen");
    return n ? std::optional<unsigned>(n) : std::nullopt;
}

fs::path generation_path(const fs::path& dir, unsigned n) { return dir / numbered("gen", n); }
fs::path build_path(const fs::path& dir, unsigned n) { return dir / numbered("build", n); }

unsigned next_generation(const fs::path& dir) {
    unsigned top = live_generation(dir).value_or(0);
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
        std::string name = e.path().filename().string();
        top = std::max({top, number_of(name, "gen"), number_of(name, "build")});
    }
    return top + 1;
}

void ensure_database(const fs::path& dir) {
    if (layout_of(dir) != DbLayout::missing) return;
    std::error_code ec;
    fs::create_directories(dir, ec);
    // Generations left by a creation that was killed before its stub: no stub names them.
    remove_stale(dir, 0);
    unsigned n = 1;
    try {
        Xapian::WritableDatabase db(generation_path(dir, n).string(), Xapian::DB_CREATE_OR_OVERWRITE);
        db.commit();
    } catch (const Xapian::DatabaseLockError&) {
        throw DatabaseLockedError("database " + dir.string() + " is locked: another writer is creating it");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("cannot create database " + dir.string() + ": " + e.get_description());
    }
    switch_generation(dir, n);
}

void ensure_database(const fs::path& dir, std::size_t shards) {
    if (shards == 0) return ensure_database(dir);
    DbLayout layout = layout_of(dir);
    if (layout == DbLayout::sharded) {
        std::size_t existing = shard_folders(dir)->size();
        if (existing != shards)
            throw LayoutMismatch("database " + dir.string() + " has " + std::to_string(existing) + " shards, not " +
                                 std::to_string(shards) + "; resharding is a rebuild into a new folder");
        return;
    }
    if (layout != DbLayout::missing)
        throw LayoutMismatch("database " + dir.string() +
                             " is not sharded; index into a new folder to shard (resharding is a rebuild into a new folder)");
    std::error_code ec;
    fs::create_directories(dir, ec);
    for (std::size_t k = 0; k < shards; ++k) ensure_database(dir / shard_folder_name(k));
    fs::path tmp = dir / (std::string(kStub) + ".new");
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << shard_stub_text(shards);
        if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
    }
    fsync_path(tmp, O_RDONLY);
    if (::rename(tmp.c_str(), (dir / kStub).c_str()) != 0)
        throw std::runtime_error("cannot write the shard stub of " + dir.string() + ": " + std::strerror(errno));
    fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void switch_generation(const fs::path& dir, unsigned n) {
    fs::path tmp = dir / (std::string(kStub) + ".new");
    {
        std::ofstream out(tmp, std::ios::trunc);
        // Relative to the stub's folder, so DIR can be moved as a whole.
        out << "auto " << generation_path(dir, n).filename().string() << "\n";
        if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
    }
    fsync_path(tmp, O_RDONLY);
    if (::rename(tmp.c_str(), (dir / kStub).c_str()) != 0)
        throw std::runtime_error("cannot switch " + dir.string() + " to " + generation_path(dir, n).string() + ": " +
                                 std::strerror(errno));
    // A plain database is opened as such while its marker exists: removing
    // the marker is the switch to the stub.
    std::error_code ec;
    fs::remove(dir / kGlassMarker, ec);
    fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void remove_stale(const fs::path& dir, unsigned keep) {
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
        std::string name = e.path().filename().string();
        unsigned gen = number_of(name, "gen");
        bool stale_folder = (gen && gen != keep) || number_of(name, "build");
        // A converted plain database's tables and lock (the marker went at the switch).
        bool old_table = e.is_regular_file() && (name.ends_with(".glass") || name == "flintlock");
        std::error_code rec;
        if (stale_folder)
            fs::remove_all(e.path(), rec);
        else if (old_table)
            fs::remove(e.path(), rec);
    }
}

}  // namespace citesearch
