// The relevance benchmark's metrics (bench/relevance/metrics.h) on cases
// worked out by hand with trec_eval's definitions: ndcg_cut.10 (linear gain,
// discount log2(rank + 1)), recall.100 and map_cut.100 (divided by the
// relevant documents judged, not by those retrieved).

#include <catch2/catch.hpp>

#include <cmath>

#include "collection.h"
#include "metrics.h"
#include "test_support.h"

using namespace citesearch::relevance;
using citesearch::test::TempDir;
using citesearch::test::write_file;

namespace {

// 1 / log2(rank + 1): the discount of a 1-based rank.
double d(int rank) { return 1.0 / std::log2(rank + 1.0); }

}  // namespace

TEST_CASE("a binary judgment scores by the ranks of the relevant documents found", "[relevance]") {
    // Relevant: a, b, c. Ranked: a (1), x (2), b (3); c not found.
    Judgments judged{{"a", 1}, {"b", 1}, {"c", 1}};
    Ranking ranking{"a", "x", "b"};
    // DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) + 1/log2(4) = 2.1309.
    CHECK(ndcg_at(ranking, judged, 10) == Approx((d(1) + d(3)) / (d(1) + d(2) + d(3))));
    CHECK(ndcg_at(ranking, judged, 10) == Approx(0.70392).epsilon(1e-4));
    CHECK(recall_at(ranking, judged, 100) == Approx(2.0 / 3.0));
    // Precision 1/1 at rank 1 and 2/3 at rank 3, over 3 relevant: 0.5556.
    CHECK(average_precision_at(ranking, judged, 100) == Approx((1.0 + 2.0 / 3.0) / 3.0));
}

TEST_CASE("a perfect ranking scores 1 everywhere", "[relevance]") {
    Judgments judged{{"a", 1}, {"b", 1}};
    std::optional<Scores> s = evaluate({"a", "b", "x"}, judged);
    REQUIRE(s);
    CHECK(s->ndcg10 == Approx(1.0));
    CHECK(s->recall100 == Approx(1.0));
    CHECK(s->map100 == Approx(1.0));
}

TEST_CASE("no relevant document retrieved scores 0, and so does an empty ranking", "[relevance]") {
    Judgments judged{{"a", 1}, {"b", 0}};
    for (const Ranking& ranking : {Ranking{"x", "y", "b"}, Ranking{}}) {
        std::optional<Scores> s = evaluate(ranking, judged);
        REQUIRE(s);
        CHECK(s->ndcg10 == 0.0);
        CHECK(s->recall100 == 0.0);
        CHECK(s->map100 == 0.0);
    }
}

TEST_CASE("graded relevance is a linear gain and the ideal ranking puts the highest level first", "[relevance]") {
    // a is level 2, b level 1, c judged non-relevant. Ranked b, a.
    Judgments judged{{"a", 2}, {"b", 1}, {"c", 0}};
    Ranking ranking{"b", "a"};
    // DCG = 1 + 2/log2(3) = 2.2619; ideal (a, b) = 2 + 1/log2(3) = 2.6309.
    CHECK(ndcg_at(ranking, judged, 10) == Approx((1 * d(1) + 2 * d(2)) / (2 * d(1) + 1 * d(2))));
    CHECK(ndcg_at(ranking, judged, 10) == Approx(0.85972).epsilon(1e-4));
    // Recall and MAP count any level >= 1 as relevant, whatever its grade.
    CHECK(recall_at(ranking, judged, 100) == 1.0);
    CHECK(average_precision_at(ranking, judged, 100) == Approx(1.0));
    // The right order is perfect.
    CHECK(ndcg_at({"a", "b"}, judged, 10) == Approx(1.0));
}

TEST_CASE("fewer than 10 results still divide by the ideal of the first 10 relevant documents", "[relevance]") {
    // 12 relevant documents r1..r12; the ranking holds only r1, r2, r3.
    Judgments judged;
    for (int i = 1; i <= 12; ++i) judged["r" + std::to_string(i)] = 1;
    Ranking ranking{"r1", "r2", "r3"};
    double ideal = 0;
    for (int rank = 1; rank <= 10; ++rank) ideal += d(rank);  // 4.5436: the ideal is cut at 10 too
    CHECK(ndcg_at(ranking, judged, 10) == Approx((d(1) + d(2) + d(3)) / ideal));
    CHECK(ndcg_at(ranking, judged, 10) == Approx(0.46900).epsilon(1e-4));
    CHECK(recall_at(ranking, judged, 100) == Approx(3.0 / 12.0));
    // Precision 1 at ranks 1..3, over 12 relevant (not over the 3 retrieved).
    CHECK(average_precision_at(ranking, judged, 100) == Approx(3.0 / 12.0));
}

