// Tests of the streaming RIS/MEDLINE reader: one small file per quirk or
// malformation, written to a temporary folder, read back, and checked value by
// value. The real seed file is read from the shared data folder.

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ris_reader.h"

namespace fs = std::filesystem;
using citesearch::Diagnostic;
using citesearch::FileFormat;
using citesearch::RisReader;
using citesearch::RisRecord;

namespace {

// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        static const unsigned run = std::random_device{}();  // tells concurrent test runs apart
        path_ = fs::temp_directory_path() /
                ("citesearch-ris-test-" + std::to_string(run) + "-" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& name, const std::string& bytes) const {
        fs::path p = path_ / name;
        std::ofstream out(p, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return p;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

struct ReadResult {
    std::vector<RisRecord> records;
    std::vector<Diagnostic> diagnostics;
    FileFormat format = FileFormat::unknown;
    std::size_t read = 0;
    std::size_t rejected = 0;
    std::size_t bytes = 0;

    std::size_t count(Diagnostic::Severity s) const {
        std::size_t n = 0;
        for (const Diagnostic& d : diagnostics) n += d.severity == s;
        return n;
    }
    std::size_t errors() const { return count(Diagnostic::Severity::error); }
    std::size_t warnings() const { return count(Diagnostic::Severity::warning); }
};

ReadResult read_file(const fs::path& p) {
    ReadResult r;
    RisReader reader(p);
    r.format = reader.format();
    while (auto rec = reader.next()) r.records.push_back(std::move(*rec));
    r.diagnostics = reader.take_diagnostics();
    r.read = reader.records_read();
    r.rejected = reader.records_rejected();
    r.bytes = reader.bytes_read();
    return r;
}

ReadResult read_text(const std::string& bytes, const std::string& name = "test.ris") {
    TempDir dir;
    return read_file(dir.write(name, bytes));
}

// The values of one tag in a record's original fields, in order.
std::vector<std::string> field_values(const RisRecord& r, const std::string& tag) {
    std::vector<std::string> out;
    for (const auto& f : r.citation.fields)
        if (f.tag == tag) out.push_back(f.value);
    return out;
}

const std::string kTwoRecords =
    "TY  - JOUR\n"
    "TI  - First title\n"
    "AU  - Smith, John\n"
    "PY  - 2020\n"
    "ER  - \n"
    "\n"
    "TY  - BOOK\n"
    "TI  - Second title\n"
    "ER  - \n";

}  // namespace

TEST_CASE("a plain file yields one record per TY..ER block with typed fields", "[ris]") {
    ReadResult r = read_text(kTwoRecords);
    REQUIRE(r.format == FileFormat::ris);
    REQUIRE(r.records.size() == 2);
    CHECK(r.diagnostics.empty());
    const auto& a = r.records[0];
    CHECK(a.citation.type == "JOUR");
    CHECK(a.citation.title == "First title");
    CHECK(a.citation.authors == std::vector<std::string>{"Smith, John"});
    CHECK(a.citation.year == 2020);
    CHECK(a.first_line == 1);
    CHECK(a.ordinal == 1);
    CHECK(r.records[1].citation.type == "BOOK");
    CHECK(r.records[1].first_line == 7);
    CHECK(r.records[1].ordinal == 2);
    CHECK(r.read == 2);
    CHECK(r.rejected == 0);
    CHECK(r.bytes == kTwoRecords.size());
}

TEST_CASE("every original tag is kept in order, without the ER line", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - T\nXY  - custom\nAU  - A\nER  - \n");
    REQUIRE(r.records.size() == 1);
    const auto& fields = r.records[0].citation.fields;
    REQUIRE(fields.size() == 4);
    CHECK(fields[0].tag == "TY");
    CHECK(fields[1].tag == "TI");
    CHECK(fields[2].tag == "XY");
    CHECK(fields[2].value == "custom");
    CHECK(fields[3].tag == "AU");
}

TEST_CASE("CRLF and lone CR line ends are read like LF", "[ris]") {
    std::string crlf = "TY  - JOUR\r\nTI  - Windows title\r\nER  - \r\n";
    std::string cr = "TY  - JOUR\rTI  - Old Mac title\rER  - \r";
    ReadResult a = read_text(crlf);
    ReadResult b = read_text(cr);
    REQUIRE(a.records.size() == 1);
    REQUIRE(b.records.size() == 1);
    CHECK(a.records[0].citation.title == "Windows title");
    CHECK(b.records[0].citation.title == "Old Mac title");
    CHECK(a.diagnostics.empty());
    CHECK(b.diagnostics.empty());
    CHECK(a.bytes == crlf.size());
}

TEST_CASE("a UTF-8 byte order mark is skipped, also inside concatenated files", "[ris]") {
    ReadResult r = read_text("\xEF\xBB\xBFTY  - JOUR\nTI  - One\nER  - \n\xEF\xBB\xBFTY  - JOUR\nTI  - Two\nER  - \n");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].citation.type == "JOUR");
    CHECK(r.records[0].citation.fields[0].value == "JOUR");
    CHECK(r.records[1].citation.title == "Two");
}

