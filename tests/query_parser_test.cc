// Tests of server/query_parser: query construction compared as
// Xapian::Query::get_description() strings (Xapian's own style), the
// `understood` echo, forgiving vs strict handling, identifiers, author keys,
// agreement with the indexer's TermGenerator, ranking on a small in-memory
// index built the way indexer/document_builder.cc builds documents, and
// hostile input.

#include <catch2/catch.hpp>

#include <chrono>
#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <xapian.h>

#include "author_name.h"
#include "normalize.h"
#include "query_parser.h"
#include "stemming.h"

using citesearch::parse_query;
using citesearch::ParsedQuery;
using citesearch::QueryOptions;
using citesearch::QuerySyntaxError;

namespace {

std::string describe(std::string_view q, const QueryOptions& options = {}) {
    return parse_query(q, options).query.get_description();
}

QueryOptions strict() {
    QueryOptions o;
    o.strict = true;
    return o;
}

// "every term first" as it reads in a description, for terms t1..tn.
std::string ranked(const std::vector<std::string>& terms, long weight = 1000000000) {
    std::string all, any;
    for (const std::string& t : terms) {
        all += (all.empty() ? "" : " AND ") + t;
        any += " OR " + t;
    }
    return "Query(((PostingSource(Xapian::FixedWeightPostingSource(wt=" + std::to_string(weight) + ")) FILTER (" + all +
           "))" + any + "))";
}

// The bonuses of a bag of words, as they read in a description: each word as
// written and each pair of neighbouring words within 5 positions, at a tenth
// of their weight, then each pair of words one apart at 0.03.
std::string bag_bonuses(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += " OR 0.10000000000000000555 * " + w;
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
        out += " OR 0.10000000000000000555 * (" + words[i] + " PHRASE 5 " + words[i + 1] + ")";
    for (std::size_t i = 0; i + 2 < words.size(); ++i)
        out += " OR 0.02999999999999999889 * (" + words[i] + " PHRASE 5 " + words[i + 2] + ")";
    return out;
}

struct Case {
    const char* input;
    std::string description;
};

}  // namespace

