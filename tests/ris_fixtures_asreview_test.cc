// The RIS reader against the asreview/asreview demo data (see
// ris_fixture_support.h for how these fixture cases are written).

#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "ris_fixture_support.h"

namespace {

using Catch::Matchers::StartsWith;
using citesearch::Citation;
using citesearch::FileFormat;
using citesearch::test::error_lines;
using citesearch::test::errors_of;
using citesearch::test::has_item;
using citesearch::test::read_clean;
using citesearch::test::read_fixture;

}  // namespace

// ---------------------------------------------------------------------------
// asreview/asreview demo data

TEST_CASE("an Embase export with a BOM and N2 abstracts parses all 6 records", "[ris][fixtures]") {
    auto fx = read_clean("asreview_embase.ris", 6);
    CHECK(fx.format == FileFormat::ris);

    const auto& first = fx.records[0];
    CHECK(first.first_line == 1);
    const Citation& c = first.citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title == "Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound");
    REQUIRE(c.authors.size() == 2);
    CHECK(c.authors[0] == "Liu R.");
    CHECK(c.authors[1] == "Adler D.G.");
    CHECK(c.year == 2014);
    CHECK(c.journal == "Endoscopic Ultrasound");
    CHECK(c.doi == "10.4103/2303-9027.138783");
    CHECK(c.volume == "3");
    CHECK(c.issue == "3");
    CHECK(c.start_page == "152");
    CHECK(c.end_page == "160");
    CHECK(c.language == "English");
    CHECK(c.keywords.size() == 22);
    CHECK_THAT(c.keywords, has_item("endoscopic ultrasonography"));
    CHECK_THAT(c.abstract_text, StartsWith("Gastrointestinal tract duplication cysts are rare congenital"));

    // Line 114: JF full name, JO the abbreviation.
    const auto& third = fx.records[2];
    CHECK(third.first_line == 114);
    CHECK(third.citation.journal == "International Journal of Surgery Case Reports");
    CHECK(third.citation.journal_abbrev == "Int. J. Surg. Case Rep.");
    REQUIRE(third.citation.authors.size() == 12);
    CHECK(third.citation.authors[0] == "Nakashima S.");
    CHECK(third.citation.year == 2019);
    CHECK(third.citation.doi == "10.1016/j.ijscr.2018.11.060");
    CHECK_THAT(third.citation.abstract_text, StartsWith("Introduction: Enteric duplication cysts are rare"));
}

TEST_CASE("a record with 7456 AU lines keeps every author", "[ris][fixtures]") {
    auto fx = read_clean("asreview_many_authors.ris", 1);
    const Citation& c = fx.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title == "This is the title");
    CHECK(c.abstract_text == "This is a random text");
    REQUIRE(c.authors.size() == 7456);
    CHECK(c.authors.front() == "Verylongname, Christopher");
    CHECK(c.authors.back() == "Verylongname, Christopher");
}

TEST_CASE("an Ovid PsycINFO export with record numbers and trailing junk parses all 6 records",
          "[ris][fixtures]") {
    auto fx = read_clean("asreview_ovid_psycinfo.ris", 6);

    const auto& first = fx.records[0];
    CHECK(first.first_line == 2);  // line 1 is Ovid's "1."
    const Citation& c = first.citation;
    CHECK(c.title ==
          "The influence of self-criticism on depression symptoms among ambulatory patients with inflammatory "
          "bowel disease.");
    REQUIRE(c.authors.size() == 5);
    CHECK(c.authors[0] == "Trindade, Ines A");
    CHECK(c.year == 2019);  // Y1 "2019//"
    CHECK(c.doi == "10.1002/cpp.2398");  // DO "http://dx.doi.org/10.1002/cpp.2398"
    CHECK(c.journal == "Clinical Psychology & Psychotherapy");
    CHECK(c.ris_id == "2019-65183-001");
    CHECK(c.issn == "1063-3995");
    CHECK_THAT(c.abstract_text, StartsWith("Considering that self-criticism is an important process"));

    const auto& second = fx.records[1];
    CHECK(second.first_line == 31);
    CHECK(second.citation.title ==
          "Gender differences in inflammatory bowel disease: Explaining body image dissatisfaction.");
    CHECK(second.citation.doi == "10.1177/1359105317742958");
    CHECK(second.citation.volume == "24");
    CHECK(second.citation.issue == "7");
    CHECK(second.citation.start_page == "847");
    CHECK(second.citation.end_page == "856");
    CHECK_THAT(second.citation.keywords, has_item("Symptoms"));

    CHECK(fx.records.back().first_line == 298);
}

