#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "export_formats.h"
#include "ris_reader.h"
#include "stored_record.h"
#include "test_support.h"

using namespace citesearch;
namespace fs = std::filesystem;

namespace {

StoredRecord record_of(Citation c, std::string id = "0123456789abcdef") {
    StoredRecord r;
    r.id = std::move(id);
    r.key = "test:" + r.id;
    r.citation = std::move(c);
    r.sources.push_back({"seed/jost2022-bjr.ris", 1, 1, ""});
    return r;
}

std::string export_all(ExportFormat f, const std::vector<StoredRecord>& records) {
    std::string out;
    begin_export(f, out);
    for (std::size_t i = 0; i < records.size(); ++i) append_record(f, records[i], i, out);
    end_export(f, out);
    return out;
}

std::string export_one(ExportFormat f, const Citation& c) { return export_all(f, {record_of(c)}); }

struct ReadResult {
    std::vector<Citation> citations;
    std::vector<Diagnostic> diagnostics;
};

ReadResult read_citations(const fs::path& path) {
    ReadResult result;
    RisReader reader(path);
    while (std::optional<RisRecord> rec = reader.next()) result.citations.push_back(std::move(rec->citation));
    result.diagnostics = reader.take_diagnostics();
    return result;
}

// Writes RIS text to a file and reads it back with the project's reader.
ReadResult reread(const std::string& ris) {
    test::TempDir dir;
    test::write_file(dir / "export.ris", ris);
    return read_citations(dir / "export.ris");
}

std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) out += d.to_string() + "\n";
    return out;
}

// Every typed field: what a round trip through RIS must preserve.
void check_same_typed_fields(const Citation& expected, const Citation& actual) {
    INFO("record: " << expected.title);
    CHECK(actual.type == expected.type);
    CHECK(actual.title == expected.title);
    CHECK(actual.journal == expected.journal);
    CHECK(actual.journal_abbrev == expected.journal_abbrev);
    CHECK(actual.authors == expected.authors);
    CHECK(actual.editors == expected.editors);
    CHECK(actual.abstract_text == expected.abstract_text);
    CHECK(actual.keywords == expected.keywords);
    CHECK(actual.year == expected.year);
    CHECK(actual.month == expected.month);
    CHECK(actual.day == expected.day);
    CHECK(actual.doi == expected.doi);
    CHECK(actual.pmid == expected.pmid);
    CHECK(actual.pmcid == expected.pmcid);
    CHECK(actual.issn == expected.issn);
    CHECK(actual.volume == expected.volume);
    CHECK(actual.issue == expected.issue);
    CHECK(actual.start_page == expected.start_page);
    CHECK(actual.end_page == expected.end_page);
    CHECK(actual.urls == expected.urls);
    CHECK(actual.notes == expected.notes);
    CHECK(actual.ris_id == expected.ris_id);
    CHECK(actual.language == expected.language);
    CHECK(actual.publisher == expected.publisher);
}

void check_round_trip(const Citation& c) {
    std::string ris = export_one(ExportFormat::ris, c);
    INFO("exported:\n" << ris);
    ReadResult back = reread(ris);
    INFO(diagnostics_text(back.diagnostics));
    CHECK(back.diagnostics.empty());
    REQUIRE(back.citations.size() == 1);
    check_same_typed_fields(c, back.citations.front());
}

Citation seed_citation() {
    ReadResult seed = read_citations(test::shared_data() / "seed" / "jost2022-bjr.ris");
    REQUIRE(seed.citations.size() == 1);
    return seed.citations.front();
}