TEST_CASE("queries are built from the terms the indexer produces", "[query]") {
    const std::vector<Case> cases = {
        // Free text: folded, stemmed through "Z" terms; digits are never stemmed.
        {"liver", "Query(Zliver)"},
        {"Tumors", "Query(Ztumor)"},
        {"Raphaël", "Query(Zraphael)"},
        {"2019", "Query(2019)"},
        {"covid19", "Query(Zcovid19)"},
        {"C++", "Query(Zc++)"},
        {"\"tumors\"", "Query(tumors)"},  // a quoted word is not stemmed
        // Phrases and words that the TermGenerator splits: positional, unstemmed.
        {"\"immune checkpoint\"", "Query((immune PHRASE 2 checkpoint))"},
        {"“immune checkpoint”", "Query((immune PHRASE 2 checkpoint))"},
        {"hepato-cellular", "Query((hepato PHRASE 2 cellular))"},
        {"PD-1", "Query((pd PHRASE 2 1))"},
        {"IL(6)", "Query((il PHRASE 2 6))"},
        {"\"the liver\"", "Query((the PHRASE 2 liver))"},
        // Fields.
        {"title:liver", "Query(ZSliver)"},
        {"Title:Liver", "Query(ZSliver)"},
        {"title:\"immune checkpoint\"", "Query((Simmune PHRASE 2 Scheckpoint))"},
        {"title:2019", "Query(S2019)"},
        {"abstract:liver", "Query(ZXAliver)"},
        {"abstract:\"immune checkpoint\"", "Query(((immune PHRASE 2 checkpoint) AND XAimmune AND XAcheckpoint))"},
        {"keyword:neoplasms", "Query(ZKneoplasm)"},
        {"journal:radiology", "Query(0 * ZXJradiologi)"},
        {"journal:\"british journal of radiology\"", "Query(0 * (XJbritish AND XJjournal AND XJof AND XJradiology))"},
        {"pubtype:review", "Query(0 * ZXUreview)"},
        {"author:jost", "Query(0 * XNjost)"},
        {"type:article", "Query(0 * XTjour)"},
        {"type:JOUR", "Query(0 * XTjour)"},
        {"type:chapter", "Query(0 * XTchap)"},
        {"type:thesis", "Query(0 * XTthes)"},
        // (doi:/pmid: typed alone are identifiers, see the exact look-up test.)
        {"x doi:10.1259/BJR.20220548", "Query((Zx FILTER XD10.1259/bjr.20220548))"},
        {"x doi:https://doi.org/10.1259/bjr.20220548", "Query((Zx FILTER XD10.1259/bjr.20220548))"},
        {"x doi:10.1016/S0140-6736(20)30183-5", "Query((Zx FILTER XD10.1016/s0140-6736(20)30183-5))"},
        {"x pmid:36075034", "Query((Zx FILTER XP36075034))"},
        {"source:sample/a.ris", "Query(0 * XSsample/a.ris)"},
        {"year:2020", "Query(0 * Y2020)"},
        {"year:2019..2022", "Query(VALUE_RANGE 0 \\xcf\\xe3 \\xcf\\xe6)"},
        {"year:2019-2022", "Query(VALUE_RANGE 0 \\xcf\\xe3 \\xcf\\xe6)"},
        {"year:2019..", "Query(VALUE_GE 0 \\xcf\\xe3)"},
        {"year:..2022", "Query(VALUE_LE 0 \\xcf\\xe6)"},
        {"title:(liver OR hepatic)", "Query((ZSliver OR ZShepat))"},
        // Wildcards: bounded expansion of the unstemmed terms.
        {"radio*", "Query(WILDCARD SYNONYM radio)"},
        {"title:radio*", "Query(WILDCARD SYNONYM Sradio)"},
        {"author:jos*", "Query(0 * WILDCARD SYNONYM XNjos)"},
        {"*", "Query()"},
        // PubMed tags, any case, glued or not.
        {"liver[ti]", "Query(ZSliver)"},
        {"liver[TI]", "Query(ZSliver)"},
        {"liver [ti]", "Query(ZSliver)"},
        {"checkpoint[tiab]", "Query((ZScheckpoint OR ZXAcheckpoint))"},
        {"checkpoint[Title/Abstract]", "Query((ZScheckpoint OR ZXAcheckpoint))"},
        {"checkpoint[ab]", "Query(ZXAcheckpoint)"},
        {"checkpoint[tw]", "Query(Zcheckpoint)"},
        {"checkpoint[all]", "Query(Zcheckpoint)"},
        {"\"british journal of radiology\"[ta]", "Query(0 * (XJbritish AND XJjournal AND XJof AND XJradiology))"},
        {"radiology[jour]", "Query(0 * ZXJradiologi)"},
        {"radiology[so]", "Query(0 * ZXJradiologi)"},
        {"2019:2022[dp]", "Query(VALUE_RANGE 0 \\xcf\\xe3 \\xcf\\xe6)"},
        {"2019/01/01:2022/12/31[dp]", "Query(VALUE_RANGE 0 \\xcf\\xe3 \\xcf\\xe6)"},
        {"2020[dp]", "Query(0 * Y2020)"},
        {"review[pt]", "Query(0 * ZXUreview)"},
        {"10.1259/bjr.20220548[doi]", "Query(0 * XD10.1259/bjr.20220548)"},
        {"36075034[pmid]", "Query(0 * XP36075034)"},
        {"36075034[uid]", "Query(0 * XP36075034)"},
        {"neoplasms[mh]", "Query(ZKneoplasm)"},
        {"neoplasms[majr]", "Query(ZKneoplasm)"},
        {"neoplasms[mh:noexp]", "Query(ZKneoplasm)"},
        {"neoplasms[kw]", "Query(ZKneoplasm)"},
        {"\"liver neoplasms\"[mh]", "Query(((liver PHRASE 2 neoplasms) AND Kliver AND Kneoplasms))"},
        {"jost r[au]", "Query(0 * XNjost r)"},
        {"english[la]", "Query()"},
        {"liver english[la]", "Query(Zliver)"},
        // Booleans, signs, parentheses; precedence NOT > adjacency > AND > OR.
        {"liver AND cancer", "Query((Zliver AND Zcancer))"},
        {"liver OR cancer", "Query((Zliver OR Zcancer))"},
        {"liver NOT mouse", "Query((Zliver AND_NOT Zmous))"},
        {"liver -mouse", "Query((Zliver AND_NOT Zmous))"},
        {"liver AND NOT mouse", "Query((Zliver AND_NOT Zmous))"},
        {"-mouse", "Query(0 * (<alldocuments> AND_NOT Zmous))"},
        {"NOT mouse NOT rat", "Query(0 * (<alldocuments> AND_NOT (Zmous OR Zrat)))"},
        {"NOT NOT liver", "Query(Zliver)"},
        {"+liver cancer tumor", "Query((Zliver AND_MAYBE (Zcancer OR Ztumor)))"},
        {"+liver +cancer", "Query((Zliver AND Zcancer))"},
        {"liver OR NOT mouse", "Query((Zliver OR 0 * (<alldocuments> AND_NOT Zmous)))"},
        {"a AND(b OR c)", "Query((Za AND (Zb OR Zc)))"},
        {"(a b) OR (c d)", "Query((Za OR Zb OR Zc OR Zd))"},
        {"a OR b AND c", "Query((Za OR (Zb AND Zc)))"},
        {"-(a OR b) c", "Query((Zc AND_NOT (Za OR Zb)))"},
        {"liver ()", "Query(Zliver)"},
        // Filters restrict text without weight; alone they weigh 0.
        {"liver year:2020", "Query((Zliver FILTER Y2020))"},
        {"liver AND year:2020", "Query((Zliver FILTER Y2020))"},
        {"liver OR year:2020", "Query((Zliver OR 0 * Y2020))"},
        {"year:2020 type:article", "Query(0 * (Y2020 AND XTjour))"},
        {"title:liver author:\"Jost R\" year:2019..2022",
         "Query((ZSliver FILTER (XNjost r AND VALUE_RANGE 0 \\xcf\\xe3 \\xcf\\xe6)))"},
        {"liver year:2020 -mouse", "Query(((Zliver FILTER Y2020) AND_NOT Zmous))"},
        // Short top-level runs: records with every term first.
        {"immune checkpoint", ranked({"Zimmun", "Zcheckpoint"})},
        {"hepato-cellular carcinoma", ranked({"(hepato PHRASE 2 cellular)", "Zcarcinoma"})},
        {"a b c d e", ranked({"Za", "Zb", "Zc", "Zd", "Ze"})},
        {"immune checkpoint year:2020",
         "Query((((PostingSource(Xapian::FixedWeightPostingSource(wt=1000000000)) FILTER (Zimmun AND Zcheckpoint)) OR "
         "Zimmun OR Zcheckpoint) FILTER Y2020))"},
        {"(immune checkpoint) liver", ranked({"(Zimmun OR Zcheckpoint)", "Zliver"})},
        // Long runs: a bag of words, common words dropped unless nothing else is
        // left, neighbouring words close together weighing a little more.
        {"the role of the immune system in the response to liver cancer",
         "Query((Zrole OR Zimmun OR Zsystem OR Zrespons OR Zliver OR Zcancer" + bag_bonuses({"role", "immune", "system", "response", "liver", "cancer"}) + "))"},
        {"a b c d e f", ranked({"Zb", "Zc", "Zd", "Ze", "Zf"})},  // five left after "a": every term first
        {"a b c d e f g", "Query((Zb OR Zc OR Zd OR Ze OR Zf OR Zg" + bag_bonuses({"b", "c", "d", "e", "f", "g"}) + "))"},
        {"the of and to in it", "Query((Zthe OR Zof OR Zand OR Zto OR Zin OR Zit" + bag_bonuses({"the", "of", "and", "to", "in", "it"}) + "))"},
        {"the", "Query(Zthe)"},
    };
    for (const Case& c : cases) {
        INFO("input: " << c.input);
        CHECK(describe(c.input) == c.description);
    }
}