TEST_CASE("a ProQuest export parses all 6 records with URL-style DOIs normalised", "[ris][fixtures]") {
    auto fx = read_clean("asreview_proquest.ris", 6);

    const Citation& c = fx.records[0].citation;
    CHECK(fx.records[0].first_line == 1);
    CHECK(c.title ==
          "Predictors of posttraumatic stress symptom trajectories following the fatal 2011 Christchurch, New "
          "Zealand earthquake");
    REQUIRE(c.authors.size() == 7);
    CHECK(c.authors[0] == "Jones, Hannah");
    CHECK(c.year == 2019);
    CHECK(c.doi == "10.1002/jts.22387");
    CHECK(c.journal == "Journal of Traumatic Stress");
    CHECK(c.language == "English");
    CHECK(c.keywords.size() == 18);
    CHECK_THAT(c.keywords, has_item("Christchurch Earthquake (2011)"));
    CHECK_THAT(c.abstract_text, StartsWith("People respond differently to potentially traumatic events."));

    const Citation& second = fx.records[1].citation;
    CHECK(fx.records[1].first_line == 45);
    CHECK(second.journal == "European Journal of Psychotraumatology");
    CHECK(second.authors.size() == 4);
    CHECK(second.doi == "10.1080/20008198.2019.1586266");
    CHECK(second.volume == "10");
    CHECK(second.issue == "1");
}

TEST_CASE("a PubMed-via-Zotero export parses all 6 records with T2 journal and J2 abbreviation",
          "[ris][fixtures]") {
    auto fx = read_clean("asreview_pubmed_zotero.ris", 6);

    const Citation& c = fx.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title ==
          "The importance of cognitive flexibility and flexibility in coping with stress for the quality of "
          "life in inflammatory bowel disease patients during biological therapy. A preliminary report.");
    REQUIRE(c.authors.size() == 4);
    CHECK(c.authors[0] == "Rudnik, Agata");
    CHECK(c.authors[2] == "Basinska, Malgorzata A.");
    CHECK(c.journal == "Przeglad gastroenterologiczny");
    CHECK(c.journal_abbrev == "Prz Gastroenterol");
    CHECK(c.year == 2019);
    CHECK(c.doi == "10.5114/pg.2018.81081");
    CHECK(c.volume == "14");
    CHECK(c.issue == "2");
    CHECK(c.start_page == "121");
    CHECK(c.end_page == "128");
    CHECK(c.language == "eng");
    CHECK(c.keywords.size() == 5);
    CHECK_THAT(c.keywords, has_item("Crohn's disease"));
    CHECK_THAT(c.abstract_text,
               StartsWith("Introduction: There are studies demonstrating the relation between psychological"));

    const Citation& last = fx.records.back().citation;
    CHECK(fx.records.back().first_line == 129);
    CHECK(last.journal == "Medicine");
    CHECK(last.journal_abbrev == "Medicine (Baltimore)");
    CHECK(last.doi == "10.1097/md.0000000000016231");  // DO "10.1097/MD.0000000000016231", lower-cased
    CHECK(last.year == 2019);
}

