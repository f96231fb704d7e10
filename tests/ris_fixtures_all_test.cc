// The RIS/MEDLINE reader over every shared fixture at once. It allows error
// diagnostics only for the records listed by file and line, each verified by
// hand to have nothing to search (no title, abstract, DOI or PMID).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ris_fixture_support.h"

namespace {

using citesearch::FileFormat;
using citesearch::test::all_errors;
using citesearch::test::error_lines;
using citesearch::test::kFixtureDir;
using citesearch::test::read_fixture;

}  // namespace

TEST_CASE("every fixture parses with records and no errors except the verified empty records",
          "[ris][fixtures]") {
    // The only records in the fixtures with nothing to search, by file and the
    // line of their TY; each was checked by reading the file.
    std::map<std::string, std::vector<std::size_t>> allowed_errors{
        // Bare "TY  - BOOK" ... "TY  - OTHER" on lines 2-9; line 39 has only JO and PB.
        {"jabref_RisImporterTest1.ris", {2, 3, 4, 5, 6, 7, 8, 9, 39}},
        // Every record is a TY, at most an N1 "Reference Type: ..." note, and ER.
        {"asreview_reference_types.ris",
         {1,   4,   7,   11,  15,  19,  23,  27,  31,  35,  39,  43,  47,  51,  55,  59,
          63,  67,  71,  75,  79,  83,  87,  91,  95,  99,  103, 107, 111, 115, 119, 123,
          127, 131, 135, 139, 143, 147, 151, 155, 159, 163, 167, 171, 175, 179, 183, 187,
          191, 195, 199, 203, 207, 211, 215, 219, 223, 227, 231, 235, 239}},
    };

    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(kFixtureDir)) {
        const auto ext = entry.path().extension().string();
        if (ext == ".ris" || ext == ".nbib") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() == 57);  // as MANIFEST.csv lists them (the README says 56)

    std::size_t total_records = 0;
    for (const auto& file : files) {
        const auto name = file.filename().string();
        INFO(name);
        auto fx = read_fixture(name);
        INFO(all_errors(fx));
        const auto allowed = allowed_errors.find(name);
        const std::vector<std::size_t> expected =
            allowed == allowed_errors.end() ? std::vector<std::size_t>{} : allowed->second;
        CHECK(error_lines(fx) == expected);
        CHECK(fx.records_rejected == expected.size());
        CHECK(fx.records_read == fx.records.size());
        CHECK(fx.format == (file.extension() == ".nbib" ? FileFormat::medline : FileFormat::ris));
        if (name != "asreview_reference_types.ris") CHECK_FALSE(fx.records.empty());
        for (std::size_t i = 0; i < fx.records.size(); ++i) {
            CHECK(fx.records[i].citation.searchable());
            CHECK(fx.records[i].first_line > 0);
            if (i > 0) CHECK(fx.records[i].ordinal > fx.records[i - 1].ordinal);
        }
        total_records += fx.records.size();
    }
    // The sum of the per-file counts asserted above.
    CHECK(total_records == 4206);
}