TEST_CASE("Latin-1 text is converted to UTF-8 with one warning per file", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - Title\nAU  - Jost, Rapha\xEBl\nAU  - Boige, Val\xE9rie\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.authors == std::vector<std::string>{"Jost, Rapha\xC3\xABl", "Boige, Val\xC3\xA9rie"});
    REQUIRE(r.warnings() == 1);
    CHECK(r.diagnostics[0].line == 3);
    CHECK(r.diagnostics[0].message.find("Windows-1252") != std::string::npos);
}

TEST_CASE("Windows-1252 smart quotes become their Unicode characters", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - The \x93quoted\x94 word \x96 and a dash\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.title == "The \xE2\x80\x9Cquoted\xE2\x80\x9D word \xE2\x80\x93 and a dash");
}

TEST_CASE("continuation lines are joined to the previous tag", "[ris]") {
    ReadResult r = read_text(
        "TY  - JOUR\n"
        "T1  - Blood-brain barrier breach following\n"
        "cortical contusion in the rat\n"
        "AB  - First sentence.\n"
        "      Second sentence.\n"
        "ER  - \n");
    REQUIRE(r.records.size() == 1);
    const auto& c = r.records[0].citation;
    CHECK(c.title == "Blood-brain barrier breach following cortical contusion in the rat");
    CHECK(c.abstract_text == "First sentence. Second sentence.");
    CHECK(field_values(r.records[0], "T1") == std::vector<std::string>{c.title});
}

TEST_CASE("keyword continuation lines and semicolon lists are separate keywords", "[ris]") {
    ReadResult r = read_text(
        "TY  - JOUR\nTI  - T\n"
        "KW  - Health Facility Administration\nJoint Commission\nStandards\n"
        "KW  - alpha; beta ;gamma\n"
        "KW  - *Major topic\n"
        "KW  - alpha\n"
        "ER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.keywords ==
          std::vector<std::string>{"Health Facility Administration", "Joint Commission", "Standards", "alpha", "beta",
                                   "gamma", "Major topic"});
    // The original fields split the same way, so an export says the same.
    CHECK(field_values(r.records[0], "KW") ==
          std::vector<std::string>{"Health Facility Administration", "Joint Commission", "Standards", "alpha; beta ;gamma",
                                   "*Major topic", "alpha"});
}

TEST_CASE("blank lines inside a record do not end it", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\n\nTI  - Title\n\n\nAU  - Author, A\n\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.title == "Title");
    CHECK(r.records[0].citation.authors.size() == 1);
}

TEST_CASE("repeated tags are all kept, the first title wins", "[ris]") {
    ReadResult r = read_text(
        "TY  - JOUR\nTI  - First\nTI  - Second\nAU  - A\nAU  - B\nA1  - C\nN1  - note one\nN1  - note two\nER  - \n");
    REQUIRE(r.records.size() == 1);
    const auto& c = r.records[0].citation;
    CHECK(c.title == "First");
    CHECK(field_values(r.records[0], "TI") == std::vector<std::string>{"First", "Second"});
    CHECK(c.authors == std::vector<std::string>{"A", "B", "C"});
    CHECK(c.notes == std::vector<std::string>{"note one", "note two"});
}

TEST_CASE("a tag with an empty value is kept as an empty field", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - Title\nIS  -\nVL  - \nER  -\n");
    REQUIRE(r.records.size() == 1);
    CHECK(field_values(r.records[0], "IS") == std::vector<std::string>{""});
    CHECK(field_values(r.records[0], "VL") == std::vector<std::string>{""});
    CHECK(r.records[0].citation.issue.empty());
}