TEST_CASE("understood echoes the query in the query language", "[query]") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"immune checkpoint", "immune AND checkpoint (records with every term first)"},
        {"title:liver author:\"Jost R\" year:2019..2022", "title:liver AND author:\"jost r\" AND year:2019..2022"},
        {"\"immune checkpoint\" OR radiology", "\"immune checkpoint\" OR radiology"},
        {"Cancer: a review", "cancer AND a AND review (records with every term first; \"cancer:\" read as text)"},
        {"Tumors", "tumors"},
        {"PD-1", "\"pd 1\""},
        {"liver[ti] AND checkpoint[tiab]", "title:liver AND (title:checkpoint OR abstract:checkpoint)"},
        {"jost r[au] 2019:2022[dp]", "author:\"jost r\" AND year:2019..2022"},
        {"\"british journal of radiology\"[ta]", "journal:\"british journal of radiology\""},
        {"review[pt] OR type:book", "pubtype:review OR type:book"},
        {"liver -mouse", "liver NOT mouse"},
        {"-mouse", "NOT mouse"},
        {"+liver cancer tumor", "+liver cancer tumor"},
        {"(a OR b) AND c", "(a OR b) AND c"},
        {"immune checkpoint AND liver", "(immune AND checkpoint) AND liver (records with every term first)"},
        {"a b c d e f", "b AND c AND d AND e AND f (records with every term first; common words ignored: a)"},
        {"a b c d e f g", "b OR c OR d OR e OR f OR g (common words ignored: a)"},
        {"radio* title:onco*", "radio* AND title:onco* (records with every term first)"},
        {"english[la] liver", "liver (\"english[la]\" ignored: languages are not indexed)"},
        {"", ""},
        {"...", "all records (nothing to search for)"},
    };
    for (const auto& [input, understood] : cases) {
        INFO("input: " << input);
        CHECK(parse_query(input).understood == understood);
    }
}

