#pragma once
// The query language of the search box and the API's `q` parameter: one
// parser, turning what a person typed into a Xapian::Query over the index
// layout of indexer/schema.h, plus a readable echo of how it was understood.
//
// Language (docs/query-language.md has the user-facing version):
//   free text          immune checkpoint          ranked (IneB2, docs/relevance.md); short queries put records holding every term first
//   phrases            "immune checkpoint"        also “smart quotes”; a quoted single word is not stemmed
//   booleans           AND OR NOT, +term, -term, ( ... )
//   wildcards          radio*                     bounded expansion (QueryOptions::max_wildcard_expansion)
//   fields             title: abstract: author: journal: keyword: doi: type: year:2020 year:2019..2022
//                      source: pmid: pubtype:     field:(a OR b) applies the field to a group
//   PubMed tags        liver[ti] checkpoint[tiab] "jost r"[au] jost r[au] "british journal of radiology"[ta]
//                      2019:2022[dp] review[pt] 10.1259/bjr.20220548[doi] 36075034[pmid] neoplasms[mh]
//   author forms       Jost R, "Jost, Raphaël", "Raphael Jost", "R. Jost" (same keys as the indexer)
//   identifiers        a DOI, doi.org URL, PMID or PubMed URL typed alone is looked up exactly first
//
// Precedence, tightest first: NOT/+/- (prefixes), adjacency (the implicit
// operator between clauses written side by side), AND, OR. So
// `liver cancer OR hepatic tumour` is (liver cancer) OR (hepatic tumour) and
// `immune checkpoint AND liver` is (immune checkpoint) AND liver, as in
// Xapian's QueryParser. Only upper-case AND/OR/NOT are operators.
//
// Adjacent clauses: `+x` is required, `-x`/`NOT x` excluded, filter clauses
// (author, journal, year, type, doi, pmid, source, pubtype) are required but
// do not rank, and the other (text) clauses are optional and ranked. At the
// top level, 2..coordination_max_terms optional text clauses are ranked
// "every term first": records holding all of them score
// ParsedQuery::all_terms_weight more than any record that misses one, then
// the ranking scheme orders within each group. With more clauses (a pasted
// claim, a review title, a question) the query is a bag of words, ranked by
// how well records match without requiring every word: common English
// words and words of requests ("articles", "papers", "find") are dropped,
// a hyphenated word also matches its parts and its joined spelling
// ("long-range" -> long, range, longrange), and records holding two adjacent
// words of the query close together (within 3 positions, in order) rank a
// little higher. docs/relevance.md measures each of these.
//
// Terms are produced exactly as the indexer's TermGenerator (STEM_SOME,
// english) produces them from fold()ed text: a word is searched through its
// stem ("Z" + prefix + stem), a phrase or hyphenated word ("PD-1",
// "hepato-cellular") through positional unstemmed terms. Two exceptions,
// for words typed in free text: a word in capitals in a query that also has
// lower case ("AIDS", "COPI") is an acronym, searched unstemmed (not as
// "aid", "copi" = "copy") and never dropped as a common word ("WHO"); a
// camel-case word ("ACEInhibitors") also matches its parts (ace AND
// inhibitors). A "+" or "-" glued to the text before it ("(H2A)-histone")
// or followed by a digit ("-2", "+1") is part of the text, not an operator.
//
// Forgiving by default, like PubMed's box or Elasticsearch's simple query
// string: a stray quote or parenthesis, an unknown `word:` ("Cancer: a
// review"), an unknown or misplaced [tag], an operator in the wrong place is
// read as plain text (or dropped when it has no text), `understood` says how
// and `reinterpreted` is set. With strict=true the same problems throw
// QuerySyntaxError ("unbalanced quote at 14", "unknown field 'cancer' at 0",
// "AND at 0 has nothing on its left"). A malformed or empty year range
// (year:2022..abc, year:abc, 2022:abc[dp], year:2022..2019) can't be answered
// as asked and throws in both modes.
//
// Hostile input is bounded: work is linear in the input, recursion never goes
// deeper than max_depth parentheses, at most max_terms terms and
// max_wildcards wildcards are kept (a wildcard's expansion, in the searcher,
// costs a scan of the index terms with its prefix), and invalid UTF-8 or NUL
// bytes are handled (fold() replaces bad UTF-8).
//
// Pure function of its input (and of QueryOptions::long_forms and
// expand_wildcard, when set):
// thread-safe, needs no database. The returned
// Xapian::Query objects are not themselves safe to share between threads
// (Xapian's reference counts are not atomic): parse once per request.

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "stemming.h"

