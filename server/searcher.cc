#include "searcher.h"

#include <algorithm>
#include <cctype>

#include "abbreviations.h"
#include "facet_counts.h"
#include "normalize.h"
#include "query_parser.h"
#include "record_summary.h"
#include "schema.h"
#include "snippet.h"
#include "stemming.h"

namespace citesearch {
namespace {

Xapian::Query or_terms(std::string_view prefix, const std::vector<std::string>& values, bool fold_values) {
    std::vector<Xapian::Query> qs;
    for (const std::string& v : values) qs.emplace_back(schema::boolean_term(prefix, fold_values ? fold(collapse_space(v)) : v));
    return Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end());
}

Xapian::Query filter_query(const Filters& f) {
    std::vector<Xapian::Query> parts;
    if (f.year_from || f.year_to) {
        std::string lo = f.year_from ? Xapian::sortable_serialise(*f.year_from) : std::string();
        std::string hi = f.year_to ? Xapian::sortable_serialise(*f.year_to) : std::string();
        if (f.year_from && f.year_to) parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotYear, lo, hi);
        else if (f.year_from) parts.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kSlotYear, lo);
        else parts.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kSlotYear, hi);
    }
    if (!f.authors.empty()) parts.push_back(or_terms(schema::kAuthorFacet, f.authors, true));
    if (!f.journals.empty()) parts.push_back(or_terms(schema::kJournal, f.journals, true));
    if (!f.types.empty()) parts.push_back(or_terms(schema::kType, f.types, true));
    if (!f.keywords.empty()) parts.push_back(or_terms(schema::kKeyword, f.keywords, true));
    if (!f.sources.empty()) parts.push_back(or_terms(schema::kSource, f.sources, false));
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query combine(const Xapian::Query& main, const Xapian::Query& filter) {
    // Every document for an empty query: a fresh Query(""), never a copy of
    // the global Query::MatchAll, whose reference count is not atomic
    // (concurrent empty searches raced on it and crashed the server under load).
    Xapian::Query m = main.empty() ? Xapian::Query(std::string()) : main;
    if (filter.empty()) return m;
    return Xapian::Query(Xapian::Query::OP_FILTER, m, filter);
}

void set_order(Xapian::Enquire& enquire, SortOrder sort) {
    // Ties are broken by the record id, never by Xapian's document numbers,
    // so the order is the same however the records are spread over shards.
    // Date orders sort by one value holding date and id (schema.h): the
    // remote backend sorts by a value, not by a KeyMaker.
    switch (sort) {
        case SortOrder::relevance:
            enquire.set_sort_by_relevance_then_value(schema::kSlotRecordId, false);
            return;
        case SortOrder::newest:
            enquire.set_sort_by_value(schema::kSlotNewestKey, true);
            return;
        case SortOrder::oldest:
            enquire.set_sort_by_value(schema::kSlotOldestKey, false);
            return;
    }
}

// Only plain words are worth suggesting for "more like this".
class WordsOnly : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& t) const override {
        return !t.empty() && ((t[0] >= 'a' && t[0] <= 'z') || static_cast<unsigned char>(t[0]) >= 0x80) && t.size() > 2;
    }
};

std::string title_case(const std::string& folded) {
    std::string out = folded;
    bool start = true;
    for (char& c : out) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = (c == ' ' || c == '-');
    }
    return out;
}

// The ranking scheme, everywhere records are ranked by relevance: DFR's
// IneB2, whose term weight also grows with how concentrated a term is in the
// records holding it (the names of genes, drugs, methods). It beat BM25,
// Xapian's defaults and tuned, on the judged collections (docs/relevance.md).
void set_ranking(Xapian::Enquire& enquire) { enquire.set_weighting_scheme(Xapian::IneB2Weight(1.0)); }

// Expand sets weigh terms by their frequency over the whole index, which
// over several databases Xapian only approximates unless told to count.
constexpr int kExpandFlags = Xapian::Enquire::USE_EXACT_TERMFREQ;

// Pseudo-relevance feedback (SearchRequest::feedback): the best terms of
// the top records join the query at a fraction of their weight.
constexpr Xapian::doccount kFeedbackRecords = 10;
constexpr Xapian::termcount kFeedbackTerms = 20;
constexpr double kFeedbackWeight = 0.3;

