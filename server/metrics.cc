#include "metrics.h"

#include <sstream>

namespace citesearch {

void Metrics::record(const std::string& route, int status, double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_[{route, status}];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++bucket_counts_[i];
    ++count_;
    sum_ += seconds;
}

std::string Metrics::prometheus_text(std::size_t records, unsigned long long revision,
                                     const std::vector<std::pair<std::string, bool>>& shards_up) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::ostringstream out;
    out << "# HELP citesearch_requests_total HTTP requests by route and status.\n"
        << "# TYPE citesearch_requests_total counter\n";
    for (const auto& [key, n] : requests_)
        out << "citesearch_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
    out << "# HELP citesearch_request_duration_seconds Time to answer a request.\n"
        << "# TYPE citesearch_request_duration_seconds histogram\n";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        out << "citesearch_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << bucket_counts_[i] << "\n";
    out << "citesearch_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << "\n"
        << "citesearch_request_duration_seconds_sum " << sum_ << "\n"
        << "citesearch_request_duration_seconds_count " << count_ << "\n"
        << "# HELP citesearch_records Records in the index.\n# TYPE citesearch_records gauge\n"
        << "citesearch_records " << records << "\n"
        << "# HELP citesearch_index_revision Revision of the index being served.\n# TYPE citesearch_index_revision gauge\n"
        << "citesearch_index_revision " << revision << "\n";
    if (!shards_up.empty()) {
        out << "# HELP citesearch_shard_up Whether a database of the index answers (1) or not (0).\n"
            << "# TYPE citesearch_shard_up gauge\n";
        for (const auto& [name, up] : shards_up) {
            std::string label;  // escaped as the text format asks
            for (char c : name) {
                if (c == '\\' || c == '"') label += '\\';
                if (c == '\n') label += "\\n";
                else label += c;
            }
            out << "citesearch_shard_up{shard=\"" << label << "\"} " << (up ? 1 : 0) << "\n";
        }
    }
    return out.str();
}

}  // namespace citesearch
