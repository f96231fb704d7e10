#pragma once
// Shared by the tests/ris_fixtures_*_test.cc files, which test the RIS/MEDLINE
// reader against real exports from many vendors (shared/data/ris-fixtures,
// described in section 4 of its README), one file per source of fixtures.
//
// One case per fixture file. Every expected value in those cases was read off
// the file itself (line numbers are 1-based lines of that file), and each is
// what the mapping rules in ris_reader.h, citation.h and docs/ris-fields.md
// make of it. Where a file is ambiguous under those rules (T1 and TI both
// present, T2 on a book) the case checks something else rather than guess.
//
// This header: one pass of the real RisReader over a fixture, and the few
// helpers the cases share.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "ris_reader.h"

namespace citesearch::test {

inline const std::filesystem::path kFixtureDir = std::filesystem::path(CITESEARCH_SHARED_DATA) / "ris-fixtures";

// Everything one pass of the reader yields for a file.
struct FixtureRead {
    std::string path;
    std::vector<RisRecord> records;
    std::vector<Diagnostic> diagnostics;
    FileFormat format = FileFormat::unknown;
    std::size_t records_read = 0;
    std::size_t records_rejected = 0;
};

inline void move_diagnostics(RisReader& reader, std::vector<Diagnostic>& into) {
    auto taken = reader.take_diagnostics();
    into.insert(into.end(), std::make_move_iterator(taken.begin()), std::make_move_iterator(taken.end()));
}

inline FixtureRead read_fixture(const std::string& name) {
    FixtureRead out;
    out.path = (kFixtureDir / name).string();
    RisReader reader(out.path);
    while (auto record = reader.next()) {
        out.records.push_back(std::move(*record));
        move_diagnostics(reader, out.diagnostics);
    }
    move_diagnostics(reader, out.diagnostics);
    out.format = reader.format();
    out.records_read = reader.records_read();
    out.records_rejected = reader.records_rejected();
    return out;
}

inline std::vector<const Diagnostic*> errors_of(const FixtureRead& fx) {
    std::vector<const Diagnostic*> errors;
    for (const auto& d : fx.diagnostics) {
        if (d.severity == Diagnostic::Severity::error) errors.push_back(&d);
    }
    return errors;
}

inline std::vector<std::size_t> error_lines(const FixtureRead& fx) {
    std::vector<std::size_t> lines;
    for (const auto* d : errors_of(fx)) lines.push_back(d->line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

inline std::string all_errors(const FixtureRead& fx) {
    std::string text;
    for (const auto* d : errors_of(fx)) text += d->to_string() + "\n";
    return text;
}

// Catch2 v2's VectorContains keeps a reference to its argument; this owns it.
class HasItem : public Catch::MatcherBase<std::vector<std::string>> {
public:
    explicit HasItem(std::string item) : item_(std::move(item)) {}
    bool match(const std::vector<std::string>& v) const override {
        return std::find(v.begin(), v.end(), item_) != v.end();
    }
    std::string describe() const override { return "contains \"" + item_ + "\""; }

private:
    std::string item_;
};

inline HasItem has_item(std::string item) { return HasItem(std::move(item)); }

// Reads a fixture and requires the exact number of good records and no errors.
inline FixtureRead read_clean(const std::string& name, std::size_t expected_records) {
    auto fx = read_fixture(name);
    INFO(all_errors(fx));
    REQUIRE(errors_of(fx).empty());
    REQUIRE(fx.records.size() == expected_records);
    return fx;
}

}  // namespace citesearch::test