TEST_CASE("a Rayyan export with keywords on continuation lines gives one keyword per line",
          "[ris][fixtures]") {
    auto fx = read_clean("asreview_rayyan_issue_992.ris", 19);

    // Lines 1-25: KW at line 4 followed by 12 untagged lines, one keyword each.
    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "Overcoming Medication Reconciliation Challenges");
    CHECK(c.journal == "Joint Commission Perspectives on Patient Safety");
    CHECK(c.authors.empty());
    CHECK(c.year == 2011);
    CHECK(c.ris_id == "1");
    CHECK(c.issn == "1534-5181");
    CHECK(c.volume == "11");
    CHECK(c.issue == "11");
    REQUIRE(c.keywords.size() == 13);
    CHECK(c.keywords.front() == "Health Facility Administration");
    CHECK(c.keywords[1] == "Joint Commission");
    CHECK(c.keywords.back() == "Patient Education");

    // Lines 541-588: DA "Feb" (no year) then PY 2021; 22 keyword lines.
    const auto& last = fx.records.back();
    CHECK(last.first_line == 541);
    CHECK(last.citation.title == "Behavioral health care quality among marketplace insurers in 2019");
    REQUIRE(last.citation.authors.size() == 4);
    CHECK(last.citation.authors[0] == "Abraham, J. M.");
    CHECK(last.citation.doi == "10.1176/appi.ps.202000115");
    CHECK(last.citation.journal == "Psychiatric Services");
    CHECK(last.citation.journal_abbrev == "Psychiat Serv");
    CHECK(last.citation.year == 2021);
    CHECK(last.citation.ris_id == "1060");
    CHECK(last.citation.keywords.size() == 22);
    CHECK(last.citation.keywords.front() == "alcoholism");
    CHECK_THAT(last.citation.keywords, has_item("medicaid"));
    CHECK_THAT(last.citation.abstract_text, StartsWith("Objective: Using 2019 Centers for Medicare"));
}

TEST_CASE("an EndNote reference-type dump whose 61 records hold nothing to search yields no records",
          "[ris][fixtures]") {
    auto fx = read_fixture("asreview_reference_types.ris");
    CHECK(fx.records.empty());
    CHECK(fx.records_read == 0);
    CHECK(fx.records_rejected == 61);
    const auto errors = errors_of(fx);
    REQUIRE(errors.size() == 61);
    // Every record is "TY  - <type>", at most an N1 "Reference Type: ..." note, and ER.
    std::vector<std::size_t> expected{1, 4};
    for (std::size_t line = 7; line <= 239; line += 4) expected.push_back(line);
    CHECK(error_lines(fx) == expected);
    CHECK_THAT(errors.front()->to_string(), StartsWith(fx.path + ":1: error: "));
}

TEST_CASE("a Scopus export with long reference lists parses all 6 records", "[ris][fixtures]") {
    auto fx = read_clean("asreview_scopus.ris", 6);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title ==
          "Stress and the brain-gut axis in functional and chronic-inflammatory gastrointestinal diseases: A "
          "transdisciplinary challenge");
    CHECK(c.journal == "Psychoneuroendocrinology");
    CHECK(c.journal_abbrev == "Psychoneuroendocrinology");
    REQUIRE(c.authors.size() == 4);
    CHECK(c.authors[0] == "Labanski, A.");
    CHECK(c.year == 2020);
    CHECK(c.doi == "10.1016/j.psyneuen.2019.104501");
    CHECK(c.volume == "111");
    CHECK(c.publisher == "Elsevier Ltd");
    CHECK(c.language == "English");
    CHECK(c.keywords.size() == 9);
    CHECK_THAT(c.keywords, has_item("Brain-gut axis"));
    CHECK_THAT(c.abstract_text, StartsWith("The broad role of stress in the brain-gut axis is widely acknowledged"));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 897);
    CHECK(last.citation.title ==
          "Role of brain imaging in disorders of brain-gut interaction: A "
          "Rome Working Team Report");
    CHECK(last.citation.journal == "Gut");
    CHECK(last.citation.authors.size() == 9);
    CHECK(last.citation.authors[0] == "Mayer, E.A.");
    CHECK(last.citation.doi == "10.1136/gutjnl-2019-318308");
    CHECK(last.citation.year == 2019);
    CHECK(last.citation.volume == "68");
    CHECK(last.citation.issue == "9");
    CHECK(last.citation.start_page == "1701");
    CHECK(last.citation.end_page == "1715");
}