TEST_CASE("forgiving mode reads syntax problems as text and strict mode refuses them", "[query]") {
    struct Problem {
        const char* input;
        std::string forgiving_description;
        std::string forgiving_note;
        std::string strict_message;
        std::size_t strict_position;
    };
    const std::vector<Problem> problems = {
        {"liver \"cancer", ranked({"Zliver", "Zcancer"}), "unmatched quote at 6 ignored", "unbalanced quote at 6", 6},
        {"(liver cancer", ranked({"Zliver", "Zcancer"}), "unmatched \"(\" at 0 ignored", "unmatched '(' at 0", 0},
        {"liver cancer)", ranked({"Zliver", "Zcancer"}), "unmatched \")\" at 12 ignored", "unmatched ')' at 12", 12},
        {"Cancer: a review", ranked({"Zcancer", "Za", "Zreview"}), "\"cancer:\" read as text",
         "unknown field 'cancer' at 0", 0},
        // An operator word read as text is in capitals: an acronym, searched unstemmed.
        {"AND liver", ranked({"and", "Zliver"}), "\"AND\" at 0 read as a word", "AND at 0 has nothing on its left", 0},
        {"liver AND", ranked({"Zliver", "and"}), "\"AND\" at 6 read as a word", "AND at 6 has nothing on its right", 6},
        {"liver OR", ranked({"Zliver", "or"}), "\"OR\" at 6 read as a word", "OR at 6 has nothing on its right", 6},
        {"liver NOT", ranked({"Zliver", "not"}), "\"NOT\" at 6 read as a word", "NOT at 6 has nothing on its right", 6},
        {"(AND liver)", "Query((and OR Zliver))", "\"AND\" at 1 read as a word", "AND at 1 has nothing on its left", 1},
        {"cancer - a review", ranked({"Zcancer", "Za", "Zreview"}), "\"-\" at 7 ignored",
         "'-' at 7 has nothing on its right", 7},
        {"title: liver", ranked({"Ztitl", "Zliver"}), "\"title:\" read as text",
         "field 'title' at 0 has no value (write title:word or title:\"some words\")", 0},
        {"liver[xyz]", "Query(Zliver)", "unknown tag \"[xyz]\" at 5 ignored", "unknown field tag '[xyz]' at 5", 5},
        {"[ti] liver", "Query(Zliver)", "tag \"[ti]\" at 0 ignored", "field tag '[ti]' at 0 has no word before it", 0},
        // Positions count code points, not bytes.
        {"Raphaël \"x", ranked({"Zraphael", "Zx"}), "unmatched quote at 8 ignored", "unbalanced quote at 8", 8},
    };
    for (const Problem& p : problems) {
        INFO("input: " << p.input);
        ParsedQuery forgiving = parse_query(p.input);
        CHECK(forgiving.query.get_description() == p.forgiving_description);
        CHECK_THAT(forgiving.understood, Catch::Contains(p.forgiving_note));
        CHECK(forgiving.reinterpreted);
        try {
            parse_query(p.input, strict());
            FAIL("strict mode accepted it");
        } catch (const QuerySyntaxError& e) {
            CHECK(std::string(e.what()) == p.strict_message);
            CHECK(e.position() == p.strict_position);
        }
    }
}

TEST_CASE("well-formed queries are accepted in strict mode exactly as in forgiving mode", "[query]") {
    for (const char* input : {"immune checkpoint", "title:liver author:\"Jost R\" year:2019..2022",
                              "(a OR b) AND NOT c", "jost r[au] liver[ti]", "+liver -mouse", "see http://x.org/a",
                              "IL(6) levels", "10:30 e.g. 3.5mm"}) {
        INFO("input: " << input);
        ParsedQuery relaxed = parse_query(input);
        ParsedQuery exact = parse_query(input, strict());
        CHECK(exact.query.get_description() == relaxed.query.get_description());
        CHECK(exact.understood == relaxed.understood);
        CHECK_FALSE(relaxed.reinterpreted);
    }
}

TEST_CASE("a malformed year range is refused in both modes with the value and its position", "[query]") {
    struct Bad {
        const char* input;
        std::string message;
        std::size_t position;
    };
    const std::vector<Bad> cases = {
        {"year:2022..abc", "bad year '2022..abc' at 5: expected a year like 2020 or a range like 2019..2022", 5},
        {"year:abc", "bad year 'abc' at 5: expected a year like 2020 or a range like 2019..2022", 5},
        {"liver 2022:abc[dp]", "bad year '2022:abc' at 6: expected a year like 2020 or a range like 2019..2022", 6},
        {"year:2022..2019", "empty year range '2022..2019' at 5: 2022 is after 2019", 5},
        {"year:..", "bad year '..' at 5: expected a year like 2020 or a range like 2019..2022", 5},
        {"year:20*", "bad year '20*' at 5: expected a year like 2020 or a range like 2019..2022", 5},
    };
    for (const Bad& b : cases) {
        for (bool strict_mode : {false, true}) {
            INFO("input: " << b.input << (strict_mode ? " (strict)" : " (forgiving)"));
            QueryOptions o;
            o.strict = strict_mode;
            try {
                parse_query(b.input, o);
                FAIL("accepted");
            } catch (const QuerySyntaxError& e) {
                CHECK(std::string(e.what()) == b.message);
                CHECK(e.position() == b.position);
            }
        }
    }
}