// Feedback terms: stemmed words of the free text ("Zliver"), not field or
// boolean terms.
class StemmedWordsOnly : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& t) const override {
        return t.size() > 3 && t[0] == 'Z' && !(t[1] >= 'A' && t[1] <= 'Z');
    }
};

Xapian::Query with_feedback(Xapian::Database& database, const Xapian::Query& query, const Xapian::Query& filter) {
    Xapian::Enquire first(database);  // its own Enquire: facet spies must see only the final match
    set_ranking(first);
    set_order(first, SortOrder::relevance);
    first.set_query(combine(query, filter));
    Xapian::MSet top = first.get_mset(0, kFeedbackRecords);
    if (top.empty()) return query;
    Xapian::RSet rset;
    for (Xapian::MSetIterator it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
    StemmedWordsOnly decider;
    Xapian::ESet eset = first.get_eset(kFeedbackTerms, rset, kExpandFlags, &decider);
    if (eset.empty()) return query;
    double best = eset.begin().get_weight();
    std::vector<Xapian::Query> terms;
    for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e)
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*e), best > 0 ? e.get_weight() / best : 1.0);
    Xapian::Query expansion(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_OR, query, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, kFeedbackWeight));
}

// The `max` most frequent terms that start with `prefix` (ties: the first
// in term order), in term order: what OP_WILDCARD picks in one database,
// picked here over every shard at once (QueryOptions::expand_wildcard).
std::vector<std::string> expand_wildcard(Xapian::Database& database, const std::string& prefix, Xapian::termcount max) {
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (Xapian::TermIterator t = database.allterms_begin(prefix); t != database.allterms_end(prefix); ++t)
        found.emplace_back(t.get_termfreq(), *t);
    auto more_frequent = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
    if (found.size() > max) {
        std::nth_element(found.begin(), found.begin() + max, found.end(), more_frequent);
        found.resize(max);
    }
    std::vector<std::string> terms;
    for (auto& [freq, term] : found) terms.push_back(std::move(term));
    std::sort(terms.begin(), terms.end());
    return terms;
}

// The request's query, or BadRequest saying where it cannot be read, its
// words stemmed by `stemmer` (the index's). With `database`, wildcards are
// expanded over it and, with SearchRequest::abbreviations, short forms the
// index knows also match their long form.
ParsedQuery parse_request_query(const SearchRequest& req, Xapian::Database* database = nullptr,
                                std::string_view stemmer = kDefaultStemmer) {
    try {
        QueryOptions options;
        options.strict = req.strict;
        options.stemmer = stemmer;
        if (database) {
            options.expand_wildcard = [database](const std::string& prefix, Xapian::termcount max) {
                return expand_wildcard(*database, prefix, max);
            };
        }
        if (database && req.abbreviations)
            options.long_forms = [database](const std::string& word) {
                std::vector<std::string> forms;
                std::string key = abbreviation_key(word);
                for (Xapian::TermIterator t = database->synonyms_begin(key); t != database->synonyms_end(key) && forms.size() < 2; ++t)
                    forms.push_back(*t);
                return forms;
            };
        return parse_query(req.q, options);
    } catch (const QuerySyntaxError& e) {
        BadRequest err("bad_query", "q", e.what());
        err.position = e.position();
        throw err;
    }
}

}  // namespace

Searcher::Searcher(SearcherOptions options, ShardHealth& health)
    : options_(std::move(options)), shards_(options_.shards, health, options_.reload_interval) {}

Xapian::Database& Searcher::db(bool need_all) { return shards_.database(need_all); }

template <typename F>
auto Searcher::with_retry(F&& body) -> decltype(body()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return body();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 3) throw IndexUnavailable("the index changed too often during the request; try again");
            shards_.reopen();
        } catch (const Xapian::NetworkError& e) {
            // A remote shard went away or did not answer within its timeout.
            // It is marked down and the request runs again: without it when
            // partial results are allowed, else db() names it (503).
            shards_.network_failure(e);
            if (attempt >= 2) throw IndexUnavailable(std::string("a shard did not answer: ") + e.get_description());
        } catch (const Xapian::DatabaseError& e) {
            shards_.close_all();
            throw IndexUnavailable(std::string("index unreadable: ") + e.get_description());
        }
    }
}

