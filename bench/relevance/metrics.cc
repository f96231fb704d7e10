#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_set>

namespace citesearch::relevance {
namespace {

// The relevance level of each ranked document, duplicates dropped, at most k.
std::vector<int> levels_at(const Ranking& ranking, const Judgments& judged, std::size_t k) {
    std::vector<int> levels;
    std::unordered_set<std::string> seen;
    for (const std::string& id : ranking) {
        if (levels.size() == k) break;
        if (!seen.insert(id).second) continue;
        auto it = judged.find(id);
        levels.push_back(it == judged.end() ? 0 : it->second);
    }
    return levels;
}

std::size_t relevant_count(const Judgments& judged) {
    return static_cast<std::size_t>(
        std::count_if(judged.begin(), judged.end(), [](const auto& j) { return j.second >= 1; }));
}

double discount(std::size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 1.0); }

}  // namespace

double ndcg_at(const Ranking& ranking, const Judgments& judged, std::size_t k) {
    double dcg = 0;
    std::size_t rank = 0;
    for (int level : levels_at(ranking, judged, k)) {
        ++rank;
        if (level >= 1) dcg += level * discount(rank);
    }
    std::vector<int> ideal;
    for (const auto& [id, level] : judged)
        if (level >= 1) ideal.push_back(level);
    std::sort(ideal.begin(), ideal.end(), std::greater<>());
    double ideal_dcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < k; ++i) ideal_dcg += ideal[i] * discount(i + 1);
    return ideal_dcg > 0 ? dcg / ideal_dcg : 0;
}

double recall_at(const Ranking& ranking, const Judgments& judged, std::size_t k) {
    std::size_t relevant = relevant_count(judged);
    if (relevant == 0) return 0;
    std::vector<int> levels = levels_at(ranking, judged, k);
    auto found = std::count_if(levels.begin(), levels.end(), [](int l) { return l >= 1; });
    return static_cast<double>(found) / static_cast<double>(relevant);
}

double average_precision_at(const Ranking& ranking, const Judgments& judged, std::size_t k) {
    std::size_t relevant = relevant_count(judged);
    if (relevant == 0) return 0;
    double sum = 0;
    std::size_t found = 0;
    std::size_t rank = 0;
    for (int level : levels_at(ranking, judged, k)) {
        ++rank;
        if (level < 1) continue;
        ++found;
        sum += static_cast<double>(found) / static_cast<double>(rank);
    }
    return sum / static_cast<double>(relevant);
}

std::optional<Scores> evaluate(const Ranking& ranking, const Judgments& judged) {
    if (relevant_count(judged) == 0) return std::nullopt;
    return Scores{ndcg_at(ranking, judged, 10), recall_at(ranking, judged, 100),
                  average_precision_at(ranking, judged, 100)};
}

Summary summarize(const std::map<std::string, Ranking>& runs, const Qrels& qrels) {
    Summary s;
    const Ranking empty;
    for (const auto& [query, judged] : qrels) {
        auto run = runs.find(query);
        std::optional<Scores> scores = evaluate(run == runs.end() ? empty : run->second, judged);
        if (!scores) continue;
        s.mean.ndcg10 += scores->ndcg10;
        s.mean.recall100 += scores->recall100;
        s.mean.map100 += scores->map100;
        ++s.queries;
    }
    if (s.queries > 0) {
        auto n = static_cast<double>(s.queries);
        s.mean.ndcg10 /= n;
        s.mean.recall100 /= n;
        s.mean.map100 /= n;
    }
    return s;
}

}  // namespace citesearch::relevance
