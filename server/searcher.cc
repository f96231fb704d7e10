#include "searcher.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "abbreviations.h"
#include "facet_spy.h"
#include "normalize.h"
#include "query_parser.h"
#include "record_summary.h"
#include "schema.h"
#include "snippet.h"

namespace citesearch {
namespace {

struct FacetSpec {
    const char* name;
    Xapian::valueno slot;
    bool list;
};
constexpr FacetSpec kFacets[] = {
    {"year", schema::kSlotYear, false},       {"journal", schema::kSlotJournal, false},
    {"author", schema::kSlotAuthors, true},   {"type", schema::kSlotType, false},
    {"keyword", schema::kSlotKeywords, true}, {"source", schema::kSlotSources, true},
};

const FacetSpec* find_facet(const std::string& name) {
    for (const FacetSpec& f : kFacets)
        if (name == f.name) return &f;
    return nullptr;
}

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

void set_order(Xapian::Enquire& enquire, SortOrder sort, Xapian::MultiValueKeyMaker& keys) {
    // Ties are broken by the record id, never by Xapian's document numbers,
    // so the order is the same however the records are spread over shards.
    switch (sort) {
        case SortOrder::relevance:
            enquire.set_sort_by_relevance_then_value(schema::kSlotRecordId, false);
            return;
        case SortOrder::newest:
            keys.add_value(schema::kSlotDate, true);
            break;
        case SortOrder::oldest:
            keys.add_value(schema::kSlotDate, false, std::string(1, '\xff'));  // undated records last
            break;
    }
    keys.add_value(schema::kSlotRecordId);
    enquire.set_sort_by_key(&keys, false);
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
    first.set_query(combine(query, filter));
    Xapian::MSet top = first.get_mset(0, kFeedbackRecords);
    if (top.empty()) return query;
    Xapian::RSet rset;
    for (Xapian::MSetIterator it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
    StemmedWordsOnly decider;
    Xapian::ESet eset = first.get_eset(kFeedbackTerms, rset, &decider);
    if (eset.empty()) return query;
    double best = eset.begin().get_weight();
    std::vector<Xapian::Query> terms;
    for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e)
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*e), best > 0 ? e.get_weight() / best : 1.0);
    Xapian::Query expansion(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_OR, query, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, kFeedbackWeight));
}

