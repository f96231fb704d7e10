// The RIS/MEDLINE reader against the CoLRev test data and the ropensci/handlr
// examples (see ris_fixture_support.h for how these fixture cases are written).

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
// CoLRev-Environment/colrev test data

TEST_CASE("an ERIC nbib record without a PMID is read as MEDLINE", "[medline][fixtures]") {
    auto fx = read_clean("colrev_eric.nbib", 1);
    CHECK(fx.format == FileFormat::medline);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "Paper title");
    CHECK(c.authors == std::vector<std::string>{"Smith, Tom", "Hunter, Shawn"});
    CHECK(c.abstract_text == "Abstract ...");
    CHECK(c.year == 2000);  // DP
    CHECK(c.journal == "Journal Name");  // JT
    CHECK(c.pmid.empty());
    CHECK(c.doi == "10.1000/123456789");  // AID "http://dx.doi.org/10.1000/123456789"
    CHECK(c.issn == "1234-4567");         // "ISSN - ISSN-1234-4567"
    CHECK(c.volume == "10");              // VI
    CHECK(c.issue == "1");                // IP
    CHECK(c.start_page == "1");           // PG "1-9"
    CHECK(c.end_page == "9");
    CHECK_THAT(c.keywords, has_item("Keyword 1"));  // OT
    CHECK_THAT(c.urls, has_item("http://eric.ed.gov/?id=EJ1131633"));  // LID
}

TEST_CASE("a generic RIS file with a missing ER, a comment line and a loose KW parses both records",
          "[ris][fixtures]") {
    auto fx = read_clean("colrev_generic.ris", 2);

    // Lines 2-25: no ER; the next TY (line 26) starts the second record.
    const auto& first = fx.records[0];
    CHECK(first.first_line == 2);
    const Citation& c = first.citation;
    CHECK(c.type == "CONF");
    CHECK(c.title == "Title of a conference paper");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[0] == "A. Author-One");
    CHECK(c.authors[4] == "E. Author-Five");
    CHECK(c.year == 2020);
    CHECK(c.doi == "10.1234/random-name55555.2020.00050");  // DO "10.1234/Random-name55555.2020.00050"
    CHECK(c.start_page == "183");
    CHECK(c.end_page == "186");
    CHECK(c.issn == "1111-3333");
    // "KW - keyword2" (one space) then untagged "keyword2" and "keyword3".
    REQUIRE_FALSE(c.keywords.empty());
    CHECK(c.keywords.front() == "keyword2");
    CHECK(c.keywords.back() == "keyword3");

    const auto& second = fx.records[1];
    CHECK(second.first_line == 26);
    CHECK(second.ordinal == 2);
    const Citation& j = second.citation;
    CHECK(j.type == "JOUR");
    CHECK(j.title == "Title of a journal paper");
    CHECK(j.authors.size() == 3);
    CHECK(j.year == 2017);
    CHECK(j.doi == "10.1111/mc.2017.66");
    CHECK(j.journal == "Secondary Title (journal title, if applicable)");
    CHECK(j.volume == "50");
    CHECK(j.issue == "3");
    CHECK(j.issn == "1111-2222");
}

TEST_CASE("an IEEE Xplore export parses a conference and a journal record", "[ris][fixtures]") {
    auto fx = read_clean("colrev_ieee.ris", 2);

    const Citation& c = fx.records[0].citation;
    CHECK(fx.records[0].first_line == 1);
    CHECK(c.type == "CONF");
    CHECK(c.title == "Title of a conference paper");
    CHECK(c.authors.size() == 5);
    CHECK(c.authors[1] == "B. Author-Two");
    CHECK(c.year == 2020);  // PY 2020; Y1 "4-8 Aug. 2020" comes second
    CHECK(c.doi == "10.1234/random-name55555.2020.00050");
    CHECK(c.issue.empty());

    const Citation& j = fx.records[1].citation;
    CHECK(fx.records[1].first_line == 21);
    CHECK(j.type == "JOUR");
    CHECK(j.title == "Title of a journal paper");
    CHECK(j.journal == "Secondary Title (journal title, if applicable)");
    CHECK(j.doi == "10.1111/mc.2017.66");
    CHECK(j.year == 2017);
    CHECK(j.start_page == "14");
    CHECK(j.end_page == "25");
}

TEST_CASE("a ProQuest ABI/INFORM export parses a thesis and an article", "[ris][fixtures]") {
    auto fx = read_clean("colrev_proquest_abi_inform.ris", 2);

    const Citation& t = fx.records[0].citation;
    CHECK(t.type == "THES");
    CHECK(t.title == "Thesis title");
    CHECK(t.abstract_text == "This thesis focuses on X.");
    CHECK(t.authors == std::vector<std::string>{"Smith, John"});
    CHECK_THAT(t.editors, has_item("Jones, Jeff"));  // A3
    CHECK(t.journal == "ProQuest Dissertations and Theses");
    CHECK(t.year == 2020);
    CHECK(t.publisher == "New York University");
    CHECK(t.issn == "9798373627394");
    CHECK(t.pmid.empty());  // AN is ProQuest's 10-digit id; M1 holds bare digits
    CHECK(t.language == "English");
    CHECK(t.keywords == std::vector<std::string>{"Outsourcing", "0612:Health"});
    CHECK(t.notes.size() == 2);
    CHECK_THAT(t.urls,
               has_item("https://www.proquest.com/dissertations-theses/title/docview/1234567890/se-2?accountid=1234"));

    const auto& article = fx.records[1];
    CHECK(article.first_line == 31);
    const Citation& a = article.citation;
    CHECK(a.type == "JOUR");
    CHECK(a.title == "Title of a journal article");
    CHECK(a.authors == std::vector<std::string>{"Smith, John", "Jones, Jeff", "Doe, Jane"});
    CHECK(a.journal == "Journal of Academic Research");
    CHECK(a.doi == "10.0001/1234567891");  // DO "https://doi.org/10.0001/1234567891"
    CHECK(a.volume == "10");
    CHECK(a.issue == "2");
    CHECK(a.keywords == std::vector<std::string>{"Supply chain", "Industry 4.0", "Robotics"});
}