TEST_CASE("lower-case tags are read and upper-cased", "[ris]") {
    ReadResult r = read_text("ty  - jour\nti  - Lower case\nau  - Doe, Jane\ner  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.type == "JOUR");
    CHECK(r.records[0].citation.title == "Lower case");
    CHECK(r.records[0].citation.fields[1].tag == "TI");
}

TEST_CASE("single-space tags and an ER without a trailing space are read", "[ris]") {
    ReadResult r = read_text("TY - JOUR\nTI - Single space\nAU - Doe, J\nER -\nTY\t- JOUR\nTI\t- Tab\nER  -\n");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].citation.title == "Single space");
    CHECK(r.records[0].citation.authors == std::vector<std::string>{"Doe, J"});
    CHECK(r.records[1].citation.title == "Tab");
    CHECK(r.diagnostics.empty());
}

TEST_CASE("Ovid record numbers and header junk before the first TY are ignored", "[ris]") {
    ReadResult r = read_text(
        "Provider: JSTOR http://www.jstor.org\n"
        "Database: JSTOR\n"
        "Content: text/plain; charset=\"UTF-8\"\n"
        "\n"
        "1. \n"
        "TY  - JOUR\nTI  - One\nER  - \n\n"
        "Link to the Ovid Full Text or citation: https://example.org/x\n"
        "2. \n"
        "TY  - JOUR\nTI  - Two\nER  - \n");
    REQUIRE(r.format == FileFormat::ris);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].first_line == 6);
    CHECK(r.records[1].citation.title == "Two");
    CHECK(r.diagnostics.empty());
}

TEST_CASE("a tag between ER and the next TY is ignored with a warning", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - One\nER  - \nNL  - Clin Psychol\nTY  - JOUR\nTI  - Two\nER  - \n");
    REQUIRE(r.records.size() == 2);
    REQUIRE(r.warnings() == 1);
    CHECK(r.diagnostics[0].line == 4);
    CHECK(field_values(r.records[1], "NL").empty());
}

TEST_CASE("a record cut off by the end of the file is kept with a warning", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - Complete\nER  - \nTY  - JOUR\nTI  - Cut off\nAU  - Doe, J");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[1].citation.title == "Cut off");
    CHECK(r.records[1].citation.authors == std::vector<std::string>{"Doe, J"});
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::warning);
    CHECK(r.diagnostics[0].line == 4);
}

TEST_CASE("a TY inside an open record starts the next one with a warning", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - No end\nTY  - JOUR\nTI  - Next\nER  - \n");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].citation.title == "No end");
    CHECK(r.records[1].citation.title == "Next");
    CHECK(r.records[1].first_line == 3);
    CHECK(r.warnings() == 1);
}

TEST_CASE("bare TY lines each open a record of their own", "[ris]") {
    ReadResult r = read_text("TY  - BOOK\nTY  - JOUR\nTI  - Kept\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.type == "JOUR");
    CHECK(r.records[0].first_line == 2);
    CHECK(r.records[0].ordinal == 2);
    CHECK(r.rejected == 1);
    REQUIRE(r.diagnostics.size() == 1);  // the empty record's error, no "no ER" warning on top
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::error);
    CHECK(r.diagnostics[0].line == 1);
}

TEST_CASE("a record with nothing to search is rejected at its TY line and the next is read", "[ris]") {
    TempDir dir;
    fs::path p = dir.write("empty-record.ris",
                           "TY  - JOUR\nTI  - Good\nER  - \n\nTY  - JOUR\nAU  - Only, Author\nPY  - 2001\nER  - \n"
                           "TY  - JOUR\nTI  - After\nER  - \n");
    ReadResult r = read_file(p);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[1].citation.title == "After");
    CHECK(r.records[1].ordinal == 3);  // the rejected record still counts
    CHECK(r.read == 2);
    CHECK(r.rejected == 1);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].to_string().starts_with(p.string() + ":5: error: "));
}

TEST_CASE("a record with only a DOI or only a PMID is searchable", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nDO  - 10.1000/xyz\nER  - \nTY  - JOUR\nAN  - 36075034\nER  - \n");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].citation.doi == "10.1000/xyz");
    CHECK(r.records[1].citation.pmid == "36075034");
}

TEST_CASE("a line over 1 MiB rejects its record and reading resumes at the next", "[ris]") {
    std::string huge(citesearch::kMaxLineBytes + 10, 'x');
    ReadResult r = read_text("TY  - JOUR\nTI  - Before\nER  - \n"
                             "TY  - JOUR\nTI  - Victim\nAB  - " + huge + "\nAU  - Doe, J\nER  - \n"
                             "TY  - JOUR\nTI  - After\nER  - \n");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].citation.title == "Before");
    CHECK(r.records[1].citation.title == "After");
    CHECK(r.rejected == 1);
    REQUIRE(r.errors() == 1);
    CHECK(r.diagnostics[0].line == 6);
    CHECK(r.diagnostics[0].message.find(std::to_string(huge.size() + 6)) != std::string::npos);
}

