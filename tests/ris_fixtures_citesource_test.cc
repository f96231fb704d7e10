// The RIS reader against ESHackathon/CiteSource test and vignette data: one
// export from each of many databases (see ris_fixture_support.h for how these
// fixture cases are written).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ris_fixture_support.h"

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using citesearch::Citation;
using citesearch::test::has_item;
using citesearch::test::read_clean;

}  // namespace

// ---------------------------------------------------------------------------
// ESHackathon/CiteSource test and vignette data

TEST_CASE("a CAB Abstracts export where every AB is NA parses all 687 records without abstracts",
          "[ris][fixtures]") {
    auto fx = read_clean("citesource_cab.ris", 687);

    const Citation& c = fx.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title == "First report to the Governments of the United Nations");
    CHECK(c.year == 1944);
    CHECK(c.start_page == "55");
    CHECK(c.ris_id == "3515");
    CHECK(c.abstract_text.empty());  // AB "NA" and no N2

    // Lines 4602-4616.
    const auto& mid = fx.records[300];
    CHECK(mid.first_line == 4602);
    CHECK(mid.citation.title ==
          "Ethno-botanical studies of Mallotus philippenesis L. Mull. Arg on tribes of Bhopal, Madhya Pradesh, "
          "India");
    CHECK(mid.citation.journal == "International Journal of Medicinal and Aromatic Plants");
    REQUIRE(mid.citation.authors.size() == 3);
    CHECK(mid.citation.authors[0] == "Jaya, Sharma");
    CHECK(mid.citation.year == 2012);
    CHECK(mid.citation.issn == "2249-4340");
    CHECK(mid.citation.ris_id == "3815");

    const auto& last = fx.records.back();
    CHECK(last.first_line == 10608);
    CHECK(last.citation.journal == "CCAFS Working Paper");
    CHECK(last.citation.authors.size() == 3);
    CHECK(last.citation.year == 2015);
    CHECK(last.citation.issue == "118");
    CHECK(last.citation.abstract_text.empty());
}

TEST_CASE("a Dimensions export with a BOM, CRLF and multi-line UR parses all 132 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_dimensions_2.ris", 132);

    const auto& first = fx.records[0];
    CHECK(first.first_line == 1);
    const Citation& c = first.citation;
    CHECK(c.title ==
          "Effect of anthropogenic light on bird movement, habitat selection, and distribution: a systematic map "
          "protocol");
    CHECK(c.journal == "Environmental Evidence");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[2] == "Fernández-Juricic, Esteban");
    CHECK(c.authors[4] == "St. Clair, Colleen Cassady");
    CHECK(c.year == 2019);  // PY 2019, not Y2 2022/08/01
    CHECK(c.doi == "10.1186/s13750-019-0155-5");
    CHECK(c.volume == "8");
    CHECK(c.issue == "Suppl 1");
    CHECK(c.ris_id == "264");
    // UR on line 16, a second URL on the untagged line 17.
    CHECK(c.urls.size() == 2);
    CHECK_THAT(c.urls, has_item("https://app.dimensions.ai/details/publication/pub.1117140107"));
    CHECK_THAT(c.urls,
               has_item("https://environmentalevidencejournal.biomedcentral.com/track/pdf/10.1186/s13750-019-0155-5"));
    CHECK_THAT(c.abstract_text, StartsWith("BackgroundAnthropogenic light is known or suspected"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 3091);
    CHECK(last.citation.title ==
          "The value of paleolimnology in reconstructing and managing ecosystem vulnerability: a systematic map");
    CHECK(last.citation.journal == "FACETS");
    CHECK(last.citation.doi == "10.1139/facets-2020-0067");
    CHECK(last.citation.year == 2021);
}

TEST_CASE("an EBSCOhost Criminal Justice Abstracts export with two AB lines parses all 41 records",
          "[ris][fixtures]") {
    auto fx = read_clean("citesource_ebsco_crimjust_41.ris", 41);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "Discourses of responsible gambling and gambling harm: observations from Victoria, Australia.");
    CHECK(c.journal == "Addiction Research & Theory");
    REQUIRE(c.authors.size() == 2);
    CHECK(c.authors[0] == "Francis, Louise");
    CHECK(c.year == 2021);
    CHECK(c.month == 6);  // Y1 "2021/06//"
    CHECK(c.volume == "29");
    CHECK(c.issue == "3");
    CHECK(c.start_page == "212");
    CHECK(c.end_page == "222");
    CHECK(c.publisher == "Taylor & Francis Ltd");
    CHECK(c.issn == "16066359");
    CHECK(c.doi == "10.1080/16066359.2020.1867111");  // no DO; EBSCO puts the DOI in L3
    CHECK(c.keywords.size() == 14);
    CHECK_THAT(c.keywords, has_item("gambling harm"));
    CHECK_THAT(c.abstract_text, StartsWith("Within a neo-liberal economic orthodoxy, the gambling industry"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 1500);
    CHECK(last.citation.journal == "Journal of Gambling Studies");
    CHECK(last.citation.authors.size() == 4);
    CHECK(last.citation.year == 2016);
    CHECK(last.citation.month == 6);
}