// A typed citation with no original lines (built by hand or by a merge).
Citation typed_article() {
    Citation c;
    c.type = "JOUR";
    c.title = "Immune checkpoint inhibitors and ablation: a 50% response?";
    c.journal = "Journal of Vascular and Interventional Radiology";
    c.journal_abbrev = "J Vasc Interv Radiol";
    c.authors = {"de Baere, Thierry", "Søndergaard, Ørjan", "World Health Organization"};
    c.editors = {"Reimer, Ernst"};
    c.abstract_text = "Background: \"quoted\" text, with commas; and semicolons.";
    c.keywords = {"ablation", "immunotherapy", "Neoplasms/therapy"};
    c.year = 2021;
    c.month = 3;
    c.day = 7;
    c.doi = "10.1016/j.jvir.2021.01.001";
    c.pmid = "33456789";
    c.pmcid = "PMC7654321";
    c.issn = "1051-0443";
    c.volume = "32";
    c.issue = "3";
    c.start_page = "345";
    c.end_page = "352";
    c.urls = {"https://example.org/article?id=1&x=2"};
    c.notes = {"Corrected version"};
    c.ris_id = "rec-17";
    c.language = "eng";
    c.publisher = "Elsevier";
    return c;
}

// What the reader makes of a PubMed .nbib record: MEDLINE tags in `fields`.
Citation medline_article() {
    Citation c;
    c.type = "JOUR";
    c.title = "Formulation of Herbal Gel of Antirrhinum majus Extract.";
    c.journal = "Advanced biomedical research";
    c.journal_abbrev = "Adv Biomed Res";
    c.authors = {"Shahbazi, Sara", "Jost, Raphaël"};
    c.abstract_text = "BACKGROUND: Antirrhinum majus contains aurone.";
    c.keywords = {"Acne Vulgaris/drug therapy", "Blue light"};
    c.year = 2018;
    c.month = 3;
    c.doi = "10.4103/abr.abr_99_17";
    c.pmid = "29657938";
    c.pmcid = "PMC5887686";
    c.issn = "2277-9175";
    c.volume = "7";
    c.start_page = "53";
    c.language = "eng";
    c.fields = {{"PMID", "29657938"},
                {"OWN", "NLM"},
                {"IS", "2277-9175 (Print)"},
                {"VI", "7"},
                {"DP", "2018 Mar 28"},
                {"TI", c.title},
                {"PG", "53"},
                {"LID", "10.4103/abr.abr_99_17 [doi]"},
                {"AB", c.abstract_text},
                {"FAU", "Shahbazi, Sara"},
                {"AU", "Shahbazi S"},
                {"FAU", "Jost, Raphaël"},
                {"AU", "Jost R"},
                {"LA", "eng"},
                {"PT", "Journal Article"},
                {"TA", "Adv Biomed Res"},
                {"JT", "Advanced biomedical research"},
                {"PMC", "PMC5887686"},
                {"MH", "Acne Vulgaris/drug therapy"},
                {"OT", "Blue light"}};
    return c;
}

// A minimal RFC 4180 reader for checking the CSV export.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(cell));
            cell.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(std::move(cell));
            cell.clear();
            rows.push_back(std::move(row));
            row.clear();
            ++i;
        } else {
            cell += c;
        }
    }
    return rows;
}

// BibTeX counts every brace, escaped or not: depth must never go below zero
// and must end at zero.
bool braces_balanced(std::string_view s) {
    int depth = 0;
    for (char c : s) {
        if (c == '{') ++depth;
        if (c == '}' && --depth < 0) return false;
    }
    return depth == 0;
}

}  // namespace

// ---------------------------------------------------------------- names

TEST_CASE("export format names are parsed case-insensitively and unknown names are refused", "[export]") {
    CHECK(parse_export_format("ris") == ExportFormat::ris);
    CHECK(parse_export_format("BibTeX") == ExportFormat::bibtex);
    CHECK(parse_export_format("CSLJSON") == ExportFormat::csljson);
    CHECK(parse_export_format("csv") == ExportFormat::csv);
    CHECK_FALSE(parse_export_format("json").has_value());
    CHECK_FALSE(parse_export_format("").has_value());
    CHECK_FALSE(parse_export_format("ris ").has_value());
}