SearchResults Searcher::search(const SearchRequest& req) {
    if (req.page < 1) throw BadRequest("bad_parameter", "page", "page must be 1 or more");
    if (req.size < 1 || req.size > kMaxPageSize)
        throw BadRequest("bad_parameter", "size", "size must be from 1 to " + std::to_string(kMaxPageSize));
    if ((req.page - 1) * req.size + req.size > kMaxOffset)
        throw BadRequest("bad_parameter", "page",
                         "page * size may not exceed " + std::to_string(kMaxOffset) + "; narrow the search instead");
    for (const std::string& f : req.facets)
        if (!is_facet(f)) throw BadRequest("bad_parameter", "facets", "unknown facet \"" + f + "\"; use year, journal, author, type, keyword or source");

    parse_request_query(req);  // syntax errors are the client's, whatever the index

    return with_retry([&] {
        Xapian::Database& database = db();
        const std::string stemmer = shards_.stemmer();
        ParsedQuery parsed = parse_request_query(req, &database, stemmer);
        SearchResults out;
        out.understood = parsed.understood;
        Xapian::Query filter = filter_query(req.filters);
        Xapian::Enquire enquire(database);
        set_ranking(enquire);
        if (options_.time_limit_seconds > 0) enquire.set_time_limit(options_.time_limit_seconds);
        set_order(enquire, req.sort);

        std::size_t offset = (req.page - 1) * req.size;
        constexpr Xapian::doccount kCheckAtLeast = 1000;  // totals are estimated beyond
        auto started = std::chrono::steady_clock::now();

        Xapian::MSet mset;
        Xapian::Query query;
        if (parsed.exact) {
            query = combine(*parsed.exact, filter);
            enquire.set_query(query);
            mset = enquire.get_mset(offset, req.size, kCheckAtLeast);
            if (mset.get_matches_estimated() > 0) out.understood = parsed.exact_understood + " (exact look-up)";
            else query = Xapian::Query();
        }
        if (query.empty()) {
            query = combine(req.feedback && !parsed.query.empty() ? with_feedback(database, parsed.query, filter) : parsed.query, filter);
            enquire.set_query(query);
            mset = enquire.get_mset(offset, req.size, kCheckAtLeast);
        }
        out.total = mset.get_matches_estimated();
        out.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        out.facets_exact = out.total_exact && out.total <= options_.facet_exact_limit;

        // Facets are counted in a pass of their own: over remote shards,
        // Xapian 1.4 counts a few records twice in a match spy when the same
        // match also returns relevance-ranked hits in another order. A spy
        // sees every record the matcher checks, and a match that only
        // counts (no hits asked) checks every match: at 100k records a broad
        // query counted all of them, 13x the cost of the search and 433 MB of
        // server memory (docs/performance.md). So the pass asks for
        // facet_exact_limit hits in document-id order with no weights, which
        // lets the matcher stop there: the spies see every match up to the
        // bound, else the first that many (each remote shard that many of
        // its own), and their counts are scaled to the search's total.
        // facets_exact says which.
        if (!req.facets.empty()) {
            const auto limit = static_cast<Xapian::doccount>(options_.facet_exact_limit);
            Xapian::Enquire counting(database);
            if (options_.time_limit_seconds > 0) counting.set_time_limit(options_.time_limit_seconds);
            counting.set_weighting_scheme(Xapian::BoolWeight());
            counting.set_docid_order(Xapian::Enquire::ASCENDING);
            FacetCounter facets(req.facets);
            facets.attach(counting, shards_.all_local() ? &database : nullptr, limit);
            counting.set_query(query);
            Xapian::MSet counted = counting.get_mset(0, limit, limit);
            const std::size_t seen = facets.seen();
            if (counted.get_matches_lower_bound() == counted.get_matches_upper_bound()) {  // e.g. it saw every match
                out.total = counted.get_matches_lower_bound();
                out.total_exact = true;
            }
            out.facets_exact = out.total_exact && seen >= out.total;
            double facet_scale = 1.0;
            if (!out.facets_exact && seen > 0 && out.total > seen) facet_scale = static_cast<double>(out.total) / static_cast<double>(seen);
            out.facets = facets.results(options_.facet_size, facet_scale);
        }
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        out.timed_out = options_.time_limit_seconds > 0 && elapsed >= options_.time_limit_seconds;

        std::vector<std::string> data = shards_.hit_data(mset);
        SnippetMaker snippets(parsed.highlight, stemmer);
        std::size_t rank = offset;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.rank = ++rank;
            // The all-terms-first bonus orders records; the score shown is the ranking scheme's own.
            hit.score = it.get_weight();
            if (parsed.all_terms_weight > 0 && hit.score >= parsed.all_terms_weight) hit.score -= parsed.all_terms_weight;
            hit.record = stored_record_summary_from_json(data[rank - offset - 1]);
            hit.id = hit.record.id;
            if (req.snippets) {
                const Citation& c = hit.record.citation;
                hit.snippet = Snippet{snippets.mark_all(c.title), snippets.best_window(c.abstract_text)};
            }
            out.hits.push_back(std::move(hit));
        }

        // "Did you mean": a word the index does not hold, with a close one it
        // does. Only local databases have a spelling table Xapian can read
        // (not its remote backend): without one, no term frequency is asked
        // of the shards for nothing, a round trip per word and shard.
        if (!parsed.words.empty() && shards_.any_local()) {
            std::string corrected = req.q;
            bool changed = false;
            for (auto w = parsed.words.rbegin(); w != parsed.words.rend(); ++w) {
                if (w->folded.size() < 3 || database.get_termfreq(w->folded) > 0) continue;
                std::string s = database.get_spelling_suggestion(w->folded, 2);
                if (s.empty() || s == w->folded) continue;
                corrected.replace(w->begin, w->end - w->begin, s);
                changed = true;
            }
            if (changed) out.suggestion = corrected;
        }
        out.missing_shards = shards_.missing();
        return out;
    });
}

