#include "shard_set.h"

#include <sys/stat.h>
#include <unistd.h>

#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "schema.h"
#include "search_types.h"
#include "shard_layout.h"
#include "stemming.h"

namespace citesearch {
namespace {

constexpr std::string_view kTcpScheme = "tcp://";

// What a local database path points at, for noticing a rebuild: the inode
// and mtime of its stub (the path itself when it is a stub file, DIR/XAPIANDB
// for a database folder in generations; a rebuild renames a new stub over
// it), or "plain" for a glass database folder, which only ever needs reopen().
std::string stub_stamp(const std::string& db_path) {
    struct stat st;
    if (::stat(db_path.c_str(), &st) != 0) return {};
    if (S_ISDIR(st.st_mode)) {
        if (::access((db_path + "/iamglass").c_str(), F_OK) == 0) return "plain";
        if (::stat((db_path + "/XAPIANDB").c_str(), &st) != 0) return {};
    }
    return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// How Xapian names a remote database in an error's context.
std::string remote_context(const ShardSpec& spec) {
    return "remote:tcp(" + spec.host + ":" + std::to_string(spec.port) + ")";
}

// Whether a network error says the shard did not answer within its
// timeout. xapian-tcpsrv's own timeout on an idle connection comes back as a
// NetworkTimeoutError too, with "REMOTE:" before its message: that one only
// means the connection was closed.
bool slow(const Xapian::Error& e) {
    return std::string_view(e.get_type()) == "NetworkTimeoutError" && !e.get_msg().starts_with("REMOTE:");
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// Whether `path` is a stub file listing a remote database (read when the
// shard is opened, which happens again whenever the stub changes).
bool names_remote(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream stub(path);
    std::string kind;
    for (std::string line; std::getline(stub, line);) {
        std::istringstream words(line);
        if (words >> kind && kind == "remote") return true;
    }
    return false;
}

}  // namespace

ShardSpec parse_shard(const std::string& location, std::chrono::milliseconds timeout) {
    ShardSpec spec;
    spec.name = location;
    spec.timeout = timeout;
    if (location.empty()) throw std::invalid_argument("a database location is empty");
    if (!location.starts_with(kTcpScheme)) {
        spec.path = location;
        return spec;
    }
    std::string rest = location.substr(kTcpScheme.size());
    std::size_t colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
        throw std::invalid_argument("\"" + location + "\" is not tcp://host:port");
    spec.host = rest.substr(0, colon);
    if (spec.host.front() == '[' && spec.host.back() == ']') spec.host = spec.host.substr(1, spec.host.size() - 2);
    std::string port = rest.substr(colon + 1);
    unsigned long n = 0;
    for (char c : port) {
        if (c < '0' || c > '9' || n > 65535) throw std::invalid_argument("\"" + location + "\" has no valid port");
        n = n * 10 + static_cast<unsigned>(c - '0');
    }
    if (n == 0 || n > 65535 || spec.host.empty()) throw std::invalid_argument("\"" + location + "\" has no valid host and port");
    spec.port = static_cast<unsigned>(n);
    return spec;
}

std::vector<ShardSpec> expand_sharded_folders(const std::vector<ShardSpec>& specs) {
    std::vector<ShardSpec> out;
    for (const ShardSpec& spec : specs) {
        std::optional<std::vector<std::filesystem::path>> folders;
        if (!spec.remote()) folders = shard_folders(spec.path);
        if (!folders) {
            out.push_back(spec);
            continue;
        }
        for (const std::filesystem::path& folder : *folders) {
            ShardSpec shard = spec;
            shard.path = folder.string();
            shard.name = folder.string();
            out.push_back(std::move(shard));
        }
    }
    return out;
}

ShardHealth::ShardHealth(const std::vector<ShardSpec>& specs, std::chrono::milliseconds retry_interval)
    : retry_interval_(retry_interval) {
    for (const ShardSpec& spec : specs) {
        State s;
        s.status.name = spec.name;
        s.remote = spec.remote();
        states_.push_back(std::move(s));
    }
}

bool ShardHealth::may_open(std::size_t i) {
    std::lock_guard<std::mutex> lock(mutex_);
    State& s = states_.at(i);
    if (s.status.up || !s.remote) return true;
    auto now = std::chrono::steady_clock::now();
    if (now < s.retry_at) return false;
    s.retry_at = now + retry_interval_;  // this caller tries; the others wait for its outcome
    return true;
}

void ShardHealth::opened(std::size_t i, std::size_t records) {
    std::lock_guard<std::mutex> lock(mutex_);
    State& s = states_.at(i);
    s.status.up = true;
    s.status.error.clear();
    s.status.records = records;
}

void ShardHealth::failed(std::size_t i, const std::string& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    State& s = states_.at(i);
    if (s.status.up) ++s.epoch;  // handles opened before this failure are stale
    s.status.up = false;
    s.status.error = error;
    s.retry_at = std::chrono::steady_clock::now() + retry_interval_;
}

std::string ShardHealth::error(std::size_t i) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return states_.at(i).status.error;
}

unsigned ShardHealth::epoch(std::size_t i) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return states_.at(i).epoch;
}

std::vector<ShardReport> ShardHealth::snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<ShardReport> out;
    for (const State& s : states_) out.push_back(s.status);
    return out;
}