TEST_CASE("each export format has its media type and file extension", "[export]") {
    CHECK(content_type(ExportFormat::ris) == "application/x-research-info-systems; charset=utf-8");
    CHECK(content_type(ExportFormat::bibtex) == "application/x-bibtex; charset=utf-8");
    CHECK(content_type(ExportFormat::csljson) == "application/vnd.citationstyles.csl+json; charset=utf-8");
    CHECK(content_type(ExportFormat::csv) == "text/csv; charset=utf-8");
    CHECK(file_extension(ExportFormat::ris) == "ris");
    CHECK(file_extension(ExportFormat::bibtex) == "bib");
    CHECK(file_extension(ExportFormat::csljson) == "json");
    CHECK(file_extension(ExportFormat::csv) == "csv");
}

// ---------------------------------------------------------------- RIS

TEST_CASE("RIS export writes the original lines in file order", "[export]") {
    Citation c;
    c.type = "JOUR";
    c.title = "A title";
    c.fields = {{"TY", "JOUR"}, {"T1", "A title"}, {"M3", "Review article"}, {"C7", ""}, {"AU", "Jost, R"}};
    c.authors = {"Jost, R"};
    CHECK(export_one(ExportFormat::ris, c) ==
          "TY  - JOUR\nT1  - A title\nM3  - Review article\nC7  - \nAU  - Jost, R\nER  - \n\n");
}

TEST_CASE("RIS export puts TY first when the original lines do not start with it", "[export]") {
    Citation c;
    c.type = "BOOK";
    c.title = "A book";
    c.fields = {{"TI", "A book"}, {"TY", "JOUR"}, {"ER", ""}, {"PB", "Springer"}};
    c.publisher = "Springer";
    CHECK(export_one(ExportFormat::ris, c) == "TY  - BOOK\nTI  - A book\nPB  - Springer\nER  - \n\n");

    c.type.clear();
    CHECK(export_one(ExportFormat::ris, c).starts_with("TY  - GEN\n"));
}

TEST_CASE("RIS export turns line breaks and control characters in values into spaces", "[export]") {
    Citation c;
    c.type = "JOUR";
    c.title = "two\r\nlines\x01";
    c.fields = {{"TY", "JOUR"}, {"TI", "two\r\nlines\x01"}};
    CHECK(export_one(ExportFormat::ris, c) == "TY  - JOUR\nTI  - two  lines \nER  - \n\n");
}

TEST_CASE("RIS export of a MEDLINE record writes RIS tags, not MEDLINE ones", "[export]") {
    std::string ris = export_one(ExportFormat::ris, medline_article());
    for (std::string_view medline_tag :
         {"PMID", "FAU ", "OWN ", "JT  -", "TA  -", "VI  -", "PG  -", "DP  -", "LID ", "MH  -", "OT  -", "PMC "}) {
        INFO(medline_tag);
        CHECK(ris.find("\n" + std::string(medline_tag)) == std::string::npos);
    }
    CHECK(ris.starts_with("TY  - JOUR\nTI  - Formulation of Herbal Gel"));
    CHECK(ris.find("\nAU  - Shahbazi, Sara\nAU  - Jost, Raphaël\n") != std::string::npos);
    CHECK(ris.find("\nPY  - 2018/03\n") != std::string::npos);
    CHECK(ris.find("\nSN  - 2277-9175\n") != std::string::npos);
    CHECK(ris.find("\nAN  - 29657938\n") != std::string::npos);
    CHECK(ris.find("\nKW  - Acne Vulgaris/drug therapy\nKW  - Blue light\n") != std::string::npos);
    CHECK(ris.ends_with("ER  - \n\n"));
}

TEST_CASE("RIS export of the seed record reads back identical, original lines included", "[export]") {
    Citation seed = seed_citation();
    REQUIRE(seed.title == "Synergizing liver systemic treatments with interventional oncology: friend or foe?");
    REQUIRE(seed.pmid == "36075034");
    std::string ris = export_one(ExportFormat::ris, seed);
    ReadResult back = reread(ris);
    INFO(ris);
    INFO(diagnostics_text(back.diagnostics));
    CHECK(back.diagnostics.empty());
    REQUIRE(back.citations.size() == 1);
    check_same_typed_fields(seed, back.citations.front());
    const std::vector<RisField>& fields = back.citations.front().fields;
    REQUIRE(fields.size() == seed.fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
        CHECK(fields[i].tag == seed.fields[i].tag);
        CHECK(fields[i].value == seed.fields[i].value);
    }
}