TEST_CASE("an EBSCOhost GreenFILE export with mixed LF and CRLF parses all 40 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_ebsco_greenfile_40.ris", 40);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "Learned Discourses: Timely Scientific Opinions");
    CHECK(c.journal == "Integrated Environmental Assessment & Management");
    CHECK(c.authors.empty());
    CHECK(c.year == 2018);
    CHECK(c.doi == "10.1002/ieam.4057");
    CHECK(c.pmid.empty());  // AN 130185423 is EBSCO's accession number
    CHECK(c.keywords.size() == 5);
    CHECK(c.keywords.back() == "Mineral industries -- Canada");

    // Lines 24-52: AB on line 33 ends in LF only; line 34 (CRLF) continues it.
    const auto& second = fx.records[1];
    CHECK(second.first_line == 24);
    const Citation& s = second.citation;
    CHECK(s.title ==
          "Evaluating in situ biodegradation of 13C-labelled naphthenic acids in groundwater near oil sands "
          "tailings ponds");
    REQUIRE(s.authors.size() == 6);
    CHECK(s.authors[0] == "Ahad, Jason M. E.");
    CHECK(s.journal == "Science of the Total Environment");
    CHECK(s.doi == "10.1016/j.scitotenv.2018.06.159");
    CHECK(s.volume == "643");
    CHECK(s.year == 2018);
    CHECK_THAT(s.abstract_text, StartsWith("Potential seepage of naphthenic acids (NAs) from tailings ponds"));
    CHECK_THAT(s.abstract_text,
               Contains("[ABSTRACT FROM AUTHOR] Copyright of Science of the Total Environment is the property"));
    CHECK(s.abstract_text.find('\r') == std::string::npos);
}

TEST_CASE("an EconLit export with AB NA parses all 50 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_econlit.ris", 50);

    const Citation& c = fx.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title == "Motivational Crowding in Sustainable Development Interventions");
    CHECK(c.journal == "American Political Science Review");
    REQUIRE(c.authors.size() == 3);
    CHECK(c.authors[2] == "Gerber, Elisabeth R.");
    CHECK(c.year == 2015);
    CHECK(c.volume == "109");
    CHECK(c.issue == "3");
    CHECK(c.ris_id == "4224");
    CHECK(c.abstract_text.empty());  // AB "NA" and no N2
    REQUIRE(c.keywords.size() == 1);
    CHECK(c.keywords[0] == "Consumer Economics: Empirical Analysis (D12)");

    const auto& last = fx.records.back();
    CHECK(last.first_line == 875);
    CHECK(last.citation.type == "BOOK");
    CHECK(last.citation.authors == std::vector<std::string>{"Zhu, Ying"});
    CHECK(last.citation.publisher == "New York and Heidelberg: Springer");
    CHECK(last.citation.issn == "9783319113180");
}

TEST_CASE("a Google Scholar export with multi-line abstracts parses all 971 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_google_scholar.ris", 971);

    const Citation& c = fx.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title == "Wave attenuation through forests under extreme conditions");
    REQUIRE(c.authors.size() == 3);
    CHECK(c.authors[0] == "Wesenbeeck, B. K. van");
    CHECK(c.authors[2] == "Antolínez, J. A. A.");
    CHECK(c.year == 2022);
    CHECK(c.doi == "10.1038/s41598-022-05753-3");
    CHECK(c.ris_id == "223875");
    CHECK_THAT(c.notes, has_item("Cited By (since 2022): 11"));

    // Lines 177-187: ST and TI differ; the title is TI.
    const auto& conf = fx.records[13];
    CHECK(conf.first_line == 177);
    CHECK(conf.citation.type == "CONF");
    CHECK(conf.citation.title ==
          "Are our coastal managment strategies inspired by nature-based solutions? A review of the Moolap "
          "development framework plan");

    // Lines 448-499: AB on line 449 continued by 43 untagged lines.
    const auto& brief = fx.records[32];
    CHECK(brief.first_line == 448);
    CHECK(brief.citation.title == "Coastal proteCtion and sustainable urban drainage systems–nature-based solutions");
    CHECK(brief.citation.authors.size() == 3);
    CHECK(brief.citation.year == 2015);
    CHECK(brief.citation.ris_id == "223318");
    CHECK_THAT(brief.citation.abstract_text,
               StartsWith("We are very pleased to present you with the fi rst three editions of the RECREATE "
                          "Policy Briefs, which present"));
    CHECK_THAT(brief.citation.abstract_text, Contains("H2020 Work Programmes. Policy Brief no. 3 discusses"));
    CHECK_THAT(brief.citation.abstract_text, EndsWith("to opt for the NBS."));

    CHECK(fx.records.back().first_line == 13978);
    CHECK(fx.records.back().citation.type == "BOOK");
    CHECK(fx.records.back().citation.publisher == "cict2.agu.edu.vn");
}