TEST_CASE("a line of exactly kMaxLineBytes is accepted", "[ris]") {
    std::string abstract(citesearch::kMaxLineBytes - 6, 'a');
    ReadResult r = read_text("TY  - JOUR\nAB  - " + abstract + "\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.abstract_text.size() == abstract.size());
}

TEST_CASE("a NUL byte rejects its record with the line number", "[ris]") {
    std::string text = "TY  - JOUR\nTI  - Good\nER  - \nTY  - JOUR\nTI  - Bad";
    text += '\0';
    text += "byte\nER  - \nTY  - JOUR\nTI  - Also good\nER  - \n";
    ReadResult r = read_text(text);
    REQUIRE(r.format == FileFormat::ris);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[1].citation.title == "Also good");
    CHECK(r.rejected == 1);
    REQUIRE(r.errors() == 1);
    CHECK(r.diagnostics[0].line == 5);
    CHECK(r.diagnostics[0].message.find("0x00") != std::string::npos);
}

TEST_CASE("control characters and undefined Windows-1252 bytes reject their record", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - Bell \x07 here\nER  - \n"
                             "TY  - JOUR\nTI  - Undefined \x81 byte\nER  - \n"
                             "TY  - JOUR\nTI  - Tab\tis fine\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.title == "Tab\tis fine");
    CHECK(r.rejected == 2);
    REQUIRE(r.errors() == 2);
    CHECK(r.diagnostics[0].line == 2);
    CHECK(r.diagnostics[1].line == 5);
    CHECK(r.diagnostics[1].message.find("0x81") != std::string::npos);
}

TEST_CASE("a U+2028 line separator inside a value does not split it", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - T\nN1  - one\xE2\x80\xA8two\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.notes == std::vector<std::string>{"one\xE2\x80\xA8two"});
    CHECK(r.diagnostics.empty());
}

TEST_CASE("a binary file is rejected with one error and no records", "[ris]") {
    std::string bin = "\x89PNG\r\n\x1A\n";
    for (int i = 0; i < 200; ++i) bin += static_cast<char>(i % 32);
    ReadResult r = read_text(bin, "picture.ris");
    CHECK(r.format == FileFormat::binary);
    CHECK(r.records.empty());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::error);
    CHECK(r.diagnostics[0].line == 1);
    CHECK(r.diagnostics[0].message.find("binary") != std::string::npos);

    ReadResult pdf = read_text("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", "paper.ris");
    CHECK(pdf.format == FileFormat::binary);
    REQUIRE(pdf.diagnostics.size() == 1);
    CHECK(pdf.diagnostics[0].message.find("PDF") != std::string::npos);
}

TEST_CASE("a text file without any record is rejected as unrecognised", "[ris]") {
    std::string text;
    for (int i = 0; i < 300; ++i) text += "just some prose, line " + std::to_string(i) + "\n";
    text += "TY  - JOUR\nTI  - Too late\nER  - \n";
    ReadResult r = read_text(text, "notes.txt");
    CHECK(r.format == FileFormat::unknown);
    CHECK(r.records.empty());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::error);
}

TEST_CASE("a Web of Science plain-text export is rejected naming the format", "[ris]") {
    ReadResult r = read_text(
        "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Alceste, F\nTI Holding Yourself Captive\nER\n\nEF\n",
        "savedrecs.txt");
    CHECK(r.format == FileFormat::web_of_science);
    CHECK(r.records.empty());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].to_string().find(":1: error: this is a Web of Science plain-text export") !=
          std::string::npos);
}

TEST_CASE("an empty file gives one diagnostic and no records", "[ris]") {
    ReadResult r = read_text("");
    CHECK(r.records.empty());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message.find("empty file") != std::string::npos);
    ReadResult blank = read_text("\n\r\n  \n");
    CHECK(blank.records.empty());
    REQUIRE(blank.diagnostics.size() == 1);
    CHECK(blank.diagnostics[0].message.find("empty file") != std::string::npos);
}

TEST_CASE("a file that cannot be opened gives one error", "[ris]") {
    TempDir dir;
    ReadResult r = read_file(dir.path() / "does-not-exist.ris");
    CHECK(r.records.empty());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == Diagnostic::Severity::error);
    CHECK(r.diagnostics[0].message.find("cannot open") != std::string::npos);
}