TEST_CASE("a Web of Science RIS export parses all 10 records", "[ris][fixtures]") {
    auto fx = read_clean("asreview_web_of_science.ris", 10);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "Holding Yourself Captive: Perceptions of Custody During Interviews and Interrogations");
    CHECK(c.journal == "JOURNAL OF APPLIED RESEARCH IN MEMORY AND COGNITION");
    REQUIRE(c.authors.size() == 3);
    CHECK(c.authors[0] == "Alceste, F");
    CHECK(c.year == 2018);  // DA "SEP" has no year; PY 2018
    CHECK(c.doi == "10.1016/j.jarmac.2018.03.001");
    CHECK(c.volume == "7");
    CHECK(c.issue == "3");
    CHECK(c.start_page == "387");
    CHECK(c.end_page == "397");
    CHECK(c.language == "English");
    CHECK(c.keywords.size() == 11);
    CHECK_THAT(c.keywords, has_item("Police custody"));
    CHECK_THAT(c.abstract_text, StartsWith("Police custody activates important legal safeguards."));

    const auto& last = fx.records.back();
    CHECK(last.first_line == 408);
    CHECK(last.citation.title == "On the power of secondary confession evidence");
    CHECK(last.citation.journal == "PSYCHOLOGY CRIME & LAW");
    CHECK(last.citation.year == 2014);
    CHECK(last.citation.doi == "10.1080/1068316x.2013.777963");  // DO "10.1080/1068316X.2013.777963"
}

TEST_CASE("a Zotero export with CRLF line ends parses all 100 records", "[ris][fixtures]") {
    auto fx = read_clean("asreview_zotero_baseline.ris", 100);

    const Citation& c = fx.records[0].citation;
    CHECK(c.title == "An open source machine learning framework for efficient and transparent systematic reviews");
    CHECK(c.journal == "Nature Machine Intelligence");
    REQUIRE(c.authors.size() == 17);
    CHECK(c.authors[0] == "van de Schoot, Rens");
    CHECK(c.authors[16] == "Oberski, Daniel");
    CHECK(c.year == 2021);  // PY 2021; DA "2021/02/01/" supplies month and day
    CHECK(c.month == 2);
    CHECK(c.day == 1);
    CHECK(c.doi == "10.1038/s42256-020-00287-7");
    CHECK(c.volume == "3");
    CHECK(c.issue == "2");
    CHECK(c.start_page == "125");
    CHECK(c.end_page == "133");
    CHECK(c.issn == "25225839");
    CHECK_THAT(c.urls, has_item("https://lens.org/106-059-195-106-980"));
    CHECK_THAT(c.abstract_text, StartsWith("To help researchers conduct a systematic review or meta-analysis"));
    for (const auto& field : c.fields) {
        INFO(field.tag);
        CHECK(field.value.find('\r') == std::string::npos);
    }

    const auto& last = fx.records.back();
    CHECK(last.first_line == 2766);
    CHECK(last.citation.title ==
          "Efficacy and safety of selective glucocorticoid receptor modulators in comparison to glucocorticoids "
          "in arthritis, a systematic review");
    CHECK(last.citation.journal == "PloS one");
    REQUIRE(last.citation.authors.size() == 6);
    CHECK(last.citation.authors.back() == "van Laar, J.M.");
    CHECK(last.citation.doi == "10.1371/journal.pone.0188810");
    CHECK(last.citation.year == 2017);
}