TEST_CASE("a DOI, doi.org URL, PMID or PubMed URL typed alone is looked up exactly first", "[query]") {
    struct Id {
        const char* input;
        std::string exact;
        std::string exact_understood;
        std::string fallback;
    };
    const std::string doi_text = "Query((10.1259 PHRASE 3 bjr PHRASE 3 20220548))";
    const std::vector<Id> cases = {
        {"10.1259/bjr.20220548", "Query(XD10.1259/bjr.20220548)", "doi:10.1259/bjr.20220548", doi_text},
        {"  10.1259/BJR.20220548. ", "Query(XD10.1259/bjr.20220548)", "doi:10.1259/bjr.20220548", doi_text},
        {"https://doi.org/10.1259/bjr.20220548", "Query(XD10.1259/bjr.20220548)", "doi:10.1259/bjr.20220548", doi_text},
        {"http://dx.doi.org/10.1259/bjr.20220548", "Query(XD10.1259/bjr.20220548)", "doi:10.1259/bjr.20220548",
         doi_text},
        {"doi: 10.1259/bjr.20220548", "Query(XD10.1259/bjr.20220548)", "doi:10.1259/bjr.20220548", doi_text},
        {"10.1016/S0140-6736(20)30183-5", "Query(XD10.1016/s0140-6736(20)30183-5)",
         "doi:10.1016/s0140-6736(20)30183-5",
         "Query((10.1016 PHRASE 6 s0140 PHRASE 6 6736 PHRASE 6 20 PHRASE 6 30183 PHRASE 6 5))"},
        {"36075034", "Query(XP36075034)", "pmid:36075034", "Query(36075034)"},
        {"PMID: 36075034", "Query(XP36075034)", "pmid:36075034", "Query(36075034)"},
        {"https://pubmed.ncbi.nlm.nih.gov/36075034/", "Query(XP36075034)", "pmid:36075034", "Query(36075034)"},
    };
    for (const Id& c : cases) {
        INFO("input: " << c.input);
        ParsedQuery p = parse_query(c.input, strict());
        REQUIRE(p.exact);
        CHECK(p.exact->get_description() == c.exact);
        CHECK(p.exact_understood == c.exact_understood);
        CHECK(p.query.get_description() == c.fallback);
    }
    for (const char* not_alone : {"2020", "liver 36075034", "10.1259/bjr.20220548[doi]", "10.12/x", "doi:", "pmid:x"}) {
        INFO("input: " << not_alone);
        CHECK_FALSE(parse_query(not_alone).exact);
    }
}

TEST_CASE("every way of writing the seed author gives the indexer's key", "[query]") {
    // The seed record's first author is "Jost, Raphaël"; the indexer stores
    // name_keys() of its first reading, "jost r" among them.
    std::vector<std::string> indexed = citesearch::name_keys(citesearch::parse_author("Jost, Raphaël").front());
    REQUIRE(std::find(indexed.begin(), indexed.end(), "jost r") != indexed.end());

    for (const char* form : {"author:\"Jost R\"", "author:\"Jost, Raphaël\"", "author:\"R. Jost\"", "author:Jost,R",
                             "author:Jost R", "author:\"Jost, Raphael\"", "jost r[au]", "Jost R[au]", "\"Jost R\"[au]",
                             "\"Jost, Raphaël\"[au]", "\"R. Jost\"[au]"}) {
        INFO("form: " << form);
        CHECK(describe(form) == "Query(0 * XNjost r)");
    }
    // Without a comma or initials the order is ambiguous: both readings.
    CHECK(describe("author:\"Raphael Jost\"") == "Query(0 * (XNjost r OR XNraphael j))");
    CHECK(describe("\"Raphael Jost\"[au]") == "Query(0 * (XNjost r OR XNraphael j))");
    CHECK(parse_query("author:\"Raphael Jost\"").understood == "(author:\"jost r\" OR author:\"raphael j\")");
    // The family alone, and particles as the indexer reads them.
    CHECK(describe("author:jost") == "Query(0 * XNjost)");
    CHECK(describe("author:\"de Baere, Thierry\"") == "Query(0 * XNde baere t)");
    // Lower-case letters after author:word are words, not initials.
    CHECK(describe("author:jost r") == "Query((Zr FILTER XNjost))");
}

TEST_CASE("words are split into terms exactly as the indexer's TermGenerator splits them", "[query]") {
    const std::vector<std::string> texts = {
        "hepato-cellular carcinoma", "PD-1 inhibitors", "covid19 SARS-CoV-2", "C++ and C# and c+++++ code",
        "AT&T O'Neil don’t rock'n'roll", "1,000.5 mg 3.5mm 10.1259/bjr.20220548", "x+y fish+chips e.g. U.S.A.",
        "na\u200bive a\u00b7b", "Raphaël Søndergaard ﬁbrosis STRAẞE Œdème", "α-helix β-sheet", "日本語 テキスト",
        "under_score snake_case_word", std::string(70, 'x') + " after a very long word", "IL(6) [1] {2} <3>",
    };
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("english"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const std::string& text : texts) {
        INFO("text: " << text);
        Xapian::Document doc;
        generator.set_document(doc);
        generator.set_termpos(0);
        generator.index_text(citesearch::fold(text));
        std::map<Xapian::termpos, std::string> by_position;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) by_position[*p] = *t;
        std::vector<Xapian::Query> indexed;
        for (const auto& [pos, term] : by_position) indexed.emplace_back(term);
        Xapian::Query expected(Xapian::Query::OP_PHRASE, indexed.begin(), indexed.end(),
                               static_cast<Xapian::termcount>(indexed.size()));
        CHECK(describe("\"" + text + "\"") == expected.get_description());
    }
}