// The request's query, or BadRequest saying where it cannot be read. With
// `database` and SearchRequest::abbreviations, short forms the index knows
// also match their long form.
ParsedQuery parse_request_query(const SearchRequest& req, Xapian::Database* database = nullptr) {
    try {
        QueryOptions options;
        options.strict = req.strict;
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

// What a database path points at, for noticing a rebuild: the inode and
// mtime of its stub (the path itself when it is a stub file, DIR/XAPIANDB for
// a database folder in generations; a rebuild renames a new stub over it),
// or "plain" for a glass database folder, which only ever needs reopen().
std::string stub_stamp(const std::string& db_path) {
    struct stat st;
    if (::stat(db_path.c_str(), &st) != 0) return {};
    if (S_ISDIR(st.st_mode)) {
        if (::access((db_path + "/iamglass").c_str(), F_OK) == 0) return "plain";
        if (::stat((db_path + "/XAPIANDB").c_str(), &st) != 0) return {};
    }
    return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

Searcher::Searcher(SearcherOptions options) : options_(std::move(options)) {}

Xapian::Database& Searcher::db() {
    namespace fs = std::filesystem;
    auto now = std::chrono::steady_clock::now();
    std::error_code ec;
    if (!db_) {
        try {
            if (!fs::exists(options_.db_path, ec)) throw IndexUnavailable("no index at " + options_.db_path);
            std::string stamp = stub_stamp(options_.db_path);  // before opening: a switch in between costs one reopen
            db_.emplace(options_.db_path);
            stub_stamp_ = std::move(stamp);
            last_check_ = now;
        } catch (const Xapian::Error& e) {
            db_.reset();
            throw IndexUnavailable("index at " + options_.db_path + " cannot be opened: " + e.get_description());
        }
        return *db_;
    }
    if (now - last_check_ >= options_.reload_interval) {
        last_check_ = now;
        // A stub replaced by rename (a full rebuild) needs a fresh open;
        // otherwise reopen() moves to the latest committed revision.
        std::string stamp = stub_stamp(options_.db_path);
        if (stamp != stub_stamp_) {
            try {
                Xapian::Database fresh(options_.db_path);
                db_ = std::move(fresh);
                stub_stamp_ = std::move(stamp);
                return *db_;
            } catch (const Xapian::Error&) {
                // Keep serving the old revision until the new one opens.
            }
        }
        try {
            db_->reopen();
        } catch (const Xapian::Error&) {
            // The old revision stays readable until a request proves otherwise.
        }
    }
    return *db_;
}

template <typename F>
auto Searcher::with_retry(F&& body) -> decltype(body()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return body();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 3) throw IndexUnavailable("the index changed too often during the request; try again");
            try {
                db_->reopen();
            } catch (const Xapian::Error&) {
                db_.reset();
            }
        } catch (const Xapian::DatabaseOpeningError& e) {
            db_.reset();
            throw IndexUnavailable(std::string("index unreadable: ") + e.get_description());
        } catch (const Xapian::DatabaseCorruptError& e) {
            db_.reset();
            throw IndexUnavailable(std::string("index unreadable: ") + e.get_description());
        } catch (const Xapian::DatabaseError& e) {
            db_.reset();
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
        if (!find_facet(f)) throw BadRequest("bad_parameter", "facets", "unknown facet \"" + f + "\"; use year, journal, author, type, keyword or source");

    ParsedQuery parsed = parse_request_query(req);

    return with_retry([&] {
        Xapian::Database& database = db();
        if (req.abbreviations) parsed = parse_request_query(req, &database);
        SearchResults out;
        out.understood = parsed.understood;
        Xapian::Query filter = filter_query(req.filters);
        Xapian::Enquire enquire(database);
        set_ranking(enquire);
        if (options_.time_limit_seconds > 0) enquire.set_time_limit(options_.time_limit_seconds);
        Xapian::MultiValueKeyMaker keys;
        set_order(enquire, req.sort, keys);

        std::vector<std::pair<const FacetSpec*, std::unique_ptr<FacetSpy>>> spies;
        for (const std::string& name : req.facets) {
            const FacetSpec* spec = find_facet(name);
            auto spy = std::make_unique<FacetSpy>(spec->slot, spec->list, spec->slot == schema::kSlotYear);
            enquire.add_matchspy(spy.get());
            spies.emplace_back(spec, std::move(spy));
        }

        std::size_t offset = (req.page - 1) * req.size;
        Xapian::doccount check_at_least = spies.empty() ? 1000 : static_cast<Xapian::doccount>(options_.facet_exact_limit);
        auto started = std::chrono::steady_clock::now();

        Xapian::MSet mset;
        bool matched_exactly = false;
        if (parsed.exact) {
            enquire.set_query(combine(*parsed.exact, filter));
            mset = enquire.get_mset(offset, req.size, check_at_least);
            matched_exactly = mset.get_matches_estimated() > 0;
            if (matched_exactly) out.understood = parsed.exact_understood + " (exact look-up)";
        }
        if (!matched_exactly) {
            if (parsed.exact) {  // spies saw nothing; start them afresh
                enquire.clear_matchspies();
                for (auto& [spec, spy] : spies) {
                    spy = std::make_unique<FacetSpy>(spec->slot, spec->list, spec->slot == schema::kSlotYear);
                    enquire.add_matchspy(spy.get());
                }
            }
            Xapian::Query query = req.feedback && !parsed.query.empty() ? with_feedback(database, parsed.query, filter) : parsed.query;
            enquire.set_query(combine(query, filter));
            mset = enquire.get_mset(offset, req.size, check_at_least);
        }
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        out.timed_out = options_.time_limit_seconds > 0 && elapsed >= options_.time_limit_seconds;

        out.total = mset.get_matches_estimated();
        out.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        out.facets_exact = out.total_exact && out.total <= options_.facet_exact_limit;
        // Spies see every match up to check_at_least; beyond, their counts
        // are scaled to the whole match and facets_exact says they are estimates.
        double facet_scale = 1.0;
        if (!spies.empty()) {
            std::size_t seen = spies.front().second->seen();
            out.facets_exact = out.total_exact && seen >= out.total;
            if (!out.facets_exact && seen > 0 && out.total > seen) facet_scale = static_cast<double>(out.total) / static_cast<double>(seen);
        }
        for (auto& [spec, spy] : spies)
            out.facets[spec->name] = spy->top(options_.facet_size, spec->slot == schema::kSlotYear, facet_scale);

        SnippetMaker snippets(parsed.highlight);
        std::size_t rank = offset;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.rank = ++rank;
            // The all-terms-first bonus orders records; the score shown is the ranking scheme's own.
            hit.score = it.get_weight();
            if (parsed.all_terms_weight > 0 && hit.score >= parsed.all_terms_weight) hit.score -= parsed.all_terms_weight;
            hit.record = stored_record_summary_from_json(it.get_document().get_data());
            hit.id = hit.record.id;
            if (req.snippets) {
                const Citation& c = hit.record.citation;
                hit.snippet = Snippet{snippets.mark_all(c.title), snippets.best_window(c.abstract_text)};
            }
            out.hits.push_back(std::move(hit));
        }

        // "Did you mean": a word the index does not hold, with a close one it does.
        if (!parsed.words.empty()) {
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
        return out;
    });
}

std::optional<StoredRecord> Searcher::record(const std::string& id) {
    return with_retry([&]() -> std::optional<StoredRecord> {
        Xapian::Database& database = db();
        std::string t = schema::boolean_term(schema::kId, id);
        Xapian::PostingIterator p = database.postlist_begin(t);
        if (p == database.postlist_end(t)) return std::nullopt;
        return stored_record_from_json(database.get_document(*p).get_data());
    });
}

std::optional<std::vector<Hit>> Searcher::similar(const std::string& id, std::size_t size) {
    return with_retry([&]() -> std::optional<std::vector<Hit>> {
        Xapian::Database& database = db();
        std::string t = schema::boolean_term(schema::kId, id);
        Xapian::PostingIterator p = database.postlist_begin(t);
        if (p == database.postlist_end(t)) return std::nullopt;
        Xapian::RSet rset;
        rset.add_document(*p);
        Xapian::Enquire enquire(database);
        enquire.set_query(Xapian::Query(t));
        WordsOnly decider;
        Xapian::ESet eset = enquire.get_eset(25, rset, &decider);
        std::vector<Xapian::Query> terms;
        for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e) terms.emplace_back(*e);
        std::vector<Hit> hits;
        if (terms.empty()) return hits;
        Xapian::Query q(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                        Xapian::Query(t));
        enquire.set_query(q);
        enquire.set_sort_by_relevance_then_value(schema::kSlotRecordId, false);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(size));
        std::size_t rank = 0;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.rank = ++rank;
            hit.score = it.get_weight();
            hit.record = stored_record_summary_from_json(it.get_document().get_data());
            hit.id = hit.record.id;
            hits.push_back(std::move(hit));
        }
        return hits;
    });
}