TEST_CASE("a Lens export with four URLs on one UR parses all 175 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_lens_3.ris", 175);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Effect of anthropogenic light on bird movement, habitat selection, and distribution: a systematic map "
          "protocol");
    CHECK(c.journal == "Environmental Evidence");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[3] == "Bayne, Erin M.");
    CHECK(c.year == 2019);  // PY 2019 with DA "2019/06/13"
    CHECK(c.month == 6);
    CHECK(c.day == 13);
    CHECK(c.doi == "10.1186/s13750-019-0155-5");
    CHECK(c.issn == "20472382");
    CHECK(c.start_page == "1");  // SP "1-16" is a range: start and end
    CHECK(c.end_page == "16");
    CHECK(c.ris_id == "358");
    CHECK_THAT(c.urls, has_item("https://link.springer.com/article/10.1186/s13750-019-0155-5"));
    CHECK_THAT(c.urls, has_item("https://pubag.nal.usda.gov/catalog/6470230"));
    CHECK_THAT(c.urls, has_item("https://lens.org/002-745-446-771-694"));
    CHECK_THAT(c.abstract_text, StartsWith("Anthropogenic light is known or suspected to exert profound effects"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 4912);
    CHECK(last.citation.journal == "Environment international");
    CHECK(last.citation.doi == "10.1016/j.envint.2019.05.065");
    CHECK(last.citation.year == 2019);
}

TEST_CASE("a MEDLINE export in RIS parses all 84 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_medline_84.ris", 84);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Short-Term Exposure to Wildfire-Specific PM2.5 and Hospitalization for Diabetes Morbidity: A Study in "
          "Multiple Countries and Territories.");
    CHECK(c.journal == "Diabetes care");
    CHECK(c.journal_abbrev == "Diabetes Care");
    REQUIRE(c.authors.size() == 28);
    CHECK(c.authors[0] == "Zhang, Yiwen");
    CHECK(c.authors[27] == "Li, Shanshan");
    CHECK(c.year == 2024);
    CHECK(c.doi == "10.2337/dc24-0703");
    CHECK(c.issn == "1935-5548");
    CHECK(c.pmid == "39012781");  // L2 Ovid link "D=medp&NEWS=N&AN=39012781"
    CHECK_THAT(c.abstract_text, StartsWith("OBJECTIVE: To evaluate associations of wildfire fine particulate matter"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 2642);
    CHECK(last.citation.title == "A systematic review of wild burro grazing effects on Mojave Desert vegetation, USA.");
    CHECK(last.citation.authors == std::vector<std::string>{"Abella, Scott R"});
    CHECK(last.citation.journal == "Environmental management");
    CHECK(last.citation.journal_abbrev == "Environ Manage");
    CHECK(last.citation.doi == "10.1007/s00267-008-9105-7");
    CHECK(last.citation.year == 2008);
    CHECK(last.citation.keywords.size() == 21);
    CHECK_THAT(last.citation.keywords, has_item("Population Dynamics"));
}