TEST_CASE("a relevant document past the cut-off counts for none of the cut metrics", "[relevance]") {
    Judgments judged{{"a", 1}};
    Ranking ranking;
    for (int i = 0; i < 10; ++i) ranking.push_back("x" + std::to_string(i));
    ranking.push_back("a");  // rank 11
    CHECK(ndcg_at(ranking, judged, 10) == 0.0);
    CHECK(recall_at(ranking, judged, 100) == 1.0);
    CHECK(average_precision_at(ranking, judged, 100) == Approx(1.0 / 11.0));
    CHECK(recall_at(ranking, judged, 10) == 0.0);
    CHECK(average_precision_at(ranking, judged, 10) == 0.0);
}

TEST_CASE("a repeated document counts at its first position only, and later ranks move up", "[relevance]") {
    // x, a, a, b is read as x, a, b.
    Judgments judged{{"a", 1}, {"b", 1}};
    Ranking ranking{"x", "a", "a", "b"};
    CHECK(ndcg_at(ranking, judged, 10) == Approx((d(2) + d(3)) / (d(1) + d(2))));
    CHECK(ndcg_at(ranking, judged, 10) == Approx(0.69342).epsilon(1e-4));
    CHECK(recall_at(ranking, judged, 100) == 1.0);
    CHECK(average_precision_at(ranking, judged, 100) == Approx((1.0 / 2.0 + 2.0 / 3.0) / 2.0));
    // A copy does not earn a second gain: never more than a perfect score.
    CHECK(ndcg_at({"a", "a", "a", "b"}, judged, 10) == Approx(1.0));
    CHECK(recall_at({"a", "a"}, judged, 100) == Approx(0.5));
    // Copies do not use up the cut-off either: b is the 10th distinct document.
    Ranking padded{"a", "a"};
    for (int i = 0; i < 8; ++i) padded.push_back("x" + std::to_string(i));
    padded.push_back("b");
    CHECK(recall_at(padded, judged, 10) == 1.0);
}

TEST_CASE("relevance 0 and below are judged non-relevant", "[relevance]") {
    Judgments judged{{"a", 0}, {"b", 1}, {"c", -1}};
    Ranking ranking{"a", "c", "b"};
    // Only b is relevant: found at rank 3; the ideal holds b alone.
    CHECK(ndcg_at(ranking, judged, 10) == Approx(d(3)));
    CHECK(recall_at(ranking, judged, 100) == 1.0);
    CHECK(average_precision_at(ranking, judged, 100) == Approx(1.0 / 3.0));
    // A query whose judgments are all 0 is undefined, as in trec_eval.
    CHECK_FALSE(evaluate({"a"}, Judgments{{"a", 0}, {"z", 0}}));
    CHECK_FALSE(evaluate({"a"}, Judgments{}));
}

TEST_CASE("the summary averages over the queries with a relevant document, a missing ranking scoring 0", "[relevance]") {
    Qrels qrels{
        {"q1", {{"a", 1}}},             // found first: 1, 1, 1
        {"q2", {{"b", 1}, {"c", 1}}},   // no ranking sent: 0, 0, 0
        {"q3", {{"d", 0}}},             // nothing relevant: left out
    };
    std::map<std::string, Ranking> runs{{"q1", {"a"}}, {"q3", {"d"}}, {"unjudged", {"a"}}};
    Summary s = summarize(runs, qrels);
    CHECK(s.queries == 2);
    CHECK(s.mean.ndcg10 == Approx(0.5));
    CHECK(s.mean.recall100 == Approx(0.5));
    CHECK(s.mean.map100 == Approx(0.5));
    CHECK(summarize(runs, Qrels{}).queries == 0);
}

TEST_CASE("qrels files are read as BEIR TSV with a header, every level kept", "[relevance]") {
    TempDir dir;
    std::filesystem::path file = dir.path() / "qrels.tsv";
    write_file(file, "query-id\tcorpus-id\tscore\n1\t10\t1\n1\t11\t0\n2\t20\t2\n");
    Qrels qrels = read_qrels(file);
    REQUIRE(qrels.size() == 2);
    CHECK(qrels["1"].at("10") == 1);
    CHECK(qrels["1"].at("11") == 0);
    CHECK(qrels["2"].at("20") == 2);
    write_file(file, "query-id\tcorpus-id\tscore\n1\t10\n");
    CHECK_THROWS_WITH(read_qrels(file), Catch::Contains(":2: error:"));
}
