#pragma once
// Request counters and a latency histogram in Prometheus text format.
// Safe for concurrent use from many threads (one mutex; updates are tiny).

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace citesearch {

class Metrics {
public:
    void record(const std::string& route, int status, double seconds);
    // `records`, `revision` and whether each shard (by name) is up are read
    // from the index at scrape time.
    std::string prometheus_text(std::size_t records, unsigned long long revision,
                                const std::vector<std::pair<std::string, bool>>& shards_up = {}) const;

private:
    static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // guarded by mutex_
    std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};    // guarded by mutex_
    std::uint64_t count_ = 0;                                         // guarded by mutex_
    double sum_ = 0;                                                  // guarded by mutex_
};

}  // namespace citesearch
