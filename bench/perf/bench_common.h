#pragma once
// Pieces every perf tool shares: a seeded random generator whose output is
// the same on every platform (std:: distributions are not), a minimal RIS
// record reader, the query file, and latency statistics.
//
// The RIS reader here is deliberately minimal: it reads the clean, one value
// per line RIS that perf-gen-corpus writes and that ../shared/data holds
// (see its README), which is what the peers (raw Xapian, FTS5, scriptindex)
// are fed. citesearch-index reads the same files with its own full reader.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace citesearch::perf {

// splitmix64: tiny, fast, and its stream depends only on the seed.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n).
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    // Uniform in [lo, hi].
    int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }
    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    bool chance(double p) { return unit() < p; }

private:
    std::uint64_t state_;
};

// Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s.
class Zipf {
public:
    Zipf(std::size_t n, double s) : cdf_(n) {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) cdf_[i] = (sum += 1.0 / std::pow(static_cast<double>(i + 1), s));
        for (double& c : cdf_) c /= sum;
    }
    std::size_t draw(Rng& rng) const {
        auto it = std::lower_bound(cdf_.begin(), cdf_.end(), rng.unit());
        return it == cdf_.end() ? cdf_.size() - 1 : static_cast<std::size_t>(it - cdf_.begin());
    }

private:
    std::vector<double> cdf_;
};

struct RisTag {
    std::string tag;
    std::string value;
};
using RisRecord = std::vector<RisTag>;

// Calls `sink` for each TY..ER record of `file`. Lines other than
// "XX  - value" are ignored; a record without ER ends at the next TY or EOF.
inline std::size_t for_each_ris_record(const std::filesystem::path& file, const std::function<void(RisRecord&)>& sink) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    RisRecord rec;
    bool open = false;
    std::size_t n = 0;
    auto flush = [&] {
        if (open && !rec.empty()) {
            sink(rec);
            ++n;
        }
        rec.clear();
        open = false;
    };
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() < 5 || line[2] != ' ' || line[3] != ' ' || line[4] != '-') continue;
        std::string tag = line.substr(0, 2);
        std::string value = line.size() > 6 ? line.substr(6) : std::string();
        if (tag == "TY") {
            flush();
            open = true;
        }
        if (tag == "ER") {
            flush();
            continue;
        }
        if (open) rec.push_back({std::move(tag), std::move(value)});
    }
    flush();
    return n;
}

// The RIS files under `path` (a file, or a folder searched recursively), sorted.
inline std::vector<std::filesystem::path> ris_files(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    std::vector<fs::path> out;
    if (!fs::is_directory(path)) return {path};
    for (const auto& e : fs::recursive_directory_iterator(path))
        if (e.is_regular_file() && e.path().extension() == ".ris") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

// How a file is named in unique keys: relative to the input it was found under.
inline std::string source_name(const std::filesystem::path& file, const std::filesystem::path& input) {
    std::string rel = file.lexically_relative(input).string();
    if (rel.empty() || rel == ".") rel = file.filename().string();
    return rel;
}

// The first value of `tag`, or "".
inline std::string first_of(const RisRecord& r, std::string_view tag) {
    for (const RisTag& t : r)
        if (t.tag == tag) return t.value;
    return {};
}
inline std::vector<std::string> all_of(const RisRecord& r, std::string_view tag) {
    std::vector<std::string> out;
    for (const RisTag& t : r)
        if (t.tag == tag) out.push_back(t.value);
    return out;
}

// The fields every engine indexes, taken from a record the simple way.
struct SimpleCitation {
    std::string key;  // DOI when present, else `fallback_key` (file#ordinal): the unique id
    std::string type, title, abstract_text, journal, journal_abbrev, year, doi;
    std::vector<std::string> authors, keywords;
};

inline std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

inline SimpleCitation simple_citation(const RisRecord& r, const std::string& fallback_key) {
    SimpleCitation c;
    c.type = first_of(r, "TY");
    c.title = first_of(r, "TI");
    if (c.title.empty()) c.title = first_of(r, "T1");
    c.abstract_text = first_of(r, "AB");
    c.journal = first_of(r, "JO");
    if (c.journal.empty()) c.journal = first_of(r, "JF");
    if (c.journal.empty()) c.journal = first_of(r, "T2");
    c.journal_abbrev = first_of(r, "J2");
    c.year = first_of(r, "PY").substr(0, 4);
    c.doi = lower_ascii(first_of(r, "DO"));
    c.authors = all_of(r, "AU");
    c.keywords = all_of(r, "KW");
    c.key = c.doi.empty() ? fallback_key : "doi:" + c.doi;
    return c;
}

// Query files: one query per line, in the common subset of the query
// languages (plain words, "quoted phrases", title:word, author:surname), so
// citesearch, Xapian's QueryParser and Omega read each line as written and
// FTS5 needs only a mechanical translation (fts5_match()).
inline std::vector<std::string> read_lines(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(line);
    return out;
}

// Latency samples in seconds -> the numbers the tables print.
struct LatencySummary {
    std::size_t count = 0;
    double seconds = 0;  // wall time of the whole run
    double qps = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
};

inline LatencySummary summarize(std::vector<double> samples, double wall_seconds) {
    LatencySummary s;
    s.count = samples.size();
    s.seconds = wall_seconds;
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    auto pct = [&](double p) {
        std::size_t i = static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1) + 0.5);
        return samples[std::min(i, samples.size() - 1)] * 1000;
    };
    s.qps = wall_seconds > 0 ? static_cast<double>(samples.size()) / wall_seconds : 0;
    s.p50_ms = pct(0.50);
    s.p99_ms = pct(0.99);
    s.max_ms = samples.back() * 1000;
    return s;
}

