// The RIS/MEDLINE reader against review exports: IEBH/RefLib's EndNote and
// PubMed exports of one search, and asreview/synergy-dataset raw exports (see
// ris_fixture_support.h for how these fixture cases are written).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ris_fixture_support.h"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using citesearch::Citation;
using citesearch::FileFormat;
using citesearch::test::has_item;
using citesearch::test::read_clean;

}  // namespace

// ---------------------------------------------------------------------------
// IEBH/RefLib: the same search exported by EndNote and by PubMed

TEST_CASE("an EndNote export with one-keyword-per-line KW parses all 102 records", "[ris][fixtures]") {
    auto fx = read_clean("reflib_blue_light_endnote.ris", 102);

    const auto& first = fx.records[0];
    CHECK(first.first_line == 1);
    const Citation& c = first.citation;
    CHECK(c.title ==
          "Formulation of Herbal Gel of Antirrhinum majus Extract and Evaluation of its Anti-Propionibacterium "
          "acne Effects");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[0] == "Shahtalebi, M. A.");
    CHECK(c.authors[4] == "Jahanian-Najafabadi, A.");
    CHECK(c.year == 2018);
    CHECK(c.doi == "10.4103/abr.abr_99_17");
    CHECK(c.volume == "7");
    CHECK(c.start_page == "53");
    CHECK(c.ris_id == "895");
    CHECK(c.pmid == "29657938");     // AN
    CHECK(c.pmcid == "PMC5887696");  // C2
    CHECK(c.language == "eng");
    CHECK(c.keywords ==
          std::vector<std::string>{"Acne", "Antirrhinum majus", "Propionibacterium acnes", "blue light"});
    CHECK_THAT(c.abstract_text, StartsWith("BACKGROUND: Antirrhinum majus contains aurone"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 4433);
    CHECK(last.citation.title ==
          "Proton magic angle spinning NMR reveals new features in "
          "photodynamically treated bacteria");
    REQUIRE(last.citation.authors.size() == 4);
    CHECK(last.citation.authors[1] == "Widerøe, H. C.");
    CHECK(last.citation.year == 2003);  // DA "May-Jun", PY 2003
    CHECK(last.citation.doi == "10.1515/znc-2003-5-619");
    CHECK(last.citation.issue == "5-6");
    CHECK(last.citation.ris_id == "967");
}

TEST_CASE("a PubMed nbib export parses all 80 MEDLINE records preferring FAU names", "[medline][fixtures]") {
    auto fx = read_clean("reflib_blue_light_pubmed.nbib", 80);
    CHECK(fx.format == FileFormat::medline);

    const auto& first = fx.records[0];
    CHECK(first.first_line == 1);
    const Citation& c = first.citation;
    CHECK(c.pmid == "29657938");
    CHECK(c.pmcid == "PMC5887696");
    CHECK(c.type == "JOUR");  // PT "Journal Article"
    // TI on line 11 continues on the indented line 12.
    CHECK(c.title ==
          "Formulation of Herbal Gel of Antirrhinum majus Extract and Evaluation of its Anti-Propionibacterium "
          "acne Effects.");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[0] == "Shahtalebi, Mohammad Ali");
    CHECK(c.authors[4] == "Jahanian-Najafabadi, Ali");
    CHECK(c.year == 2018);
    CHECK(c.doi == "10.4103/abr.abr_99_17");  // AID/LID "10.4103/abr.abr_99_17 [doi]"
    CHECK(c.journal == "Advanced biomedical research");
    CHECK(c.journal_abbrev == "Adv Biomed Res");
    CHECK(c.language == "eng");
    CHECK(c.issn == "2277-9175");  // first IS, "(Print)" label dropped
    CHECK(c.volume == "7");        // VI
    CHECK(c.start_page == "53");   // PG
    CHECK(c.ris_id.empty());
    CHECK_THAT(c.keywords, has_item("blue light"));  // OT
    CHECK_THAT(c.abstract_text,
               StartsWith("BACKGROUND: Antirrhinum majus contains aurone with excellent antibacterial and "
                          "antifungal activities. In addition, visible light"));
    CHECK_THAT(c.abstract_text, EndsWith("on acne lesions must be performed."));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 5758);
    CHECK(last.ordinal == 80);
    const Citation& l = last.citation;
    CHECK(l.pmid == "2150382");
    CHECK(l.title ==
          "[Therapy of acne with visible light. Decreased irradiation time by using a blue-light high-energy "
          "lamp].");
    CHECK(l.authors == std::vector<std::string>{"Meffert, H", "Gaunitz, K", "Gutewort, T", "Amlong, U J"});
    CHECK(l.year == 1990);
    CHECK(l.journal == "Dermatologische Monatschrift");
    CHECK(l.journal_abbrev == "Dermatol Monatsschr");
    CHECK(l.language == "ger");
    CHECK(l.volume == "176");
    CHECK(l.issue == "10");
    CHECK(l.start_page == "597");  // PG "597-603"
    CHECK(l.end_page == "603");
    CHECK_THAT(l.keywords, has_item("Acne Vulgaris/therapy"));  // MH "Acne Vulgaris/*therapy"
    CHECK(l.doi.empty());
    CHECK_THAT(l.abstract_text, StartsWith("Lipophilic propionibacterium acnes stores large amounts of porphyrins."));
}

// ---------------------------------------------------------------------------
// asreview/synergy-dataset raw review exports