TEST_CASE("highlight holds positive surface words and stems, words hold spans in the input", "[query]") {
    ParsedQuery p = parse_query("Tumors \"immune checkpoint\" -mouse title:Raphaël author:jost year:2020");
    CHECK(p.highlight == std::vector<std::string>{"tumors", "tumor", "immune", "checkpoint", "raphael"});
    std::vector<std::string> folded;
    for (const auto& w : p.words) folded.push_back(w.folded);
    CHECK(folded == std::vector<std::string>{"tumors", "immune", "checkpoint", "mouse", "raphael"});
    std::string input = "Tumors \"immune checkpoint\" -mouse title:Raphaël author:jost year:2020";
    for (const auto& w : p.words) {
        INFO("word: " << w.folded);
        CHECK(citesearch::fold(input.substr(w.begin, w.end - w.begin)) == w.folded);
    }
    // Dropped common words are not highlighted but still listed as words.
    ParsedQuery long_query = parse_query("the role of the immune system in liver cancer");
    CHECK(std::find(long_query.highlight.begin(), long_query.highlight.end(), "the") == long_query.highlight.end());
    CHECK(long_query.words.front().folded == "the");
    // A word that folds into something else keeps its token's span.
    ParsedQuery ligature = parse_query("ﬁbrosis");
    REQUIRE(ligature.words.size() == 1);
    CHECK(ligature.words[0].folded == "fibrosis");
    CHECK(ligature.words[0].begin == 0);
    CHECK(ligature.words[0].end == std::string("ﬁbrosis").size());
}

TEST_CASE("the all-terms weight is used only for short top-level runs", "[query]") {
    CHECK(parse_query("immune checkpoint").all_terms_weight == 1e9);
    CHECK(parse_query("liver").all_terms_weight == 0);
    CHECK(parse_query("liver OR cancer").all_terms_weight == 0);
    // Five phrases of four words: twenty terms, still one weight for all.
    ParsedQuery big = parse_query("\"a b c d\" \"e f g h\" \"i j k l\" \"m n o p\" \"q r s t\"");
    CHECK(big.all_terms_weight == 1e9);
    CHECK_THAT(big.query.get_description(), Catch::Contains("wt=1000000000"));
}