TEST_CASE("an APA PsycInfo export with a provider header before TY parses its record", "[ris][fixtures]") {
    auto fx = read_clean("colrev_psycinfo.ris", 1);

    const auto& r = fx.records[0];
    CHECK(r.first_line == 5);  // lines 1-4: Provider, Database, Content, blank
    const Citation& c = r.citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title == "Primary Title");
    CHECK(c.ris_id == "2020-55555-005");
    CHECK(c.pmid == "33355555");  // "PMID  - 33355555" on line 6
    CHECK(c.journal == "Journal/Periodical name: full format");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[0] == "Author-One, Matthias");
    CHECK(c.authors[4] == "Author-Five, David B.");
    CHECK(c.year == 2020);
    CHECK(c.doi == "10.1011/hea0004444");
    CHECK(c.volume == "34");
    CHECK(c.start_page == "1023");
    CHECK(c.end_page == "1095");
    CHECK(c.keywords.size() == 8);
    CHECK_THAT(c.keywords, has_item("Keyword eight without asterisk"));
    CHECK_THAT(c.abstract_text, StartsWith("Abstract. This is a free text field"));  // N2, no AB
}

// ---------------------------------------------------------------------------
// ropensci/handlr examples

TEST_CASE("a Crossref RIS record parses with its mixed-case DOI lower-cased", "[ris][fixtures]") {
    auto fx = read_clean("handlr_crossref.ris", 1);
    const Citation& c = fx.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title ==
          "Automated quantitative histology reveals vascular morphodynamics during Arabidopsis hypocotyl "
          "secondary growth");
    CHECK(c.journal == "eLife");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[0] == "Sankar, Martial");
    CHECK(c.authors[4] == "Hardtke, Christian S");
    CHECK(c.doi == "10.7554/elife.01567");  // DO "10.7554/eLife.01567"
    CHECK(c.year == 2014);
    CHECK(c.volume == "3");
    CHECK(c.urls == std::vector<std::string>{"https://elifesciences.org/articles/01567"});
    CHECK_THAT(c.abstract_text, StartsWith("Among various advantages, their small size makes model organisms"));
}

TEST_CASE("a PeerJ record with an indented multi-line abstract parses", "[ris][fixtures]") {
    auto fx = read_clean("handlr_peerj.ris", 1);
    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Three, two, one! Revision of the long-bodied sphaerodorids (Sphaerodoridae, Annelida) and "
          "synonymization of Ephesiella, Ephesiopsis and Sphaerodorum");
    REQUIRE(c.authors.size() == 4);
    CHECK(c.authors[0] == "Capa,María");
    CHECK(c.authors[2] == "Meißner,Karin");
    CHECK(c.editors == std::vector<std::string>{"Gillespie,Joseph"});
    CHECK(c.year == 2018);  // PY 2018 with DA "2018/10/26"
    CHECK(c.month == 10);
    CHECK(c.day == 26);
    CHECK(c.doi == "10.7717/peerj.5783");
    CHECK(c.journal == "PeerJ");
    CHECK(c.journal_abbrev == "PeerJ");
    CHECK(c.volume == "6");
    CHECK(c.start_page == "e5783");
    CHECK(c.issn == "2167-8359");
    CHECK(c.keywords.size() == 8);
    CHECK_THAT(c.keywords, has_item("Molecular phylogeny"));
    // "AB  - " is empty; the text follows on indented lines (20-37).
    CHECK_THAT(c.abstract_text, StartsWith("Background"));
    CHECK_THAT(c.abstract_text, Contains("Long-bodied sphaerodorids (Annelida, Sphaerodoridae) is the common name"));
    CHECK_THAT(c.abstract_text, EndsWith("also suggest the synonymization of Ephesiopsis."));
}

TEST_CASE("a PLOS record with A1 authors and an N2 abstract parses", "[ris][fixtures]") {
    auto fx = read_clean("handlr_plos.ris", 1);
    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Thy1 transgenic mice expressing the red fluorescent calcium indicator jRGECO1a for neuronal population "
          "imaging in vivo");
    REQUIRE(c.authors.size() == 9);
    CHECK(c.authors[0] == "Dana, Hod");
    CHECK(c.authors[8] == "Svoboda, Karel");
    CHECK(c.year == 2018);  // Y1 "2018/10/11"
    CHECK(c.month == 10);
    CHECK(c.day == 11);
    CHECK(c.journal == "PLOS ONE");
    CHECK(c.journal_abbrev == "PLOS ONE");
    CHECK(c.volume == "13");
    CHECK(c.issue == "10");
    CHECK(c.start_page == "e0205444");
    CHECK(c.end_page.empty());
    CHECK(c.publisher == "Public Library of Science");
    CHECK(c.doi == "10.1371/journal.pone.0205444");  // no DO; M3 "doi:10.1371/journal.pone.0205444"
    CHECK_THAT(c.abstract_text, StartsWith("Calcium imaging is commonly used to measure the neural activity"));
}