namespace {

// Not found in the shards that answered: an answer only when none is missing.
std::nullopt_t not_found(const std::string& id, const std::vector<std::string>& missing) {
    if (!missing.empty())
        throw IndexUnavailable("record " + id + " is not in the shards that answered; it may be in a missing one", missing);
    return std::nullopt;
}

}  // namespace

std::optional<StoredRecord> Searcher::record(const std::string& id) {
    return with_retry([&]() -> std::optional<StoredRecord> {
        Xapian::Database& database = db();
        std::string t = schema::boolean_term(schema::kId, id);
        Xapian::PostingIterator p = database.postlist_begin(t);
        if (p == database.postlist_end(t)) return not_found(id, shards_.missing());
        return stored_record_from_json(database.get_document(*p).get_data());
    });
}

std::optional<SimilarResults> Searcher::similar(const std::string& id, std::size_t size) {
    return with_retry([&]() -> std::optional<SimilarResults> {
        Xapian::Database& database = db();
        std::string t = schema::boolean_term(schema::kId, id);
        Xapian::PostingIterator p = database.postlist_begin(t);
        if (p == database.postlist_end(t)) return not_found(id, shards_.missing());
        Xapian::RSet rset;
        rset.add_document(*p);
        Xapian::Enquire enquire(database);
        enquire.set_query(Xapian::Query(t));
        WordsOnly decider;
        Xapian::ESet eset = enquire.get_eset(25, rset, kExpandFlags, &decider);
        std::vector<Xapian::Query> terms;
        for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e) terms.emplace_back(*e);
        SimilarResults out;
        out.missing_shards = shards_.missing();
        if (terms.empty()) return out;
        Xapian::Query q(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                        Xapian::Query(t));
        enquire.set_query(q);
        set_order(enquire, SortOrder::relevance);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(size));
        std::vector<std::string> data = shards_.hit_data(mset);
        std::size_t rank = 0;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.score = it.get_weight();
            hit.record = stored_record_summary_from_json(data[rank]);
            hit.rank = ++rank;
            hit.id = hit.record.id;
            out.hits.push_back(std::move(hit));
        }
        return out;
    });
}