namespace {

// A record indexed the way indexer/document_builder.cc indexes one: folded
// field text unprefixed (positional) and under the field prefix, boolean
// terms for filters, the year value.
struct TestRecord {
    std::string title;
    std::string abstract_text;
    std::vector<std::string> authors;
    std::vector<std::string> keywords;
    std::string journal;
    int year = 0;
    std::string type = "JOUR";
    std::string doi;
};

Xapian::Document build(const TestRecord& r) {
    Xapian::TermGenerator g;
    g.set_stemmer(citesearch::make_stemmer(citesearch::kDefaultStemmer));
    g.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    Xapian::Document doc;
    g.set_document(doc);
    auto field = [&](const std::string& text, const std::string& prefix, Xapian::termcount wdf, bool positional) {
        std::string folded = citesearch::fold(text);
        if (folded.empty()) return;
        g.index_text(folded, wdf);
        if (positional)
            g.index_text(folded, wdf, prefix);
        else
            g.index_text_without_positions(folded, wdf, prefix);
        g.increase_termpos(100);
    };
    field(r.title, "S", 3, true);
    for (const auto& k : r.keywords) field(k, "K", 2, false);
    field(r.abstract_text, "XA", 1, false);
    for (const auto& a : r.authors) field(a, "A", 1, false);
    field(r.journal, "XJ", 1, false);
    for (const auto& a : r.authors)
        for (const auto& key : citesearch::name_keys(citesearch::parse_author(a).front())) doc.add_boolean_term("XN" + key);
    if (r.year) {
        doc.add_boolean_term("Y" + std::to_string(r.year));
        doc.add_value(0, Xapian::sortable_serialise(r.year));
    }
    doc.add_boolean_term("XT" + citesearch::fold(r.type));
    if (!r.doi.empty()) doc.add_boolean_term("XD" + r.doi);
    return doc;
}

class TestIndex {
public:
    explicit TestIndex(const std::vector<TestRecord>& records) : db_(std::string(), Xapian::DB_BACKEND_INMEMORY) {
        for (const TestRecord& r : records) db_.add_document(build(r));
    }
    // Docids (1-based, in insertion order) best first.
    std::vector<Xapian::docid> search(std::string_view q) const {
        Xapian::Enquire enquire(db_);
        enquire.set_query(parse_query(q).query);
        Xapian::MSet m = enquire.get_mset(0, 100);
        std::vector<Xapian::docid> ids;
        for (auto it = m.begin(); it != m.end(); ++it) ids.push_back(*it);
        return ids;
    }
    std::vector<Xapian::docid> search_exact(std::string_view q) const {
        std::optional<Xapian::Query> exact = parse_query(q).exact;
        REQUIRE(exact);
        Xapian::Enquire enquire(db_);
        enquire.set_query(*exact);
        Xapian::MSet m = enquire.get_mset(0, 100);
        return std::vector<Xapian::docid>(m.begin(), m.end());
    }
    double top_weight(std::string_view q) const {
        Xapian::Enquire enquire(db_);
        enquire.set_query(parse_query(q).query);
        Xapian::MSet m = enquire.get_mset(0, 1);
        return m.empty() ? -1 : m.begin().get_weight();
    }

private:
    Xapian::WritableDatabase db_;
};

// Mentions "immune" and "checkpoint" once each among many other words.
std::string long_abstract() {
    std::string text = "We review methods; one touches the immune response and one mentions a checkpoint in passing.";
    for (int i = 0; i < 300; ++i) text += " filler" + std::to_string(i);
    return text;
}

const std::vector<TestRecord>& records() {
    static const std::vector<TestRecord> r = {
        {"Synergizing liver systemic treatments with interventional oncology: friend or foe?",
         "Immune checkpoint inhibitors combined with locoregional therapy of hepato-cellular carcinoma tumours.",
         {"Jost, Raphaël", "Al-Shatti, Nael"}, {"Liver Neoplasms"}, "British Journal of Radiology", 2022, "JOUR",
         "10.1259/bjr.20220548"},
        {"Checkpoint checkpoint checkpoint", "Checkpoint control of the cell cycle: checkpoint kinases checkpoint.",
         {"Smith, Anna"}, {}, "Cell", 2019, "JOUR", ""},
        {"A survey of methods", long_abstract(), {"Doe, John"}, {}, "Reviews", 2020, "JOUR", ""},
        {"Tumor imaging", "Imaging of a tumor.", {"Doe, Jane"}, {}, "Radiology", 2018, "JOUR", ""},
        {"Hepatocellular carcinoma", "Cellular hepato, in that order.", {"Roe, R"}, {},
         "Radiology", 2021, "JOUR", ""},
        // "immune" is common, so "checkpoint" carries the BM25 weight.
        {"Immune response", "Immune cells.", {"Poe, E"}, {}, "Immunity", 2017, "JOUR", ""},
        {"Innate immune system", "Immune.", {"Poe, E"}, {}, "Immunity", 2017, "JOUR", ""},
        {"Adaptive immune system", "Immune.", {"Poe, E"}, {}, "Immunity", 2017, "JOUR", ""},
    };
    return r;
}

}  // namespace

TEST_CASE("records holding every term of a short query rank above records holding some", "[query]") {
    TestIndex index(records());
    // Record 2 has "checkpoint" many times and no "immune"; record 3 has each
    // once in a long abstract. Plain BM25 puts 2 above 3.
    std::vector<Xapian::docid> bm25 = index.search("immune OR checkpoint");
    REQUIRE(std::find(bm25.begin(), bm25.end(), 2) < std::find(bm25.begin(), bm25.end(), 3));
    std::vector<Xapian::docid> ids = index.search("immune checkpoint");
    REQUIRE(ids.size() == 6);
    CHECK(std::vector<Xapian::docid>(ids.begin(), ids.begin() + 2) == std::vector<Xapian::docid>{1, 3});
}

TEST_CASE("parsed queries find the records the indexer built", "[query]") {
    TestIndex index(records());
    // Stemmed, and British spellings read as American: tumor, tumours.
    for (const char* form : {"tumors", "tumours", "tumor"}) {
        INFO("form: " << form);
        std::vector<Xapian::docid> found = index.search(form);
        std::sort(found.begin(), found.end());
        CHECK(found == std::vector<Xapian::docid>{1, 4});
    }
    CHECK(index.search("hepato-cellular") == std::vector<Xapian::docid>{1});  // adjacent parts only
    CHECK(index.search("\"cellular hepato\"") == std::vector<Xapian::docid>{5});
    CHECK(index.search("title:checkpoint") == std::vector<Xapian::docid>{2});
    CHECK(index.search("abstract:\"immune checkpoint\"") == std::vector<Xapian::docid>{1});
    CHECK(index.search("\"liver neoplasms\"[mh]") == std::vector<Xapian::docid>{1});
    CHECK(index.search("\"british journal of radiology\"[ta]") == std::vector<Xapian::docid>{1});
    CHECK(index.search("journal:radiology").size() == 3);
    for (const char* form : {"Jost R[au]", "author:\"Jost, Raphaël\"", "author:\"Raphael Jost\"", "author:\"R. Jost\""}) {
        INFO("form: " << form);
        CHECK(index.search(form) == std::vector<Xapian::docid>{1});
    }
    CHECK(index.search("year:2019..2020") == std::vector<Xapian::docid>{2, 3});
    CHECK(index.search("2021:3000[dp]") == std::vector<Xapian::docid>{1, 5});
    CHECK(index.search("radiology[ta] -tumor") == std::vector<Xapian::docid>{5});  // 1 has "tumours"
    CHECK(index.search("radiology[ta] -imaging") == std::vector<Xapian::docid>{1, 5});
    CHECK(index.search("liver doi:10.1259/bjr.20220548") == std::vector<Xapian::docid>{1});
    CHECK(index.search_exact("https://doi.org/10.1259/BJR.20220548") == std::vector<Xapian::docid>{1});
    CHECK(index.search_exact("10.1259/bjr.99999999").empty());
    std::vector<Xapian::docid> expanded = index.search("checkp*");
    std::sort(expanded.begin(), expanded.end());
    CHECK(expanded == std::vector<Xapian::docid>{1, 2, 3});
    // Filters restrict without changing scores.
    CHECK(index.top_weight("checkpoint") == Approx(index.top_weight("checkpoint year:2019")));
    // A long pasted sentence still ranks something.
    CHECK_FALSE(index.search("what is known about the imaging of a tumor in the liver of the patients").empty());
}