ShardSet::ShardSet(const std::vector<ShardSpec>& specs, ShardHealth& health, std::chrono::milliseconds reload_interval)
    : specs_(specs), health_(health), reload_interval_(reload_interval) {
    for (const ShardSpec& spec : specs_) shards_.push_back(Shard{&spec, std::nullopt, 0, {}, false, {}});
    // shards_ points into specs_, which never changes after this.
}

bool ShardSet::open(Shard& s, std::size_t i) {
    const ShardSpec& spec = *s.spec;
    try {
        if (spec.remote()) {
            auto ms = static_cast<useconds_t>(spec.timeout.count());
            s.epoch = health_.epoch(i);
            s.db.emplace(Xapian::Remote::open(spec.host, spec.port, ms, ms));
        } else {
            std::error_code ec;
            if (!std::filesystem::exists(spec.path, ec)) {
                s.error = "no index at " + spec.path;
                health_.failed(i, s.error);
                return false;
            }
            std::string stamp = stub_stamp(spec.path);  // before opening: a switch in between costs one reopen
            s.epoch = health_.epoch(i);
            s.db.emplace(spec.path);
            s.stub_stamp = std::move(stamp);
            s.remote_stub = names_remote(spec.path);
        }
    } catch (const Xapian::Error& e) {
        s.db.reset();
        s.error = (spec.remote() ? "" : "index at " + spec.path + " cannot be opened: ") + e.get_description();
        health_.failed(i, s.error);
        return false;
    }
    s.error.clear();
    health_.opened(i, s.db->get_doccount());
    return true;
}

void ShardSet::close(std::size_t i, const std::string& error) {
    shards_[i].db.reset();
    shards_[i].error = error;
    combined_.reset();
}

void ShardSet::rebuild_combined() {
    stemmer_.clear();
    combined_.emplace();
    for (Shard& s : shards_)
        if (s.db) combined_->add_database(*s.db);
}

void ShardSet::reload_if_due() {
    auto now = std::chrono::steady_clock::now();
    if (now - last_reload_ < reload_interval_) return;
    last_reload_ = now;
    stemmer_.clear();
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        Shard& s = shards_[i];
        if (!s.db) continue;
        if (!s.spec->remote()) {
            // A stub replaced by rename (a full rebuild) needs a fresh open;
            // otherwise reopen() moves to the latest committed revision.
            std::string stamp = stub_stamp(s.spec->path);
            if (stamp != s.stub_stamp) {
                try {
                    Xapian::Database fresh(s.spec->path);
                    s.db = std::move(fresh);
                    s.stub_stamp = std::move(stamp);
                    combined_.reset();
                    continue;
                } catch (const Xapian::Error&) {
                    // Keep serving the old revision until the new one opens.
                }
            }
        }
        try {
            s.db->reopen();
        } catch (const Xapian::NetworkError& e) {
            if (slow(e)) health_.failed(i, e.get_description());
            close(i, slow(e) ? e.get_description() : "reconnecting");  // else closed while idle, or gone: reopening below tells
        } catch (const Xapian::Error&) {
            // A remote shard whose database was switched under it (a rebuild
            // on its node) fails to reopen: a new connection opens the new
            // one. A local one keeps its old revision until a request proves
            // it unreadable.
            if (s.spec->remote()) close(i, "reconnecting");
        }
    }
}

Xapian::Database& ShardSet::database(bool need_all) {
    reload_if_due();
    std::vector<std::string> missing_now;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        Shard& s = shards_[i];
        // Another searcher found it down since this handle was opened.
        if (s.db && s.spec->remote() && s.epoch != health_.epoch(i)) close(i, "down");
        if (!s.db) {
            if (health_.may_open(i) && open(s, i)) {
                combined_.reset();
            } else {
                // Found down by this searcher or another: say why.
                if (std::string why = health_.error(i); !why.empty()) s.error = why;
                missing_now.push_back(s.spec->name);
            }
        }
    }
    if (missing_now.size() == shards_.size() || (need_all && !missing_now.empty())) {
        std::string why;
        for (const Shard& s : shards_)
            if (!s.db) why += (why.empty() ? "" : "; ") + s.error;
        if (shards_.size() == 1) throw IndexUnavailable(why, missing_now);
        throw IndexUnavailable((missing_now.size() == 1 ? "shard " : "shards ") + join_names(missing_now) +
                                   (missing_now.size() == 1 ? " is" : " are") + " unavailable: " + why,
                               missing_now);
    }
    if (!combined_) rebuild_combined();
    return *combined_;
}

