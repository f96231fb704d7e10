#include <catch2/catch.hpp>

#include "author_name.h"
#include "normalize.h"
#include "record_key.h"

using namespace citesearch;

TEST_CASE("folding removes diacritics and case in both directions", "[normalize]") {
    CHECK(fold("Raphaël") == "raphael");
    CHECK(fold("RAPHAEL") == "raphael");
    CHECK(fold("Valérie Boige") == "valerie boige");
    CHECK(fold("Søndergaard") == "sondergaard");
    CHECK(fold("Łukasz Dvořák") == "lukasz dvorak");
    CHECK(fold("ﬁbrosis") == "fibrosis");   // NFKC ligature
    CHECK(fold("STRAẞE") == "strasse");     // full case folding
    CHECK(fold("Encyclopædia") == "encyclopaedia");
    CHECK(fold("ＡＢＣ１２") == "abc12");      // full-width forms
}

TEST_CASE("folding survives invalid UTF-8", "[normalize]") {
    std::string bad = "caf\xC3 \xFF\xFE end";
    std::string out = fold(bad);
    CHECK(out.find("end") != std::string::npos);
}

TEST_CASE("every ASCII character folds to its lower case wherever it stands", "[normalize]") {
    // fold() lower-cases ASCII eight bytes at a time, then byte by byte.
    std::size_t wrong = 0;
    for (int c = 0; c < 0x80; ++c) {
        const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c);
        for (std::size_t at = 0; at < 19; ++at) {
            std::string text(19, 'q');
            text[at] = static_cast<char>(c);
            std::string want = text;
            want[at] = lower;
            if (fold(text) != want) ++wrong;
            if (fold(text + "\u00C9") != want + "e") ++wrong;  // then a Latin letter
        }
    }
    CHECK(wrong == 0);
    std::string scratch;
    const std::string already = "already lower case, 8+ bytes";
    CHECK(fold(already, scratch).data() == already.data());  // returned as is, not copied
    CHECK(fold("MIXED Case Text Of Some Length", scratch) == "mixed case text of some length");
}