TEST_CASE("detect_format tells the formats apart by content", "[ris]") {
    TempDir dir;
    CHECK(citesearch::detect_format(dir.write("a.txt", kTwoRecords)) == FileFormat::ris);
    CHECK(citesearch::detect_format(dir.write("b.ris", "PMID- 123\nTI  - x\n\n")) == FileFormat::medline);
    CHECK(citesearch::detect_format(dir.write("c.ris", "FN Clarivate Analytics Web of Science\nVR 1.0\n")) ==
          FileFormat::web_of_science);
    CHECK(citesearch::detect_format(dir.write("d.ris", std::string("PK\x03\x04\x14\0\0\0", 8))) == FileFormat::binary);
    CHECK(citesearch::detect_format(dir.write("e.ris", "hello\nworld\n")) == FileFormat::unknown);
    CHECK(citesearch::detect_format(dir.path() / "missing.ris") == FileFormat::unknown);
    // Junk longer than the first 4 KiB before the first record is read past.
    CHECK(citesearch::detect_format(dir.write("f.ris", std::string(5000, '\n') + kTwoRecords)) == FileFormat::ris);
}

TEST_CASE("MEDLINE files are read into the same citation", "[ris]") {
    ReadResult r = read_text(
        "PMID- 29152718\n"
        "OWN - NLM\n"
        "IS  - 1365-4632 (Electronic)\n"
        "VI  - 57\n"
        "IP  - 1\n"
        "DP  - 2018 Jan\n"
        "TI  - An extension of a multicenter, randomized, split-face clinical trial evaluating\n"
        "      the efficacy of blue light.\n"
        "PG  - 1023-35\n"
        "LID - 10.1111/IJD.13814 [doi]\n"
        "AB  - A variety of devices.\n"
        "FAU - Nikolis, Andreas\n"
        "AU  - Nikolis A\n"
        "FAU - Bernstein, Steven\n"
        "AU  - Bernstein S\n"
        "LA  - eng\n"
        "PT  - Journal Article\n"
        "PT  - Review\n"
        "TA  - Int J Dermatol\n"
        "JT  - International journal of dermatology\n"
        "PMC - PMC5887696\n"
        "MH  - Acne Vulgaris/*therapy\n"
        "OT  - blue light\n"
        "\n"
        "PMID- 15301568\n"
        "TI  - Second record\n"
        "AU  - Charakida A\n"
        "PMID- 25388823\n"
        "TI  - Third record, no blank line before it\n",
        "pubmed.nbib");
    REQUIRE(r.format == FileFormat::medline);
    REQUIRE(r.records.size() == 3);
    CHECK(r.diagnostics.empty());
    const auto& c = r.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.pmid == "29152718");
    CHECK(c.pmcid == "PMC5887696");
    CHECK(c.title == "An extension of a multicenter, randomized, split-face clinical trial evaluating the efficacy of "
                     "blue light.");
    CHECK(c.authors == std::vector<std::string>{"Nikolis, Andreas", "Bernstein, Steven"});
    CHECK(c.journal == "International journal of dermatology");
    CHECK(c.journal_abbrev == "Int J Dermatol");
    CHECK(c.year == 2018);
    CHECK(c.month == 1);
    CHECK(c.doi == "10.1111/ijd.13814");
    CHECK(c.volume == "57");
    CHECK(c.issue == "1");
    CHECK(c.start_page == "1023");
    CHECK(c.end_page == "1035");
    CHECK(c.issn == "1365-4632");
    CHECK(c.language == "eng");
    CHECK(c.keywords == std::vector<std::string>{"Acne Vulgaris/therapy", "blue light"});
    CHECK(field_values(r.records[0], "FAU").size() == 2);
    CHECK(field_values(r.records[0], "PT") == std::vector<std::string>{"Journal Article", "Review"});
    CHECK(r.records[0].first_line == 1);
    CHECK(r.records[1].first_line == 25);
    CHECK(r.records[1].citation.authors == std::vector<std::string>{"Charakida A"});
    CHECK(r.records[2].citation.pmid == "25388823");
}

TEST_CASE("a bad MEDLINE record is skipped up to the next PMID line", "[ris]") {
    ReadResult r = read_text("PMID- 1\nTI  - Bad \x01 title\nAB  - more\nPMID- 2\nTI  - Good\n", "bad.nbib");
    REQUIRE(r.format == FileFormat::medline);
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.pmid == "2");
    CHECK(r.records[0].ordinal == 2);
    CHECK(r.rejected == 1);
    REQUIRE(r.errors() == 1);
    CHECK(r.diagnostics[0].line == 2);
}

