// perf-gen-queries: draws realistic queries from a RIS collection.
//
//   perf-gen-queries --corpus DIR_OR_FILE --count 2000 [--seed 7] > queries.txt
//
// Records are sampled uniformly (reservoir sampling, seeded), and each gives
// one query of one of these kinds:
//   40%  1-4 keywords from its title or abstract     liver checkpoint inhibitor
//   20%  a quoted two-word phrase (+ a word, half)     "immune checkpoint" therapy
//   15%  an author's surname (+ a word, half)         author:smith cancer
//   25%  field-tagged title words                     title:fibrosis hepatic
// Words are lower-case ASCII letters, at least 3 long, no stopwords, so every
// engine reads them the same way (see bench_common.h, "Query files").

#include <iostream>
#include <set>

#include "bench_common.h"

namespace citesearch::perf {
namespace {

const std::set<std::string>& stopwords() {
    static const std::set<std::string> s = {
        "the",   "of",      "and",     "in",      "to",      "a",     "with",    "for",   "was",   "were",  "is",
        "by",    "on",      "that",    "as",      "from",    "at",    "this",    "be",    "are",   "an",    "or",
        "we",    "these",   "which",   "not",     "between", "after", "than",    "our",   "also",  "been",  "has",
        "have",  "their",   "its",     "may",     "both",    "all",   "more",    "had",   "can",   "but",   "during",
        "into",  "there",   "other",   "such",    "no",      "most",  "however", "while", "each",  "only",  "two",
        "one",   "three",   "whether", "among",   "it",      "they",  "his",     "her",   "who",   "what",  "when",
        "how",   "why",     "any",     "some",    "were",    "them",  "there",   "then",  "use",   "used",  "using",
        "study", "results", "within",  "without", "those",   "did",   "does",    "via",   "per",   "about", "over",
        "under", "and",     "nor",     "but",     "out",     "here",  "where",   "will",  "would", "could", "should",
        "very",  "much",    "many",    "well"};
    return s;
}

// Lower-cased tokens of `text`, split at anything that is not a letter or
// digit; `usable` marks the ones a query may use.
struct Token {
    std::string word;
    bool usable;
};
std::vector<Token> tokenize(const std::string& text) {
    std::vector<Token> out;
    std::string cur;
    bool ascii_letters = true;
    auto flush = [&] {
        if (!cur.empty()) out.push_back({cur, ascii_letters && cur.size() >= 3 && !stopwords().count(cur)});
        cur.clear();
        ascii_letters = true;
    };
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) {
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) ascii_letters = false;
            cur += static_cast<char>(std::tolower(c));
        } else {
            flush();
        }
    }
    flush();
    return out;
}

std::vector<std::string> usable_words(const std::vector<Token>& tokens) {
    std::vector<std::string> out;
    for (const Token& t : tokens)
        if (t.usable) out.push_back(t.word);
    return out;
}

std::string pick_words(Rng& rng, const std::vector<std::string>& words, int n, const char* prefix = "") {
    std::string q;
    std::set<std::string> used;
    for (int tries = 0; tries < 20 && static_cast<int>(used.size()) < n && !words.empty(); ++tries) {
        const std::string& w = words[rng.below(words.size())];
        if (!used.insert(w).second) continue;
        if (!q.empty()) q += ' ';
        q += prefix + w;
    }
    return q;
}

// The surname of an author string ("Smith, John A." / "J A Smith" / "Smith JA").
std::string surname(const std::string& author) {
    std::string s = author;
    std::size_t comma = s.find(',');
    if (comma != std::string::npos)
        s = s.substr(0, comma);
    else {
        // "E J Reimer" (PubMed style in cohen2006) vs "Reimer EJ": take the longest word.
        std::string best, cur;
        for (char c : s + " ") {
            if (c == ' ') {
                if (cur.size() > best.size()) best = cur;
                cur.clear();
            } else {
                cur += c;
            }
        }
        s = best;
    }
    std::vector<Token> t = tokenize(s);
    if (t.size() != 1 || !t[0].usable) return {};
    return t[0].word;
}