TEST_CASE("a reference-manager export of Embase records parses all 120 records", "[ris][fixtures]") {
    auto fx = read_clean("synergy_kwok.ris", 120);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "Complete genome analysis of porcine kobuviruses from the feces of pigs in Japan");
    CHECK(c.journal == "Virus Genes");
    REQUIRE(c.authors.size() == 22);
    CHECK(c.authors[0] == "Akagami, M.");
    CHECK(c.authors[21] == "Nagai, M.");
    CHECK(c.year == 2017);
    CHECK(c.doi == "10.1007/s11262-017-1464-9");
    CHECK(c.issn == "1572-994X 0920-8569");  // SN continued on line 67
    CHECK(c.ris_id == "1039");
    CHECK(c.language == "English");
    // KW on line 40 and 18 untagged lines, one keyword each.
    REQUIRE(c.keywords.size() == 19);
    CHECK(c.keywords.front() == "article");
    CHECK(c.keywords.back() == "virus strain");
    CHECK_THAT(c.keywords, has_item("porcine kobuvirus"));
    CHECK_THAT(c.urls, has_item("https://link.springer.com/article/10.1007%2Fs11262-017-1464-9"));
    CHECK_THAT(c.abstract_text, StartsWith("Porcine kobuviruses (PoKoVs) are ubiquitously distributed"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 6660);
    CHECK(last.citation.title ==
          "The occurrence of porcine circovirus 3 without clinical infection "
          "signs in Shandong Province");
    CHECK(last.citation.authors.size() == 14);
    CHECK(last.citation.doi == "10.1111/tbed.12667");
    CHECK(last.citation.ris_id == "2094");
}

TEST_CASE("a 2014-era Scopus export via a reference manager parses all 38 records", "[ris][fixtures]") {
    auto fx = read_clean("synergy_vandeschoot_scopus_2.ris", 38);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "Trajectory of post-traumatic stress following traumatic injury: 6-year follow-up");
    REQUIRE(c.authors.size() == 8);
    CHECK(c.authors[0] == "Bryant, R. A.");
    CHECK(c.authors[3] == "O'Donnell, M.");
    CHECK(c.year == 2015);  // DA "May" has no year; PY 2015
    CHECK(c.doi == "10.1192/bjp.bp.114.145516");
    CHECK(c.volume == "206");
    CHECK(c.issue == "5");
    CHECK(c.start_page == "417");  // SP "417-23": pages 417-423
    CHECK(c.end_page == "423");
    CHECK(c.ris_id == "41");
    CHECK(c.pmid == "25657356");  // AN
    CHECK(c.language == "eng");
    REQUIRE(c.keywords.size() == 15);
    CHECK(c.keywords.front() == "Adolescent");
    CHECK(c.keywords.back() == "Young Adult");
    CHECK_THAT(c.keywords, has_item("Brain Injuries/*epidemiology/*psychology"));
    CHECK_THAT(c.abstract_text, StartsWith("BACKGROUND: Traumatic injuries affect millions of patients each year"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 1307);
    CHECK(last.citation.title == "A Latent Growth Mixture Modeling Approach to PTSD Symptoms in Rape Victims");
    CHECK(last.citation.journal == "Traumatology");
    CHECK(last.citation.authors.size() == 4);
    CHECK(last.citation.abstract_text.empty());
    CHECK(last.citation.year == 2012);
}

TEST_CASE("an EndNote export with multi-paragraph abstracts parses all 26 records", "[ris][fixtures]") {
    auto fx = read_clean("synergy_wilson_endnote.ris", 26);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Concomitant immune-related events in Wilson disease: implications for monitoring chelator therapy");
    CHECK(c.journal == "Journal of Inherited Metabolic Disease");
    CHECK(c.journal_abbrev == "J Inherit Metab Dis");
    REQUIRE(c.authors.size() == 8);
    CHECK(c.authors[0] == "Seessle, J.");
    CHECK(c.authors[7] == "Weiss, K. H.");
    CHECK(c.year == 2016);
    CHECK(c.doi == "10.1007/s10545-015-9866-0");  // DO "https://dx.doi.org/10.1007/s10545-015-9866-0"
    CHECK(c.volume == "39");
    CHECK(c.issue == "1");
    CHECK(c.start_page == "125");  // SP "125-30": pages 125-130
    CHECK(c.end_page == "130");
    CHECK(c.ris_id == "1095");
    CHECK(c.pmid == "26067812");  // AN
    // AB on line 2, continued by three paragraphs on lines 3-5.
    CHECK_THAT(c.abstract_text, StartsWith(
          "BACKGROUND AND AIMS: Current guidelines favor the use "
          "of chelating agents"));
    CHECK_THAT(c.abstract_text,
               Contains("in therapy monitoring. METHODS: We retrospectively analyzed 235 Wilson disease patients."));
    CHECK_THAT(c.abstract_text, EndsWith("under chelator therapy seems to be limited."));
    REQUIRE(c.keywords.size() == 32);
    CHECK(c.keywords.front() == "Adolescent");
    CHECK(c.keywords.back() == "SJ76Y07H5F (Trientine)");
    // Line 36 "*Chelating Agents/ae [Adverse Effects]": the '*' marks a MeSH major topic.
    CHECK_THAT(c.keywords, has_item("Chelating Agents/ae [Adverse Effects]"));
    CHECK_THAT(c.urls, has_item("https://link.springer.com/content/pdf/10.1007%2Fs10545-015-9866-0.pdf"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 1684);
    CHECK(last.citation.journal == "Journal of the Formosan Medical Association");
    CHECK(last.citation.doi == "10.1016/j.jfma.2017.05.008");
    CHECK(last.citation.year == 2018);
}