std::vector<Suggestion> Searcher::suggest(const std::string& text, std::size_t size) {
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
        std::vector<Suggestion> out;
        for (const Candidate& c : found) {
            if (out.size() >= size) break;
            out.push_back({c.text, c.kind});
        }
        return out;
    });
}

IndexStats Searcher::stats() {
    return with_retry([&] {
        Xapian::Database& database = db();
        IndexStats s;
        s.records = database.get_doccount();
        try {
            s.revision = database.get_revision();
        } catch (const Xapian::Error&) {
            s.revision = 0;  // several databases: no single revision
        }
        s.last_indexed = database.get_metadata(std::string(schema::kMetaLastIndexed));
        std::string prefix(schema::kSource);
        for (Xapian::TermIterator t = database.allterms_begin(prefix); t != database.allterms_end(prefix); ++t)
            s.sources.push_back({(*t).substr(prefix.size()), t.get_termfreq()});
        std::string file_prefix(kManifestKeyPrefix);
        for (Xapian::TermIterator k = database.metadata_keys_begin(file_prefix); k != database.metadata_keys_end(file_prefix); ++k)
            if (std::string entry = database.get_metadata(*k); !entry.empty()) s.files.push_back(ingested_file_from_json(entry));
        return s;
    });
}

void Searcher::for_each_match(const SearchRequest& req, std::size_t limit, const std::function<void(const StoredRecord&)>& sink) {
    ParsedQuery parsed = parse_request_query(req);
    // Collect first, then emit: a retry after DatabaseModifiedError must not emit twice.
    std::vector<StoredRecord> records = with_retry([&] {
        Xapian::Database& database = db();
        if (req.abbreviations) parsed = parse_request_query(req, &database);
        Xapian::Enquire enquire(database);
        set_ranking(enquire);
        Xapian::MultiValueKeyMaker keys;
        set_order(enquire, req.sort, keys);
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
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
            out.push_back(stored_record_from_json(it.get_document().get_data()));
        return out;
    });
    for (const StoredRecord& r : records) sink(r);
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
    return Lease(*this, std::make_unique<Searcher>(options_));
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