TEST_CASE("RIS export of typed citations reads back with the same fields", "[export]") {
    SECTION("a citation with no original lines") { check_round_trip(typed_article()); }
    SECTION("a citation read from MEDLINE") { check_round_trip(medline_article()); }
    SECTION("a citation with a short PMID and a year alone") {
        Citation c;
        c.type = "JOUR";
        c.title = "An old paper";
        c.pmid = "1234";
        c.year = 1975;
        check_round_trip(c);
    }
}

TEST_CASE("RIS export keeps what a merge took from another copy of the record", "[export]") {
    // A PubMed copy of the seed, poorer (no abstract): the seed's lines stay
    // the record's lines and the merge fills in what they lack.
    Citation pubmed;
    pubmed.type = "JOUR";
    pubmed.title = "Synergizing liver systemic treatments with interventional oncology: friend or foe?";
    pubmed.authors = {"Jost, Raphaël"};
    pubmed.journal = "The British journal of radiology";
    pubmed.journal_abbrev = "Br J Radiol";
    pubmed.keywords = {"Liver Neoplasms/therapy", "Immunotherapy"};
    pubmed.year = 2022;
    pubmed.doi = "10.1259/bjr.20220548";
    pubmed.pmid = "36075034";
    pubmed.pmcid = "PMC9793478";
    pubmed.language = "eng";
    pubmed.fields = {{"PMID", "36075034"}, {"TI", pubmed.title}, {"FAU", "Jost, Raphaël"}, {"TA", "Br J Radiol"}};

    StoredRecord merged = record_of(seed_citation());
    merge_into(merged, pubmed, {"pubmed.nbib", 1, 1, ""}, true);
    REQUIRE(merged.citation.fields.front().tag == "TY");  // still the seed's lines
    REQUIRE(merged.citation.pmcid == "PMC9793478");
    REQUIRE(merged.citation.keywords == pubmed.keywords);
    check_round_trip(merged.citation);

    // Richer the other way round: the PubMed copy's typed fields lead.
    pubmed.abstract_text = "A longer abstract than the seed has, from PubMed.";
    pubmed.authors = seed_citation().authors;
    StoredRecord reversed = record_of(seed_citation());
    merge_into(reversed, pubmed, {"pubmed.nbib", 1, 1, ""}, true);
    REQUIRE(reversed.citation.fields.front().tag == "PMID");
    check_round_trip(reversed.citation);

    Citation no_date = seed_citation();
    std::erase_if(no_date.fields, [](const RisField& f) { return f.tag == "PY" || f.tag == "Y1"; });
    check_round_trip(no_date);  // 2022/9/1 now comes from the typed fields only
}

TEST_CASE("RIS export gives back keywords that were written one per continuation line", "[export]") {
    test::TempDir dir;
    test::write_file(dir / "rayyan.ris",
                     "TY  - JOUR\nTI  - Rayyan style\nKW  - liver\nablation\n*immunotherapy; liver\nER  - \n");
    ReadResult original = read_citations(dir / "rayyan.ris");
    REQUIRE(original.citations.size() == 1);
    REQUIRE(original.citations.front().keywords == std::vector<std::string>{"liver", "ablation", "immunotherapy"});
    check_round_trip(original.citations.front());
}