const std::string& ShardSet::stemmer() {
    if (stemmer_.empty()) {
        std::string recorded = combined_ ? combined_->get_metadata(std::string(schema::kMetaStemmer)) : std::string();
        stemmer_ = recorded.empty() ? std::string(kLegacyStemmer) : std::move(recorded);
    }
    return stemmer_;
}

std::vector<std::string> ShardSet::missing() const {
    std::vector<std::string> out;
    for (const Shard& s : shards_)
        if (!s.db) out.push_back(s.spec->name);
    return out;
}

void ShardSet::network_failure(const Xapian::Error& e) {
    // A shard slower than its timeout is down: reconnecting would cost the
    // timeout again. A closed connection is not (xapian-tcpsrv closes idle
    // ones, after 60 s by default): the reconnection tells, and marks the
    // shard down if it is refused.
    bool timed_out = slow(e);
    std::string context = e.get_context();
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        if (!shards_[i].spec->remote()) continue;
        if (timed_out && context == remote_context(*shards_[i].spec)) {
            health_.failed(i, e.get_description());
            close(i, e.get_description());
        } else if (shards_[i].db) {
            close(i, "reconnecting");
        }
    }
}

void ShardSet::close_all() {
    for (std::size_t i = 0; i < shards_.size(); ++i) close(i, "reopening");
}

void ShardSet::reopen() {
    last_reload_ = {};
    reload_if_due();
}

std::vector<std::string> ShardSet::hit_data(const Xapian::MSet& mset) {
    std::vector<Shard*> open;  // combined_'s sub-databases, in order
    for (Shard& s : shards_)
        if (s.db) open.push_back(&s);
    std::vector<std::string> out(mset.size());
    if (open.empty()) return out;
    // Xapian numbers the documents of n databases in turn: combined
    // docid = (docid in shard - 1) * n + shard + 1.
    const std::size_t n = open.size();
    std::vector<std::vector<std::pair<std::size_t, Xapian::docid>>> wanted(n);  // (position, docid in shard)
    std::size_t pos = 0;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it, ++pos)
        wanted[(*it - 1) % n].emplace_back(pos, (*it - 1) / n + 1);
    auto fetch = [&](std::size_t i) {
        for (const auto& [at, docid] : wanted[i]) out[at] = open[i]->db->get_document(docid).get_data();
    };
    std::size_t remote_with_hits = 0;
    for (std::size_t i = 0; i < n; ++i) remote_with_hits += open[i]->spec->remote() && !wanted[i].empty();
    if (remote_with_hits < 2) {
        for (std::size_t i = 0; i < n; ++i) fetch(i);
        return out;
    }
    std::vector<std::exception_ptr> errors(n);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < n; ++i) {
        if (wanted[i].empty()) continue;
        if (!open[i]->spec->remote()) continue;
        threads.emplace_back([&, i] {
            try {
                fetch(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    }
    for (std::size_t i = 0; i < n; ++i) {  // local shards meanwhile, here: distinct Xapian objects
        if (open[i]->spec->remote()) continue;
        try {
            fetch(i);
        } catch (...) {
            errors[i] = std::current_exception();
        }
    }
    for (std::thread& t : threads) t.join();
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
    return out;
}

bool ShardSet::any_local() const {
    for (const ShardSpec& spec : specs_)
        if (!spec.remote()) return true;
    return false;
}

bool ShardSet::all_local() const {
    for (const Shard& s : shards_)
        if (s.spec->remote() || s.remote_stub) return false;
    return true;
}

std::vector<ShardReport> ShardSet::status() const {
    std::vector<ShardReport> out = health_.snapshot();
    for (std::size_t i = 0; i < shards_.size() && i < out.size(); ++i) {
        const Shard& s = shards_[i];
        if (s.db) {
            out[i].up = true;
            out[i].error.clear();
            out[i].records = s.db->get_doccount();
        } else {
            out[i].up = false;
            if (!s.error.empty()) out[i].error = s.error;
            out[i].records = 0;
        }
    }
    return out;
}

std::vector<Xapian::Database*> ShardSet::open_shards() {
    std::vector<Xapian::Database*> out;
    for (Shard& s : shards_)
        if (s.db) out.push_back(&*s.db);
    return out;
}

}  // namespace citesearch
