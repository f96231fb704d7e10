#pragma once
// Retrieval metrics with trec_eval's semantics (usnistgov/trec_eval 9.x,
// the code behind pytrec_eval and so behind the published BEIR and Anserini
// numbers), for one query at a time and averaged over queries:
//
//   ndcg_cut.k  DCG@k / ideal DCG@k. Gain = the relevance level from the
//               qrels (linear, not 2^rel - 1; the two agree on binary
//               judgments, which is what every collection here has), discount
//               log2(rank + 1) for 1-based rank. The ideal ranking holds every
//               relevant judged document, highest level first, cut at k.
//   recall.k    relevant documents in the top k / relevant documents judged.
//   map_cut.k   the sum of precision@r over the ranks r <= k that hold a
//               relevant document, divided by the number of relevant
//               documents judged (not by the number retrieved).
//
// A document is relevant when its level is >= 1 (trec_eval's default
// relevance_level); a level of 0 or below is judged non-relevant. A ranking
// is a list of document ids, best first; a repeated id counts at its first
// position only and later copies are dropped before ranks are counted
// (trec_eval refuses duplicates; dropping them keeps a merged record's ids
// from counting twice). A query with no relevant documents is undefined
// (trec_eval skips it): evaluate() returns nullopt and averages leave it out.
// A judged query with an empty ranking scores 0 everywhere (trec_eval -c).
//
// Pure functions: thread-safe.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace citesearch::relevance {

// Relevance level of each judged document of one query.
using Judgments = std::unordered_map<std::string, int>;
// Query id -> its judgments.
using Qrels = std::map<std::string, Judgments>;
// Document ids, best first.
using Ranking = std::vector<std::string>;

double ndcg_at(const Ranking& ranking, const Judgments& judged, std::size_t k);
double recall_at(const Ranking& ranking, const Judgments& judged, std::size_t k);
double average_precision_at(const Ranking& ranking, const Judgments& judged, std::size_t k);

// The three figures reported everywhere: nDCG@10, Recall@100, MAP@100.
struct Scores {
    double ndcg10 = 0;
    double recall100 = 0;
    double map100 = 0;
};

// nullopt when the query has no relevant document (undefined, skipped).
std::optional<Scores> evaluate(const Ranking& ranking, const Judgments& judged);

// The arithmetic mean of each figure over the queries that have one.
struct Summary {
    Scores mean;
    std::size_t queries = 0;  // how many were averaged
};

// Evaluates each judged query of `qrels` that has relevant documents against
// its ranking in `runs` (missing = empty ranking) and averages.
Summary summarize(const std::map<std::string, Ranking>& runs, const Qrels& qrels);

}  // namespace citesearch::relevance
