#include "drop_scan.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

namespace citesearch {
namespace fs = std::filesystem;

bool ignored_name(std::string_view name) {
    if (name.empty() || name.front() == '.' || name.back() == '~') return true;
    for (std::string_view suffix : {".part", ".tmp", ".crdownload"}) {
        if (name.size() < suffix.size()) continue;
        std::string_view tail = name.substr(name.size() - suffix.size());
        if (std::equal(tail.begin(), tail.end(), suffix.begin(),
                       [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; }))
            return true;
    }
    return false;
}

std::vector<FileLook> scan_drop(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        throw std::runtime_error("drop folder " + root.string() + " is not a readable folder");
    std::vector<FileLook> out;
    auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) throw std::runtime_error("cannot read drop folder " + root.string() + ": " + ec.message());
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& p = it->path();
        if (ignored_name(p.filename().string())) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        struct stat st;
        if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        FileLook f;
        f.path = p.lexically_relative(root).generic_string();
        f.size = static_cast<std::uint64_t>(st.st_size);
        f.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
        out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(), [](const FileLook& a, const FileLook& b) { return a.path < b.path; });
    return out;
}

std::optional<std::string> file_content_hash(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    ContentHash h;
    std::string buf(1 << 16, '\0');
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.feed(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) return std::nullopt;
    return h.hex();
}

std::int64_t wall_clock_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool SettleTracker::ready(const FileLook& f, std::chrono::steady_clock::time_point now, std::int64_t wall_ns) {
    if (wall_ns - f.mtime_ns >= settle_.count() || whole_.count(f.path)) {
        seen_.erase(f.path);
        return true;
    }
    auto it = seen_.find(f.path);
    if (it == seen_.end() || !it->second.look.same_state(f)) {
        seen_[f.path] = Seen{f, now};  // first look, or it changed since: start again
        return false;
    }
    if (now - it->second.since >= settle_) {
        seen_.erase(it);
        return true;
    }
    return false;
}

void SettleTracker::retain(const std::vector<FileLook>& waiting) {
    std::set<std::string> keep;
    for (const FileLook& f : waiting) keep.insert(f.path);
    std::erase_if(seen_, [&](const auto& entry) { return !keep.count(entry.first); });
    std::erase_if(whole_, [&](const std::string& path) { return !keep.count(path); });
}

void SettleTracker::arrived_whole(const std::string& path) { whole_.insert(path); }

void SettleTracker::written_in_place(const std::string& path) { whole_.erase(path); }

std::optional<std::chrono::steady_clock::time_point> SettleTracker::next_check() const {
    std::optional<std::chrono::steady_clock::time_point> next;
    for (const auto& [path, seen] : seen_) {
        auto at = seen.since + settle_;
        if (!next || at < *next) next = at;
    }
    return next;
}

DropPlan plan_drop(const PlanInputs& in) {
    DropPlan plan;
    const std::map<std::string, IngestedFile>& recorded = *in.manifest;
    std::set<std::string> present;
    std::vector<std::pair<FileLook, std::string>> fresh;  // not recorded, ready, hashed
    for (const FileLook& f : in.looks) {
        present.insert(f.path);
        auto rec = recorded.find(f.path);
        if (rec != recorded.end() && rec->second.size == f.size && rec->second.mtime_ns == f.mtime_ns) {
            plan.unchanged.push_back(f);
            continue;
        }
        if (!in.ready(f)) {
            plan.busy.push_back(f);
            continue;
        }
        std::optional<std::string> hash = in.hash(f);
        if (!hash) {
            plan.busy.push_back(f);  // vanished or unreadable between the look and now
            continue;
        }
        if (rec == recorded.end())
            fresh.emplace_back(f, std::move(*hash));
        else if (rec->second.hash == *hash)
            plan.touched.push_back(f);
        else
            plan.changed.emplace_back(f, std::move(*hash));
    }
    // Recorded files that are gone: renamed when a fresh file has their content.
    std::vector<std::string> gone;
    for (const auto& [path, entry] : recorded)
        if (!present.count(path)) gone.push_back(path);
    for (auto& [look, hash] : fresh) {
        auto match = std::find_if(gone.begin(), gone.end(), [&, &h = hash, &l = look](const std::string& path) {
            const IngestedFile& e = recorded.at(path);
            return e.hash == h && e.size == l.size;
        });
        if (match != gone.end()) {
            plan.renamed.push_back({*match, look, hash});
            gone.erase(match);
        } else {
            plan.added.emplace_back(look, hash);
        }
    }
    plan.deleted = std::move(gone);
    return plan;
}

}  // namespace citesearch