// One machine-readable line per measurement; run.sh collects these.
inline void print_result(const std::string& what, const LatencySummary& s, std::size_t errors) {
    std::printf("RESULT %s queries=%zu errors=%zu seconds=%.2f qps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
                what.c_str(), s.count, errors, s.seconds, s.qps, s.p50_ms, s.p99_ms, s.max_ms);
    std::fflush(stdout);
}

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Runs `threads` workers over `queries`, each worker taking every
// threads-th query from its own offset and wrapping around, until
// `max_queries` (over all workers) or `max_seconds` is reached. Each worker
// first runs `warmup` queries that are not measured. `make_worker(i)` is
// called on worker i's own thread and returns what answers one query (true
// on success), so per-thread handles are opened where they are used.
using QueryFn = std::function<bool(const std::string&)>;
inline LatencySummary run_query_loop(std::size_t threads, const std::vector<std::string>& queries, double max_seconds,
                                     std::size_t max_queries, std::size_t warmup,
                                     const std::function<QueryFn(std::size_t)>& make_worker, std::size_t& errors) {
    std::mutex mutex;
    std::vector<double> all;
    errors = 0;
    std::vector<std::thread> pool;
    std::size_t per_thread = (max_queries + threads - 1) / threads;
    Clock::time_point start;
    std::size_t ready = 0;
    std::condition_variable cv;
    for (std::size_t t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            QueryFn fn = make_worker(t);
            std::size_t next = t * 7919;  // spread the workers over the query list
            for (std::size_t i = 0; i < warmup; ++i) fn(queries[next++ % queries.size()]);
            {
                // Start the clock when every worker is warm.
                std::unique_lock<std::mutex> lock(mutex);
                if (++ready == threads) {
                    start = Clock::now();
                    cv.notify_all();
                } else {
                    cv.wait(lock, [&] { return ready == threads; });
                }
            }
            std::vector<double> mine;
            std::size_t failed = 0;
            mine.reserve(per_thread);
            while (mine.size() < per_thread && seconds_since(start) < max_seconds) {
                auto t0 = Clock::now();
                if (!fn(queries[next++ % queries.size()])) ++failed;
                mine.push_back(seconds_since(t0));
            }
            std::lock_guard<std::mutex> lock(mutex);
            all.insert(all.end(), mine.begin(), mine.end());
            errors += failed;
        });
    }
    for (std::thread& th : pool) th.join();
    return summarize(std::move(all), seconds_since(start));
}

}  // namespace citesearch::perf