TEST_CASE("an Ovid MEDLINE export with record numbers parses all 1000 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_ovid_1000.ris", 1000);

    const auto& first = fx.records[0];
    CHECK(first.first_line == 2);  // line 1 is "1. "
    CHECK(first.ordinal == 1);
    const Citation& c = first.citation;
    CHECK(c.type == "JOUR");
    CHECK(c.ris_id == "30439442");
    CHECK(c.pmid == "30439442");  // L2 Ovid link with D=medp
    CHECK(c.title == "Mushroom poisoning: A proposed new clinical classification.");
    REQUIRE(c.authors.size() == 7);
    CHECK(c.authors[0] == "White, Julian");
    CHECK(c.authors[6] == "Zilker, Thomas");
    CHECK(c.year == 2018);  // Y1 "2018//"
    CHECK(c.doi == "10.1016/j.toxicon.2018.11.007");  // DO "https://dx.doi.org/10.1016/j.toxicon.2018.11.007"
    CHECK(c.journal == "Toxicon : official journal of the International Society on Toxinology");
    CHECK(c.journal_abbrev == "Toxicon");
    CHECK(c.volume == "157");
    CHECK(c.start_page == "53");
    CHECK(c.end_page == "65");
    CHECK_THAT(c.abstract_text, StartsWith(
          "Mushroom poisoning is a significant and increasing form of "
          "toxin-induced-disease."));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 34595);  // after "1000." on line 34594
    CHECK(last.ordinal == 1000);
    CHECK(last.citation.type == "ELEC");
    CHECK(last.citation.ris_id == "CN-01289169");
    CHECK(last.citation.pmid.empty());  // a CENTRAL record (D=cctr), not MEDLINE
    CHECK(last.citation.title ==
          "Rapid and sustained symptom reduction following psilocybin treatment for anxiety and depression in "
          "patients with life-threatening cancer: a randomized controlled trial");
    REQUIRE(last.citation.authors.size() == 1);  // one A1 line holding all the names
    CHECK_THAT(last.citation.authors[0], StartsWith("Ross S, Bossis A, Guss J"));
    CHECK(last.citation.year == 2016);
    CHECK(last.citation.volume == "30");
    CHECK(last.citation.issue == "12");
    CHECK(last.citation.start_page == "1165");
    CHECK_THAT(last.citation.abstract_text, StartsWith("Background: Clinically significant anxiety and depression"));
}

TEST_CASE("an APA PsycInfo export via EBSCOhost parses all 64 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_psycinfo_64.ris", 64);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "The different role of trait empathy and state social exclusion empathy on subsequent feelings about "
          "gambling outcome：Evidence from event-related potentials and time-frequency decompositions");
    CHECK(c.ris_id == "2023-15354-001");
    REQUIRE(c.authors.size() == 6);
    CHECK(c.authors[0] == "Lyu, Dong");
    CHECK(c.authors[5] == "Jin, Jia");
    CHECK(c.journal == "Neuropsychologia");
    CHECK(c.journal_abbrev == "Neuropsychologia");  // JA
    CHECK(c.year == 2022);  // Y1 "2022/11/05/"
    CHECK(c.month == 11);
    CHECK(c.day == 5);
    CHECK(c.doi == "10.1016/j.neuropsychologia.2022.108369");
    CHECK(c.volume == "176");
    CHECK(c.publisher == "Elsevier Science");
    CHECK_THAT(c.keywords, has_item("Theta Rhythm"));
    CHECK_THAT(c.abstract_text, StartsWith("Empathy plays an essential role in determining how we understand"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 2815);
    CHECK(last.citation.type == "THES");
    CHECK(last.citation.authors == std::vector<std::string>{"Horvath, Cary L."});
    CHECK(last.citation.journal == "Dissertation Abstracts International Section A: Humanities and Social Sciences");
    CHECK(last.citation.year == 2000);
    CHECK(last.citation.month == 9);
    CHECK(last.citation.issue == "3-A");
    CHECK_THAT(last.citation.keywords, has_item("Test Validity"));
}

TEST_CASE("a PubMed export in RIS parses all 46 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_pubmed_46.ris", 46);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Psychosocial Perspective on Problem Gambling: The role of Social Relationships, Resilience, and "
          "COVID-19 Worry.");
    REQUIRE(c.authors.size() == 3);
    CHECK(c.authors[2] == "Wilska, Terhi-Anna");
    CHECK(c.journal == "Journal of gambling studies");
    CHECK(c.journal_abbrev == "J Gambl Stud");
    CHECK(c.year == 2023);  // PY 2023 with DA "2023/01/09/"
    CHECK(c.month == 1);
    CHECK(c.day == 9);
    CHECK(c.doi == "10.1007/s10899-022-10185-9");
    CHECK(c.language == "eng");
    CHECK(c.keywords.size() == 6);
    CHECK(c.keywords.back() == "Loneliness");
    CHECK_THAT(c.abstract_text, StartsWith("The COVID-19 pandemic has amplified several psychosocial risks"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 1551);
    CHECK(last.citation.title == "Sex differences in pathological gambling using gaming machines.");
    CHECK(last.citation.year == 1997);  // DA "1997/06//undefined", PY 1997
    CHECK(last.citation.doi == "10.2466/pr0.1997.80.3.1051");
    CHECK(last.citation.issue == "3 Pt 1");
}