SuggestResults Searcher::suggest(const std::string& text, std::size_t size) {
    // Complete the last word of what was typed.
    std::string folded = fold(collapse_space(text));
    std::size_t cut = folded.find_last_of(' ');
    std::string head = cut == std::string::npos ? std::string() : folded.substr(0, cut + 1);
    std::string last = cut == std::string::npos ? folded : folded.substr(cut + 1);
    if (last.empty()) return {};
    return with_retry([&] {
        Xapian::Database& database = db();
        struct Candidate {
            std::string text;
            std::string kind;
            Xapian::doccount freq;
        };
        std::vector<Candidate> found;
        auto scan = [&](const std::string& prefix, const std::string& kind, const std::string& value, bool whole) {
            std::size_t scanned = 0;  // bounded: a one-letter prefix may have many thousands of terms
            for (Xapian::TermIterator t = database.allterms_begin(prefix + value);
                 t != database.allterms_end(prefix + value) && scanned < 5000; ++t, ++scanned) {
                std::string v = (*t).substr(prefix.size());
                if (v == value && kind == "word") continue;
                found.push_back({whole ? title_case(v) : head + v, kind, t.get_termfreq()});
            }
        };
        scan("", "word", last, false);
        scan(std::string(schema::kAuthorFacet), "author", folded, true);
        scan(std::string(schema::kJournal), "journal", folded, true);
        std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) { return a.freq > b.freq; });
        SuggestResults out;
        for (const Candidate& c : found) {
            if (out.suggestions.size() >= size) break;
            out.suggestions.push_back({c.text, c.kind});
        }
        out.missing_shards = shards_.missing();
        return out;
    });
}

IndexStats Searcher::stats() {
    return with_retry([&] {
        Xapian::Database& database = db(false);
        IndexStats s;
        s.records = database.get_doccount();
        std::vector<Xapian::Database*> parts = shards_.open_shards();
        // One local database has a revision; several have none between them.
        s.revision = 0;
        if (options_.shards.size() == 1 && !options_.shards.front().remote()) {
            try {
                s.revision = database.get_revision();
            } catch (const Xapian::Error&) {
                s.revision = 0;  // a stub listing several databases
            }
        }
        // Xapian reads metadata from the first database only: each shard
        // says when it was last written (the latest counts), and the
        // manifest is the union of theirs (shard-0's, for an index written
        // with --shards).
        std::string file_prefix(kManifestKeyPrefix);
        for (Xapian::Database* part : parts) {
            s.last_indexed = std::max(s.last_indexed, part->get_metadata(std::string(schema::kMetaLastIndexed)));
            for (Xapian::TermIterator k = part->metadata_keys_begin(file_prefix); k != part->metadata_keys_end(file_prefix); ++k)
                if (std::string entry = part->get_metadata(*k); !entry.empty()) s.files.push_back(ingested_file_from_json(entry));
        }
        std::sort(s.files.begin(), s.files.end(), [](const IngestedFile& a, const IngestedFile& b) { return a.path < b.path; });
        std::string prefix(schema::kSource);
        for (Xapian::TermIterator t = database.allterms_begin(prefix); t != database.allterms_end(prefix); ++t)
            s.sources.push_back({(*t).substr(prefix.size()), t.get_termfreq()});
        s.shards = shards_.status();
        s.missing_shards = shards_.missing();
        return s;
    });
}

std::vector<std::string> Searcher::for_each_match(const SearchRequest& req, std::size_t limit,
                                                  const std::function<void(const StoredRecord&)>& sink) {
    parse_request_query(req);  // syntax errors are the client's, whatever the index
    // Collect first, then emit: a retry after DatabaseModifiedError must not emit twice.
    std::vector<StoredRecord> records = with_retry([&] {
        Xapian::Database& database = db();
        ParsedQuery parsed = parse_request_query(req, &database, shards_.stemmer());
        Xapian::Enquire enquire(database);
        set_ranking(enquire);
        set_order(enquire, req.sort);
        Xapian::Query filter = filter_query(req.filters);
        Xapian::Query q = combine(req.feedback && !parsed.query.empty() ? with_feedback(database, parsed.query, filter) : parsed.query, filter);
        if (parsed.exact) {
            enquire.set_query(combine(*parsed.exact, filter));
            if (enquire.get_mset(0, 1).size() > 0) q = combine(*parsed.exact, filter);
        }
        enquire.set_query(q);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
        std::vector<StoredRecord> out;
        out.reserve(mset.size());
        for (const std::string& data : shards_.hit_data(mset)) out.push_back(stored_record_from_json(data));
        return out;
    });
    for (const StoredRecord& r : records) sink(r);
    return shards_.missing();
}

SearcherPool::Lease SearcherPool::acquire() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            std::unique_ptr<Searcher> s = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(s));
        }
    }
    return Lease(*this, std::make_unique<Searcher>(options_, health_));
}

void SearcherPool::reopen_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.clear();
}

void SearcherPool::give_back(std::unique_ptr<Searcher> s) {
    if (!s) return;
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(s));
}

}  // namespace citesearch