TEST_CASE("RIS export of every record of the shared fixtures reads back with the same fields", "[export]") {
    std::vector<fs::path> files;
    for (const fs::directory_entry& e : fs::directory_iterator(test::shared_data() / "ris-fixtures"))
        if (e.path().extension() != ".csv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() > 20);

    std::size_t records = 0;
    for (const fs::path& file : files) {
        INFO(file.filename().string());
        ReadResult original = read_citations(file);
        if (original.citations.empty()) continue;  // e.g. a list of reference types with nothing to search
        std::string ris;
        for (std::size_t i = 0; i < original.citations.size(); ++i)
            append_record(ExportFormat::ris, record_of(original.citations[i]), i, ris);
        ReadResult back = reread(ris);
        INFO(diagnostics_text(back.diagnostics));
        CHECK(back.diagnostics.empty());
        REQUIRE(back.citations.size() == original.citations.size());
        for (std::size_t i = 0; i < back.citations.size(); ++i)
            check_same_typed_fields(original.citations[i], back.citations[i]);
        records += back.citations.size();
    }
    CHECK(records > 1000);
}

// ---------------------------------------------------------------- BibTeX

TEST_CASE("BibTeX export writes a journal article with its key, names and page range", "[export]") {
    std::string bib = export_one(ExportFormat::bibtex, seed_citation());
    CHECK(bib.starts_with("@article{jost2022synergizing_1,\n"));
    CHECK(bib.find(
              "\n  title = {Synergizing liver systemic treatments with interventional oncology: friend or foe?},\n") !=
          std::string::npos);
    CHECK(bib.find("\n  author = {Jost, Raphaël and Al-Shatti, Nael and ") != std::string::npos);
    CHECK(bib.find(" and de Baere, Thierry and Tselikas, Lambros},\n") != std::string::npos);
    CHECK(bib.find("\n  journal = {British Journal of Radiology},\n") != std::string::npos);
    CHECK(bib.find("\n  year = {2022},\n  month = sep,\n") != std::string::npos);
    CHECK(bib.find("\n  volume = {95},\n  number = {1138},\n") != std::string::npos);
    CHECK(bib.find("\n  doi = {10.1259/bjr.20220548},\n") != std::string::npos);
    CHECK(bib.find("\n  pmid = {36075034},\n") != std::string::npos);
    CHECK(bib.ends_with("}\n\n"));
    CHECK(braces_balanced(bib));

    Citation c = typed_article();
    bib = export_one(ExportFormat::bibtex, c);
    CHECK(bib.find("\n  pages = {345--352},\n") != std::string::npos);
    CHECK(bib.find("\n  keywords = {ablation, immunotherapy, Neoplasms/therapy},\n") != std::string::npos);
    CHECK(bib.find("\n  url = {https://example.org/article?id=1&x=2},\n") != std::string::npos);
    CHECK(bib.find("\n  issn = {1051-0443},\n") != std::string::npos);
}

TEST_CASE("BibTeX entry types follow the RIS type", "[export]") {
    auto entry_of = [](std::string type) {
        Citation c = typed_article();
        c.type = std::move(type);
        std::string bib = export_one(ExportFormat::bibtex, c);
        return bib.substr(0, bib.find('{'));
    };
    CHECK(entry_of("JOUR") == "@article");
    CHECK(entry_of("BOOK") == "@book");
    CHECK(entry_of("CHAP") == "@incollection");
    CHECK(entry_of("CONF") == "@inproceedings");
    CHECK(entry_of("CPAPER") == "@inproceedings");
    CHECK(entry_of("THES") == "@phdthesis");
    CHECK(entry_of("RPRT") == "@techreport");
    CHECK(entry_of("DATA") == "@misc");
    CHECK(entry_of("") == "@misc");

    Citation chapter = typed_article();
    chapter.type = "CHAP";
    std::string bib = export_one(ExportFormat::bibtex, chapter);
    CHECK(bib.find("\n  booktitle = {Journal of Vascular and Interventional Radiology},\n") != std::string::npos);
    CHECK(bib.find("\n  journal = ") == std::string::npos);
    CHECK(bib.find("\n  editor = {Reimer, Ernst},\n") != std::string::npos);

    Citation thesis = typed_article();
    thesis.type = "THES";
    CHECK(export_one(ExportFormat::bibtex, thesis).find("\n  school = {Elsevier},\n") != std::string::npos);
}

TEST_CASE("BibTeX keys are folded to ASCII and unique within an export", "[export]") {
    Citation c = typed_article();
    c.title = "The 5-year outcome";
    c.authors = {"Søndergaard, Ørjan"};
    StoredRecord r = record_of(c);
    std::string bib = export_all(ExportFormat::bibtex, {r, r});
    CHECK(bib.find("@article{sondergaard20215year_1,\n") != std::string::npos);
    CHECK(bib.find("@article{sondergaard20215year_2,\n") != std::string::npos);

    Citation anonymous;
    anonymous.title = "Untitled draft";
    CHECK(export_one(ExportFormat::bibtex, anonymous).starts_with("@misc{anonuntitled_1,\n"));
}

TEST_CASE("BibTeX export escapes LaTeX specials and keeps braces balanced", "[export]") {
    Citation c;
    c.type = "JOUR";
    c.title = "50% of R&D: $5 #1 snake_case {N}-terminal a\\b ~ ^";
    c.abstract_text = "unbalanced } then {";
    c.doi = "10.1000/odd{doi}_x";
    std::string bib = export_one(ExportFormat::bibtex, c);
    INFO(bib);
    CHECK(bib.find("  title = {50\\% of R\\&D: \\$5 \\#1 snake\\_case \\{N\\}-terminal a\\textbackslash{}b "
                   "\\textasciitilde{} \\textasciicircum{}},\n") != std::string::npos);
    CHECK(bib.find("  abstract = {unbalanced \\textbraceright{} then \\textbraceleft{}},\n") != std::string::npos);
    CHECK(bib.find("  doi = {10.1000/odd%7Bdoi%7D_x},\n") != std::string::npos);
    CHECK(braces_balanced(bib));
}

TEST_CASE("BibTeX names are written family first, with whole names braced", "[export]") {
    Citation c;
    c.title = "Names";
    c.authors = {"Jost R", "Reimer E J", "World Health Organization", "de Baere, Thierry"};
    std::string bib = export_one(ExportFormat::bibtex, c);
    CHECK(
        bib.find("  author = {Jost, R. and Reimer, E. J. and {World Health Organization} and de Baere, Thierry},\n") !=
        std::string::npos);
}

// ---------------------------------------------------------------- CSL-JSON

TEST_CASE("CSL-JSON export is a valid JSON array for no, one and many records", "[export]") {
    for (std::size_t n : {0u, 1u, 5u}) {
        INFO(n << " records");
        std::vector<StoredRecord> records;
        for (std::size_t i = 0; i < n; ++i) records.push_back(record_of(typed_article(), "id" + std::to_string(i)));
        std::string text = export_all(ExportFormat::csljson, records);
        CHECK(text.ends_with("]\n"));
        nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        REQUIRE_FALSE(j.is_discarded());
        REQUIRE(j.is_array());
        REQUIRE(j.size() == n);
        if (n > 0) CHECK(j.back()["id"] == "id" + std::to_string(n - 1));
    }
}

TEST_CASE("CSL-JSON items carry the typed fields under CSL names", "[export]") {
    Citation c = typed_article();
    c.title = "Quote \" backslash \\ tab \t newline \n end";
    nlohmann::json item = nlohmann::json::parse(export_one(ExportFormat::csljson, c)).at(0);
    CHECK(item["id"] == "0123456789abcdef");
    CHECK(item["type"] == "article-journal");
    CHECK(item["title"] == c.title);
    CHECK(item["author"] == nlohmann::json::parse(R"([{"family": "de Baere", "given": "Thierry"},
        {"family": "Søndergaard", "given": "Ørjan"}, {"literal": "World Health Organization"}])"));
    CHECK(item["editor"] == nlohmann::json::parse(R"([{"family": "Reimer", "given": "Ernst"}])"));
    CHECK(item["container-title"] == "Journal of Vascular and Interventional Radiology");
    CHECK(item["container-title-short"] == "J Vasc Interv Radiol");
    CHECK(item["issued"] == nlohmann::json::parse(R"({"date-parts": [[2021, 3, 7]]})"));
    CHECK(item["volume"] == "32");
    CHECK(item["issue"] == "3");
    CHECK(item["page"] == "345-352");
    CHECK(item["DOI"] == "10.1016/j.jvir.2021.01.001");
    CHECK(item["PMID"] == "33456789");
    CHECK(item["PMCID"] == "PMC7654321");
    CHECK(item["ISSN"] == "1051-0443");
    CHECK(item["URL"] == "https://example.org/article?id=1&x=2");
    CHECK(item["abstract"] == c.abstract_text);
    CHECK(item["keyword"] == "ablation, immunotherapy, Neoplasms/therapy");
    CHECK(item["language"] == "eng");
    CHECK(item["publisher"] == "Elsevier");
}

TEST_CASE("CSL-JSON dates hold only the known parts and absent fields are left out", "[export]") {
    Citation c;
    c.type = "THES";
    c.title = "A thesis";
    c.year = 2019;
    nlohmann::json item = nlohmann::json::parse(export_one(ExportFormat::csljson, c)).at(0);
    CHECK(item["type"] == "thesis");
    CHECK(item["issued"] == nlohmann::json::parse(R"({"date-parts": [[2019]]})"));
    CHECK_FALSE(item.contains("author"));
    CHECK_FALSE(item.contains("DOI"));
    CHECK_FALSE(item.contains("page"));

    c.month = 9;
    c.type = "CHAP";
    item = nlohmann::json::parse(export_one(ExportFormat::csljson, c)).at(0);
    CHECK(item["issued"] == nlohmann::json::parse(R"({"date-parts": [[2019, 9]]})"));
    CHECK(item["type"] == "chapter");

    c.year = 0;
    c.type = "UNKNOWN";
    item = nlohmann::json::parse(export_one(ExportFormat::csljson, c)).at(0);
    CHECK_FALSE(item.contains("issued"));
    CHECK(item["type"] == "document");
}

// ---------------------------------------------------------------- CSV

TEST_CASE("CSV export has a header row and CRLF line ends", "[export]") {
    std::string csv = export_all(ExportFormat::csv, {});
    CHECK(csv == "id,title,authors,journal,year,volume,issue,pages,doi,pmid,type,keywords,abstract,url,sources\r\n");
}

TEST_CASE("CSV export quotes cells with commas, quotes and line breaks", "[export]") {
    Citation c = typed_article();
    c.title = "Line one\nline two, \"quoted\"";
    std::string csv = export_one(ExportFormat::csv, c);
    CHECK(csv.find(",\"Line one\nline two, \"\"quoted\"\"\",") != std::string::npos);

    std::vector<std::vector<std::string>> rows = parse_csv(csv);
    REQUIRE(rows.size() == 2);
    REQUIRE(rows[1].size() == 15);
    CHECK(rows[1][0] == "0123456789abcdef");
    CHECK(rows[1][1] == c.title);
    CHECK(rows[1][2] == "de Baere, Thierry; Søndergaard, Ørjan; World Health Organization");
    CHECK(rows[1][4] == "2021");
    CHECK(rows[1][7] == "345-352");
    CHECK(rows[1][9] == "33456789");
    CHECK(rows[1][10] == "JOUR");
    CHECK(rows[1][11] == "ablation; immunotherapy; Neoplasms/therapy");
    CHECK(rows[1][12] == c.abstract_text);
    CHECK(rows[1][14] == "seed/jost2022-bjr.ris");
}

TEST_CASE("CSV export defuses cells a spreadsheet would run as formulas", "[export]") {
    auto title_cell = [](std::string title) {
        Citation c;
        c.title = std::move(title);
        return parse_csv(export_one(ExportFormat::csv, c)).at(1).at(1);
    };
    CHECK(title_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")");
    CHECK(title_cell("+1+1") == "'+1+1");
    CHECK(title_cell("-2+3") == "'-2+3");
    CHECK(title_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(title_cell("\tTab") == "'\tTab");
    CHECK(title_cell("\rCR") == "'\rCR");
    CHECK(title_cell("Plain = not a formula") == "Plain = not a formula");
}