TEST_CASE("a Scopus export with mixed line ends and multi-line abstracts parses all 100 records",
          "[ris][fixtures]") {
    auto fx = read_clean("citesource_scopus_100.ris", 100);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Assessment of Fish Embryo Survival and Growth by In Situ Incubation in Acidic Boreal Streams "
          "Undergoing Biomining Effluents");
    REQUIRE(c.authors.size() == 6);
    CHECK(c.authors[0] == "Arola, H. E.");
    CHECK(c.year == 2018);
    CHECK(c.doi == "10.1007/s00244-018-0558-2");
    CHECK_THAT(c.urls, has_item("https://www.ncbi.nlm.nih.gov/pubmed/30218120"));
    CHECK(c.pmid == "30218120");

    // Lines 20-34: no abstract, searchable by its title.
    const Citation& second = fx.records[1].citation;
    CHECK(fx.records[1].first_line == 20);
    CHECK(second.title ==
          "An approach at estimating present day base cation weathering rates: a case study for the Hermine "
          "watershed, Canada");
    CHECK(second.abstract_text.empty());
    CHECK(second.journal == "Biogeochemistry");
    CHECK(second.doi == "10.1007/s10533-018-0479-1");
    CHECK(second.volume == "140");

    // Lines 1422-1449: the TI line and the four AB lines end in LF, the rest in CRLF.
    const auto& peat = fx.records[77];
    CHECK(peat.first_line == 1422);
    CHECK(peat.citation.title ==
          "Changes in Chemical Composition of Acid Extracts on Depth of Peat Deposit of the Vasyugan Mire "
          "Ecological Systems (Western Siberia)");
    REQUIRE(peat.citation.authors.size() == 5);
    CHECK(peat.citation.authors[0] == "Savichev, O. G.");
    CHECK(peat.citation.journal == "Bulletin of the Tomsk Polytechnic University-Geo Assets Engineering");
    CHECK(peat.citation.journal_abbrev == "Bull Tomsk Polytech");
    CHECK(peat.citation.language == "Russian");
    CHECK(peat.citation.volume == "329");
    CHECK(peat.citation.year == 2018);
    CHECK_THAT(peat.citation.keywords, has_item("peat"));
    CHECK_THAT(peat.citation.abstract_text, StartsWith("Relevance. The analysis of changes in chemical"));
    CHECK_THAT(peat.citation.abstract_text,
               Contains("ecological monitoring as well. The aim of the research is to reveal"));
    CHECK_THAT(peat.citation.abstract_text, Contains("Vasyugan mire. Methods: landscape-geochemical"));
    CHECK_THAT(peat.citation.abstract_text, EndsWith("removal of toxic substances for this vegetation."));
}

TEST_CASE("a Web of Science export via a reference manager parses all 219 records", "[ris][fixtures]") {
    auto fx = read_clean("citesource_wos_1.ris", 219);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Effect of anthropogenic light on bird movement, habitat selection, and distribution: a systematic map "
          "protocol");
    CHECK(c.journal == "ENVIRONMENTAL EVIDENCE");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[4] == "St Clair, C. C.");
    CHECK(c.year == 2019);  // DA "JUN 13" has no year
    CHECK(c.doi == "10.1186/s13750-019-0155-5");
    CHECK(c.issn == "2047-2382");
    CHECK(c.ris_id == "84");
    CHECK(c.pmid.empty());  // AN "WOS:000471694800003"
    CHECK_THAT(c.abstract_text, StartsWith("Background: Anthropogenic light is known"));

    // Lines 145-169: the second ISSN sits on the untagged line 164.
    const auto& fire = fx.records[7];
    CHECK(fire.first_line == 145);
    CHECK(fire.citation.title ==
          "Systematic fire mapping is critical for fire ecology, planning and management: A case study in the "
          "semi-arid Murray Mal lee, south-eastern Australia");
    CHECK(fire.citation.journal == "LANDSCAPE AND URBAN PLANNING");
    REQUIRE(fire.citation.authors.size() == 12);
    CHECK(fire.citation.authors[0] == "Avitabile, S. C.");
    CHECK(fire.citation.authors[11] == "Clarke, M. F.");
    CHECK(fire.citation.doi == "10.1016/j.landurbplan.2013.04.017");
    CHECK(fire.citation.year == 2013);
    CHECK(fire.citation.issn == "0169-2046 1872-6062");
    CHECK(fire.citation.start_page == "81");  // SP "81-91", no EP
    CHECK(fire.citation.end_page == "91");
    CHECK(fire.citation.volume == "117");
    CHECK(fire.citation.ris_id == "193");

    CHECK(fx.records.back().first_line == 4863);
    CHECK(fx.records.back().citation.doi == "10.1016/j.scitotenv.2018.01.041");
}