TEST_CASE("Latin-1 and Latin Extended-A text folds as ICU folds it", "[normalize]") {
    // fold() takes these characters one at a time from a table; any other
    // non-ASCII character sends the whole text through ICU. So a CJK
    // ideograph (which folds to itself and composes with nothing) appended
    // to a pair gives ICU's fold of the pair to compare with.
    auto utf8 = [](char32_t cp) {
        std::string s;
        if (cp < 0x80) s += static_cast<char>(cp);
        else s += {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
        return s;
    };
    std::vector<char32_t> chars;
    for (char32_t cp = 0x80; cp < 0x180; ++cp) chars.push_back(cp);
    const std::vector<char32_t> ascii = {'A', 'z', '0', ' ', '-', '.'};
    const std::string ideograph = "\u4E00";
    std::size_t compared = 0, differing = 0;
    std::string first_difference;
    auto compare = [&](const std::string& text) {
        ++compared;
        const std::string by_icu = fold(text + ideograph);
        if (fold(text) + ideograph != by_icu && differing++ == 0) first_difference = text + " -> " + by_icu;
    };
    for (char32_t a : chars) {
        for (char32_t b : chars) compare(utf8(a) + utf8(b));
        for (char32_t b : ascii) {
            compare(utf8(a) + utf8(b));
            compare(utf8(b) + utf8(a));
        }
    }
    INFO(first_difference);
    CHECK(compared == 256 * 256 + 256 * 12);
    CHECK(differing == 0);
    CHECK(fold("M\u00FCller \u0141ukasz \u00C6r\u00F8") == "muller lukasz aero");  // ü, Ł, Æ, ø
    CHECK(fold("Stra\u00DFe") == "strasse");                                      // ß
    CHECK(fold("plain lower case") == "plain lower case");
}

TEST_CASE("whitespace is collapsed and trimmed, including Unicode spaces", "[normalize]") {
    CHECK(collapse_space("  a \t b\u00A0\u2028c  ") == "a b c");
    CHECK(collapse_space("") == "");
}

TEST_CASE("diacritics are stripped but case is kept for display forms", "[normalize]") {
    CHECK(strip_diacritics("Raphaël Jost") == "Raphael Jost");
}

TEST_CASE("the four ways of writing the seed's first author give the same key", "[authors]") {
    auto key = [](const std::string& text) {
        std::vector<PersonName> r = parse_author(text);
        REQUIRE_FALSE(r.empty());
        const PersonName& n = r.front();
        return n.initials.empty() ? n.family : n.family + " " + n.initials.substr(0, 1);
    };
    CHECK(key("Jost, Raphaël") == "jost r");
    CHECK(key("Jost R") == "jost r");
    CHECK(key("R. Jost") == "jost r");
    CHECK(key("Raphael Jost") == "jost r");
    CHECK(key("Jost, Raphael") == "jost r");
}

TEST_CASE("a two-word name without comma or initials also yields the reversed reading", "[authors]") {
    std::vector<PersonName> r = parse_author("Jost Raphael");
    REQUIRE(r.size() == 2);
    CHECK(r[0].family == "raphael");
    CHECK(r[1].family == "jost");
    CHECK(r[1].initials == "r");
}

TEST_CASE("initials-only names are read from either side", "[authors]") {
    std::vector<PersonName> a = parse_author("E J Reimer");
    REQUIRE(a.size() == 1);
    CHECK(a[0].family == "reimer");
    CHECK(a[0].initials == "ej");
    std::vector<PersonName> b = parse_author("Reimer EJ");
    REQUIRE(b.size() == 1);
    CHECK(b[0].family == "reimer");
    CHECK(b[0].initials == "ej");
}

TEST_CASE("name keys cover family, initial, given name and particles", "[authors]") {
    std::vector<PersonName> r = parse_author("de Baere, Thierry");
    REQUIRE(r.size() == 1);
    std::vector<std::string> keys = name_keys(r[0]);
    CHECK(std::find(keys.begin(), keys.end(), "de baere") != keys.end());
    CHECK(std::find(keys.begin(), keys.end(), "de baere t") != keys.end());
    CHECK(std::find(keys.begin(), keys.end(), "baere t") != keys.end());
    CHECK(std::find(keys.begin(), keys.end(), "baere thierry") != keys.end());
    std::vector<PersonName> g = parse_author("Thierry de Baere");
    REQUIRE_FALSE(g.empty());
    CHECK(g[0].family == "de baere");
}

// Found by fuzz/ris_reader_fuzz.cc: a given name that is only a hyphen
// ("Clark, -") left no first given word, and name_keys read one anyway.
TEST_CASE("name keys of given names with no word in them", "[authors]") {
    for (const PersonName& name : {PersonName{"clark", "-", ""}, PersonName{"clark", " - ", ""}, PersonName{"clark", " ", ""},
                                   PersonName{"clark", "-jean", "j"}}) {
        INFO("given: '" << name.given << "'");
        std::vector<std::string> keys = name_keys(name);
        REQUIRE_FALSE(keys.empty());
        CHECK(keys.front() == "clark");
    }
    for (const PersonName& name : parse_author("Clark, -")) CHECK_FALSE(name_keys(name).empty());
}

TEST_CASE("compound given names give all initials", "[authors]") {
    std::vector<PersonName> r = parse_author("Danlos, Francois Xavier");
    REQUIRE(r.size() == 1);
    CHECK(r[0].initials == "fx");
    CHECK(display_name("Danlos, François-Xavier") == "Danlos FX");
    CHECK(display_name("Jost, Raphaël") == "Jost R");
    CHECK(display_name("Müller, Jürgen") == "Müller J");
}

TEST_CASE("record keys prefer DOI, then PMID, then a fingerprint, else the source", "[keys]") {
    Citation c;
    c.title = "Synergizing liver systemic treatments: friend or foe?";
    c.year = 2022;
    c.authors = {"Jost, Raphaël"};
    Provenance where{"a.ris", 3, 10, ""};
    std::string fp = record_key(c, where);
    CHECK(fp.rfind("fp:", 0) == 0);
    Citation c2 = c;
    c2.title = "SYNERGIZING LIVER SYSTEMIC TREATMENTS - friend or foe";
    c2.authors = {"Jost R"};
    CHECK(record_key(c2, {"b.ris", 9, 1, ""}) == fp);  // same paper written differently
    c.pmid = "36075034";
    CHECK(record_key(c, where) == "pmid:36075034");
    c.doi = "10.1259/bjr.20220548";
    CHECK(record_key(c, where) == "doi:10.1259/bjr.20220548");
}

TEST_CASE("a record without title, year and first author is never merged by fingerprint", "[keys]") {
    Citation c;
    c.title = "Editorial";
    c.year = 2020;  // no author
    CHECK(record_key(c, {"x.ris", 4, 20, ""}) == "src:x.ris#n:4");
    c.ris_id = "ED-1";
    CHECK(record_key(c, {"x.ris", 4, 20, ""}) == "src:x.ris#id:ED-1");
    CHECK(record_key(c, {"y.ris", 4, 20, ""}) != record_key(c, {"x.ris", 4, 20, ""}));
}

TEST_CASE("record ids are 16 hex digits and stable", "[keys]") {
    std::string id = record_id("doi:10.1259/bjr.20220548");
    CHECK(id.size() == 16);
    CHECK(id == record_id("doi:10.1259/bjr.20220548"));
    CHECK(id != record_id("doi:10.1259/bjr.20220549"));
}