TEST_CASE("the PubMed and ERIC nbib fixtures are read as MEDLINE", "[ris]") {
    ReadResult pubmed = read_file(fs::path(CITESEARCH_SHARED_DATA) / "ris-fixtures/reflib_blue_light_pubmed.nbib");
    CHECK(pubmed.format == FileFormat::medline);
    CHECK(pubmed.records.size() == 80);
    CHECK(pubmed.rejected == 0);
    REQUIRE(!pubmed.records.empty());
    CHECK(pubmed.records[0].citation.authors.front() == "Shahtalebi, Mohammad Ali");
    CHECK(pubmed.records[0].citation.doi == "10.4103/abr.abr_99_17");

    ReadResult eric = read_file(fs::path(CITESEARCH_SHARED_DATA) / "ris-fixtures/colrev_eric.nbib");
    CHECK(eric.format == FileFormat::medline);
    REQUIRE(eric.records.size() == 1);
    CHECK(eric.records[0].citation.title == "Paper title");
    CHECK(eric.records[0].citation.journal == "Journal Name");
    CHECK(eric.records[0].citation.doi == "10.1000/123456789");
    CHECK(eric.records[0].citation.issn == "1234-4567");
    CHECK(eric.records[0].first_line == 2);
}

TEST_CASE("dates in the formats exports use are parsed", "[ris]") {
    struct Case {
        const char* text;
        int year, month, day;
    };
    const Case cases[] = {
        {"2022/9/1", 2022, 9, 1},       {"2022///", 2022, 0, 0},          {"2018//", 2018, 0, 0},
        {"2022-09-01", 2022, 9, 1},     {"Sep 2022", 2022, 9, 0},         {"2022 Sep 1", 2022, 9, 1},
        {"2018/02/03/2018- -21", 2018, 2, 3}, {"2022/11/05/", 2022, 11, 5}, {"2001/00/00/", 2001, 0, 0},
        {"2017 Nov-Dec", 2017, 11, 0},  {"September 1, 2022", 2022, 9, 1}, {"1 Sep 2022", 2022, 9, 1},
        {"20180327", 2018, 3, 27},      {"Spring 2019", 2019, 0, 0},       {"2019 Feb 30", 2019, 2, 0},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        int y = -1, m = -1, d = -1;
        CHECK(citesearch::parse_date(c.text, y, m, d));
        CHECK(y == c.year);
        CHECK(m == c.month);
        CHECK(d == c.day);
    }
    int y = -1, m = -1, d = -1;
    CHECK_FALSE(citesearch::parse_date("YEAR/MONTH/DAY/", y, m, d));
    CHECK_FALSE(citesearch::parse_date("99", y, m, d));
    CHECK_FALSE(citesearch::parse_date("", y, m, d));
    CHECK(y == 0);
}

TEST_CASE("the year comes from PY first and month and day from a matching later date", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - T\nY2  - 2019/03/28\nPY  - 2005\nDA  - 2005/07/15\nER  - \n");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].citation.year == 2005);
    CHECK(r.records[0].citation.month == 7);
    CHECK(r.records[0].citation.day == 15);
}

TEST_CASE("DOIs are normalised", "[ris]") {
    using citesearch::normalise_doi;
    CHECK(normalise_doi("https://doi.org/10.1259/BJR.20220548") == "10.1259/bjr.20220548");
    CHECK(normalise_doi("http://dx.doi.org/10.1002/cpp.2398") == "10.1002/cpp.2398");
    CHECK(normalise_doi("doi: 10.1/ABC") == "10.1/abc");
    CHECK(normalise_doi("DOI:10.1/ABC.") == "10.1/abc");
    CHECK(normalise_doi("  10.1016/0001-8708(76)90165-3 ") == "10.1016/0001-8708(76)90165-3");
    CHECK(normalise_doi("https://doi.org/10.1000%2Fabc") == "10.1000/abc");
    CHECK(normalise_doi("10.4103/abr.abr_99_17 [doi]") == "10.4103/abr.abr_99_17");
    CHECK(normalise_doi("garbage") == "");
    CHECK(normalise_doi("doi: whatever") == "");
    CHECK(normalise_doi("https://example.org/10.1/x") == "");
    CHECK(normalise_doi("10.1234") == "");
    CHECK(normalise_doi("") == "");
}