std::string make_query(Rng& rng, const RisRecord& rec) {
    std::string title = first_of(rec, "TI");
    if (title.empty()) title = first_of(rec, "T1");
    std::string abstract = first_of(rec, "AB");
    std::vector<Token> title_tokens = tokenize(title), abstract_tokens = tokenize(abstract);
    std::vector<std::string> title_words = usable_words(title_tokens), abstract_words = usable_words(abstract_tokens);
    std::vector<std::string> all_words = title_words;
    all_words.insert(all_words.end(), abstract_words.begin(), abstract_words.end());
    if (all_words.empty()) return {};

    double kind = rng.unit();
    if (kind < 0.20) {  // phrase
        const std::vector<Token>& src = rng.chance(0.5) && abstract_tokens.size() > 1 ? abstract_tokens : title_tokens;
        std::vector<std::size_t> starts;
        for (std::size_t i = 0; i + 1 < src.size(); ++i)
            if (src[i].usable && src[i + 1].usable) starts.push_back(i);
        if (!starts.empty()) {
            std::size_t i = starts[rng.below(starts.size())];
            std::string q = "\"" + src[i].word + " " + src[i + 1].word + "\"";
            if (rng.chance(0.5)) q += " " + pick_words(rng, all_words, 1);
            return q;
        }
    } else if (kind < 0.35) {  // author
        std::vector<std::string> authors = all_of(rec, "AU");
        if (!authors.empty()) {
            std::string s = surname(authors[rng.below(authors.size())]);
            if (!s.empty()) {
                std::string q = "author:" + s;
                if (rng.chance(0.5)) q += " " + pick_words(rng, all_words, 1);
                return q;
            }
        }
    } else if (kind < 0.60) {  // field-tagged
        if (!title_words.empty()) {
            std::string q = pick_words(rng, title_words, rng.between(1, 2), "title:");
            if (rng.chance(0.4)) q += " " + pick_words(rng, all_words, 1);
            return q;
        }
    }
    // keywords (and the fallback of every other kind)
    int n = 1 + static_cast<int>(rng.unit() < 0.25 ? 0 : rng.unit() < 0.45 ? 1 : rng.unit() < 0.6 ? 2 : 3);
    return pick_words(rng, rng.chance(0.5) && !title_words.empty() ? title_words : all_words, n);
}

}  // namespace
}  // namespace citesearch::perf

int main(int argc, char** argv) {
    using namespace citesearch::perf;
    std::string corpus;
    std::size_t count = 2000;
    std::uint64_t seed = 7;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--corpus")
            corpus = value();
        else if (a == "--count")
            count = std::stoull(value());
        else if (a == "--seed")
            seed = std::stoull(value());
        else {
            std::cerr << "usage: perf-gen-queries --corpus DIR_OR_FILE [--count N] [--seed S]\n";
            return 2;
        }
    }
    if (corpus.empty()) {
        std::cerr << "perf-gen-queries: --corpus is required\n";
        return 2;
    }
    // Reservoir of `count` records (with a few spares for records that give no query).
    Rng rng(seed);
    std::size_t want = count + count / 4 + 10, seen = 0;
    std::vector<RisRecord> reservoir;
    for (const auto& file : ris_files(corpus)) {
        for_each_ris_record(file, [&](RisRecord& rec) {
            ++seen;
            if (reservoir.size() < want)
                reservoir.push_back(rec);
            else if (std::size_t j = rng.below(seen); j < want)
                reservoir[j] = rec;
        });
    }
    std::size_t written = 0;
    for (const RisRecord& rec : reservoir) {
        if (written >= count) break;
        std::string q = make_query(rng, rec);
        if (q.empty()) continue;
        std::printf("%s\n", q.c_str());
        ++written;
    }
    std::fprintf(stderr, "perf-gen-queries: %zu queries from %zu records\n", written, seen);
    return written == count ? 0 : 1;
}