namespace citesearch {

// A query that cannot be answered as typed. position() is the 0-based offset
// of the problem in Unicode code points (the same number the message shows
// after "at"); with invalid UTF-8 each stray byte counts as one.
class QuerySyntaxError : public std::runtime_error {
public:
    QuerySyntaxError(std::size_t position, const std::string& message)
        : std::runtime_error(message), position_(position) {}
    std::size_t position() const { return position_; }

private:
    std::size_t position_;
};

struct QueryOptions {
    bool strict = false;
    Xapian::termcount max_wildcard_expansion = 200;  // most frequent terms kept
    std::size_t max_wildcards = 8;           // wildcards beyond this are dropped (strict: error); each scans its prefix's terms
    std::size_t coordination_max_terms = 5;  // up to this many free-text terms: all-terms-first ranking
    std::size_t max_terms = 1024;            // terms beyond this are dropped (strict: error)
    std::size_t max_depth = 64;              // parenthesis nesting beyond this is flattened (strict: error)
    // The stemmer of the index searched (indexer/stemming.h; the searcher
    // reads it from the index), so that query stems match the index's.
    std::string stemmer{kDefaultStemmer};
    // When set, a plain free-text word whose lookup returns exactly one long
    // form (folded text: "hematopoietic stem cells") also matches it, as a
    // synonym of the word (Xapian OP_SYNONYM). The searcher passes its
    // index's abbreviations (indexer/abbreviations.h) when a request asks.
    std::function<std::vector<std::string>(const std::string& word)> long_forms;
    // When set, a wildcard is expanded here rather than by Xapian: given the
    // term prefix ("Sradio", "XNjost r") and max_wildcard_expansion, it
    // returns the terms to match (their OP_SYNONYM; none matches nothing).
    // The searcher expands over every shard at once, so a sharded index
    // ranks a wildcard as one database would (Xapian would expand it in each
    // shard alone, from that shard's terms and frequencies).
    std::function<std::vector<std::string>(const std::string& prefix, Xapian::termcount max)> expand_wildcard;
};

struct ParsedQuery {
    // What to match and rank. Xapian::Query() (empty) when there is nothing
    // to search for (empty input, or only punctuation): the searcher then
    // matches every record. A query made only of filters or exclusions is
    // wrapped in OP_SCALE_WEIGHT 0: every match weighs 0.
    Xapian::Query query;
    // When the whole input is a DOI, doi.org URL, PMID ("36075034",
    // "PMID: 36075034") or PubMed URL: the exact look-up to try first, a
    // boolean query on the XD/XP term. If it matches nothing, run `query`,
    // the same identifier searched as text.
    std::optional<Xapian::Query> exact;
    // How `exact` reads, e.g. "doi:10.1259/bjr.20220548"; empty without `exact`.
    std::string exact_understood;
    // How `query` was understood, for people, in the query language itself
    // plus notes in parentheses, e.g.
    //   immune AND checkpoint (records with every term first)
    //   title:liver AND author:"jost r" AND year:2019..2022
    //   cancer AND a AND review (records with every term first; "cancer:" read as text)
    std::string understood;
    // Folded words to mark in snippets: the surface words of positive text
    // clauses (not NOT-ed), and the stems of stemmed words. No duplicates.
    std::vector<std::string> highlight;
    // Folded words of text clauses (free text, title, abstract, keyword;
    // excluded ones too, not filters or wildcards) in input order, for
    // spelling suggestions, with the byte span in the input each came from
    // (so a corrected query can be rebuilt). A word that folds differently
    // from how it is split ("ﬁ" ligatures and the like) gets its whole
    // token's span.
    struct Word {
        std::string folded;
        std::size_t begin = 0;
        std::size_t end = 0;
    };
    std::vector<Word> words;
    // True when forgiving mode read something as plain text or dropped it
    // (a syntax problem that strict mode would refuse).
    bool reinterpreted = false;
    // The constant added to the score of records that hold every term of a
    // short query (0 when that ranking is not used). Larger than any score
    // the ranking scheme gives a query (kAllTermsWeight in query_parser.cc),
    // so such records always come first; a searcher showing scores may
    // subtract it.
    double all_terms_weight = 0;
};

ParsedQuery parse_query(std::string_view text, const QueryOptions& options = {});

}  // namespace citesearch