TEST_CASE("a DOI is found in DO, in doi.org URLs and in notes holding only a DOI", "[ris]") {
    ReadResult r = read_text(
        "TY  - JOUR\nTI  - A\nDO  - https://dx.doi.org/10.1016/J.TOXICON.2018.11.007\nER  - \n"
        "TY  - JOUR\nTI  - B\nUR  - https://doi.org/10.7717/peerj.5783\nER  - \n"
        "TY  - JOUR\nTI  - C\nN1  - doi: 10.1063/1.1954747\nER  - \n"
        "TY  - JOUR\nTI  - D\nN1  - Comment on: doi:10.1/other\nL3  - 10.1007/s10899-016-9616-8\nER  - \n"
        "TY  - JOUR\nTI  - E\nN1  - Comment on: doi:10.1/other\nER  - \n");
    REQUIRE(r.records.size() == 5);
    CHECK(r.records[0].citation.doi == "10.1016/j.toxicon.2018.11.007");
    CHECK(r.records[1].citation.doi == "10.7717/peerj.5783");
    CHECK(r.records[2].citation.doi == "10.1063/1.1954747");
    CHECK(r.records[3].citation.doi == "10.1007/s10899-016-9616-8");
    CHECK(r.records[4].citation.doi.empty());
}

TEST_CASE("PMIDs and PMCIDs come from the tags that hold them, not from other accession numbers", "[ris]") {
    ReadResult r = read_text(
        "TY  - JOUR\nTI  - A\nAN  - SCOPUS:85138459054\nC2  - 36075034\nER  - \n"
        "TY  - JOUR\nTI  - B\nAN  - 130185423\nER  - \n"                 // EBSCO accession number
        "TY  - JOUR\nTI  - C\nM1  - PMID: 27909164\nC2  - PMC8537635\nER  - \n"
        "TY  - JOUR\nTI  - D\nU1  - 23690738[pmid]\nAN  - PMC3654245\nER  - \n"
        "TY  - JOUR\nTI  - E\nM1  - 0400662\nC2  - Pmc4681498\nER  - \n"  // M1 digits: an NLM journal id
        "TY  - JOUR\nTI  - F\nAN  - 25657356\nC2  - 31421429\nER  - \n"
        "TY  - JOUR\nTI  - G\nC2  - 1234\nER  - \n"
        "TY  - JOUR\nTI  - H\nUR  - https://www.ncbi.nlm.nih.gov/pubmed/30218120\nER  - \n");
    REQUIRE(r.records.size() == 8);
    CHECK(r.records[0].citation.pmid == "36075034");
    CHECK(r.records[1].citation.pmid.empty());
    CHECK(r.records[2].citation.pmid == "27909164");
    CHECK(r.records[2].citation.pmcid == "PMC8537635");
    CHECK(r.records[3].citation.pmid == "23690738");
    CHECK(r.records[3].citation.pmcid == "PMC3654245");
    CHECK(r.records[4].citation.pmid.empty());
    CHECK(r.records[4].citation.pmcid == "PMC4681498");
    CHECK(r.records[5].citation.pmid == "25657356");
    CHECK(r.records[6].citation.pmid.empty());
    CHECK(r.records[7].citation.pmid == "30218120");
}

TEST_CASE("pages, volume, issue, ISSN, URLs and plain tags are mapped", "[ris]") {
    ReadResult r = read_text(
        "TY  - jour\nTI  - T\nSP  - 53-65\nVL  - 95\nIS  - 1138\nSN  - 0007-1285\n"
        "UR  - http://a.example/x https://b.example/y; Link text www.c.example\nL1  - internal-pdf://paper.pdf\n"
        "ID  - local-7\nLA  - English\nPB  - Elsevier\nA2  - Editor, E\nED  - Other, O\nER  - \n"
        "TY  - JOUR\nTI  - U\nSP  - 100\nEP  - 105\nER  - \n");
    REQUIRE(r.records.size() == 2);
    const auto& c = r.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.start_page == "53");
    CHECK(c.end_page == "65");
    CHECK(c.volume == "95");
    CHECK(c.issue == "1138");
    CHECK(c.issn == "0007-1285");
    CHECK(c.urls ==
          std::vector<std::string>{"http://a.example/x", "https://b.example/y", "www.c.example", "internal-pdf://paper.pdf"});
    CHECK(c.ris_id == "local-7");
    CHECK(c.language == "English");
    CHECK(c.publisher == "Elsevier");
    CHECK(c.editors == std::vector<std::string>{"Editor, E", "Other, O"});
    CHECK(r.records[1].citation.start_page == "100");
    CHECK(r.records[1].citation.end_page == "105");
}