TEST_CASE("hostile input is bounded and never crashes", "[query]") {
    using Clock = std::chrono::steady_clock;
    auto timed = [](const std::string& input, const QueryOptions& o) {
        auto start = Clock::now();
        try {
            ParsedQuery p = parse_query(input, o);
            // Each kept term stemmed and as written, plus a proximity pair with
            // its neighbour and one with the word after it (two terms each).
            CHECK(p.query.get_length() <= 6 * o.max_terms);
            CHECK(p.words.size() <= o.max_terms);
        } catch (const QuerySyntaxError& e) {
            CHECK(o.strict);
        }
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    std::string words, quotes, parens, nested, nots, mixed, junk;
    for (int i = 0; i < 10000; ++i) words += "w" + std::to_string(i) + " ";
    quotes = std::string(100000, '"');
    parens = std::string(50000, '(') + std::string(50000, ')');
    nested = std::string(1000, '(') + "liver" + std::string(1000, ')');
    for (int i = 0; i < 25000; ++i) nots += "NOT ";
    nots += "x";
    for (int i = 0; i < 10000; ++i) mixed += "a\" (b OR -c:[ti] d* ";
    std::mt19937 rng(42);
    for (int i = 0; i < 100000; ++i) junk += static_cast<char>(rng() & 0xff);
    for (const std::string* input : {&words, &quotes, &parens, &nested, &nots, &mixed, &junk}) {
        for (bool strict_mode : {false, true}) {
            QueryOptions o;
            o.strict = strict_mode;
            INFO("input of " << input->size() << " bytes starting " << input->substr(0, 20));
            CHECK(timed(*input, o) < 5.0);
        }
    }

    ParsedQuery many = parse_query(words);
    CHECK(many.words.size() == 1024);
    CHECK_THAT(many.understood, Catch::Contains("terms after the first 1024 ignored"));
    CHECK_THROWS_WITH(parse_query(words, strict()), "more than 1024 terms at " + std::to_string(words.find("w1024 ")));

    CHECK(describe(nested) == "Query(Zliver)");
    CHECK_THROWS_WITH(parse_query(nested, strict()), "parentheses nested deeper than 64 at 64");
    CHECK(describe(nots) == "Query(Zx)");

    const std::string nul("liver\0cancer", 12);
    CHECK(describe(nul) == ranked({"Zliver", "Zcancer"}));
    std::string invalid = "liv\xff\xfe" "er \xc3( ok \xe2\x80";
    CHECK_NOTHROW(parse_query(invalid));
    CHECK_NOTHROW(parse_query(invalid, strict()));
}

TEST_CASE("random short inputs parse or fail only with a query error", "[query]") {
    const std::string alphabet = std::string("ab \"()[]:+-*ANDORNOT title:year:2020..ti]au[Jost, R.\xc3\xa9\xff") + '\0';
    std::mt19937 rng(7);
    for (int i = 0; i < 3000; ++i) {
        std::string input;
        std::size_t length = rng() % 24;
        for (std::size_t k = 0; k < length; ++k) input += alphabet[rng() % alphabet.size()];
        for (bool strict_mode : {false, true}) {
            QueryOptions o;
            o.strict = strict_mode;
            INFO("input: " << input);
            try {
                ParsedQuery p = parse_query(input, o);
                if (strict_mode) CHECK_FALSE(p.reinterpreted);
            } catch (const QuerySyntaxError& e) {
                // Forgiving mode refuses only values that cannot be answered.
                std::string m = e.what();
                if (!strict_mode) CHECK((m.rfind("bad year", 0) == 0 || m.rfind("empty year range", 0) == 0));
            }
        }
    }
}