TEST_CASE("an abstract of NA counts as absent and N2 stands in for a missing AB", "[ris]") {
    ReadResult r = read_text("TY  - JOUR\nTI  - T\nAB  - NA\nER  - \n"
                             "TY  - JOUR\nTI  - U\nAB  - NA\nN2  - The real abstract.\nER  - \n"
                             "TY  - JOUR\nAB  - NA\nER  - \n");
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].citation.abstract_text.empty());
    CHECK(r.records[1].citation.abstract_text == "The real abstract.");
    CHECK(r.rejected == 1);  // "NA" alone is nothing to search
}

TEST_CASE("journal names and abbreviations are kept apart", "[ris]") {
    ReadResult r = read_text(
        "TY  - JOUR\nTI  - A\nT2  - Psychoneuroendocrinology\nJ2  - Psychoneuroendocrinology\nER  - \n"
        "TY  - JOUR\nTI  - B\nJF  - Toxicon\nJA  - Toxicon (Oxf)\nER  - \n"
        "TY  - JOUR\nTI  - C\nJO  - J. Chem. Phys.\nT2  - The Journal of Chemical Physics\nER  - \n"
        "TY  - JOUR\nTI  - D\nJO  - Food Technology\nER  - \n"
        "TY  - CHAP\nTI  - Chapter\nT2  - The Book\nER  - \n"
        "TY  - BOOK\nBT  - Whole book\nER  - \n");
    REQUIRE(r.records.size() == 6);
    CHECK(r.records[0].citation.journal == "Psychoneuroendocrinology");
    CHECK(r.records[0].citation.journal_abbrev == "Psychoneuroendocrinology");
    CHECK(r.records[1].citation.journal == "Toxicon");
    CHECK(r.records[1].citation.journal_abbrev == "Toxicon (Oxf)");
    CHECK(r.records[2].citation.journal == "The Journal of Chemical Physics");
    CHECK(r.records[2].citation.journal_abbrev == "J. Chem. Phys.");
    CHECK(r.records[2].citation.title == "C");
    CHECK(r.records[3].citation.journal == "Food Technology");
    CHECK(r.records[4].citation.journal == "The Book");
    CHECK(r.records[5].citation.title == "Whole book");
}

TEST_CASE("T2 is a subtitle when the journal is named elsewhere and T2 is not it", "[ris]") {
    ReadResult r = read_text(
        "TY  - JOUR\nT1  - Main title\nT2  - the subtitle\nJF  - Some Journal\nER  - \n"
        "TY  - JOUR\nT1  - Main title\nT2  - some journal.\nJF  - Some Journal\nER  - \n"
        "TY  - CONF\nT1  - Paper\nT2  - Proceedings of X\nJO  - Some Journal\nER  - \n");
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].citation.title == "Main title: the subtitle");
    CHECK(r.records[0].citation.journal == "Some Journal");
    CHECK(r.records[1].citation.title == "Main title");
    CHECK(r.records[2].citation.title == "Paper");
    CHECK(r.records[2].citation.journal == "Proceedings of X");
}

TEST_CASE("the seed citation is read with its subtitle, identifiers and notes", "[ris]") {
    ReadResult r = read_file(fs::path(CITESEARCH_SHARED_DATA) / "seed/jost2022-bjr.ris");
    REQUIRE(r.format == FileFormat::ris);
    REQUIRE(r.records.size() == 1);
    CHECK(r.diagnostics.empty());
    const auto& c = r.records[0].citation;
    CHECK(c.type == "JOUR");
    CHECK(c.title == "Synergizing liver systemic treatments with interventional oncology: friend or foe?");
    REQUIRE(c.authors.size() == 15);
    CHECK(c.authors.front() == "Jost, Rapha\xC3\xABl");
    CHECK(c.authors.back() == "Tselikas, Lambros");
    CHECK(c.year == 2022);
    CHECK(c.month == 9);
    CHECK(c.day == 1);
    CHECK(c.doi == "10.1259/bjr.20220548");
    CHECK(c.pmid == "36075034");
    CHECK(c.journal == "British Journal of Radiology");
    CHECK(c.journal_abbrev.empty());
    CHECK(c.volume == "95");
    CHECK(c.issue == "1138");
    CHECK(c.issn == "0007-1285");
    CHECK(c.abstract_text.starts_with("Interventional radiology techniques"));
    CHECK(c.ris_id.empty());
    REQUIRE(c.notes.size() == 1);
    CHECK(c.notes[0].starts_with("Publisher Copyright: \xC2\xA9 2022 The Authors."));
    CHECK(field_values(r.records[0], "N1") == c.notes);
    CHECK(field_values(r.records[0], "T2") == std::vector<std::string>{"friend or foe?"});
    CHECK(r.records[0].first_line == 1);
}
