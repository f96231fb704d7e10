#pragma once
// Streaming reader for citation exports: RIS (every vendor's dialect) and
// PubMed's MEDLINE/.nbib format, recognised by content rather than by name.
//
// Contract:
//  - Reads the file line by line through a fixed-size buffer: memory is bounded
//    by the largest record, never by the file size.
//  - Never throws on bad input. Problems are reported as Diagnostic values
//    ("file:line: error: ...") and reading carries on with the next record.
//  - Not thread-safe; use one reader per thread.
//
// Accepted quirks: CRLF/LF/CR line ends, a UTF-8 BOM, Windows-1252/Latin-1
// bytes (converted to UTF-8, with one warning per file), continuation lines,
// blank lines inside a record, repeated tags, empty values, lower-case tags,
// a single space before the dash ("TY - JOUR"), Ovid's "1." record numbers,
// junk before the first TY, and a missing final ER (record kept, warning).
// Every TY opens a record, so an ER missing between two records costs a
// warning, never two records merged into one.
//
// Rejected with an error diagnostic (record skipped, rest of file read):
//  - a record with nothing to search (no title, abstract, DOI or PMID);
//  - a line longer than kMaxLineBytes;
//  - bytes that are neither UTF-8 nor Windows-1252 text (e.g. NUL, C0 controls).
// A binary or unrecognised file yields no records and one error at line 1
// naming what it looks like (Web of Science plain text is named as such).
// An empty file yields one warning ("empty file") and format() unknown.
// The tag-by-tag mapping onto Citation is in docs/ris-fields.md.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citation.h"

namespace citesearch {

inline constexpr std::size_t kMaxLineBytes = 1024 * 1024;

struct Diagnostic {
    enum class Severity { warning, error };
    Severity severity = Severity::error;
    std::string file;       // path as given to the reader
    std::size_t line = 0;   // 1-based; the line where the problem is (or the record starts)
    std::string message;    // what is wrong, in plain words

    // "file:line: error: message" / "file:line: warning: message"
    std::string to_string() const;
};

enum class FileFormat { unknown, ris, medline, web_of_science, binary };

// One citation read from a file.
struct RisRecord {
    Citation citation;
    std::size_t first_line = 0;  // line of the record's TY (or PMID-) tag
    std::size_t ordinal = 0;     // 1-based position among the records of the file (good or rejected)
};

class RisReader {
public:
    // Opens the file. If it cannot be opened, next() returns nothing and one
    // error diagnostic says why.
    explicit RisReader(std::filesystem::path path);
    ~RisReader();
    RisReader(const RisReader&) = delete;
    RisReader& operator=(const RisReader&) = delete;

    // The next good record, or std::nullopt at the end of the file. Rejected
    // records are skipped (their diagnostic is queued) and counted.
    std::optional<RisRecord> next();

    // Diagnostics produced since the last call (moved out).
    std::vector<Diagnostic> take_diagnostics();

    // Known from construction on: the constructor reads the first buffer to sniff it.
    FileFormat format() const { return format_; }
    // Bytes consumed so far (the position in the file; its size at the end).
    std::size_t bytes_read() const { return bytes_read_; }
    std::size_t records_read() const { return records_read_; }      // good records returned so far
    std::size_t records_rejected() const { return records_rejected_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    FileFormat format_ = FileFormat::unknown;
    std::size_t bytes_read_ = 0;
    std::size_t records_read_ = 0;
    std::size_t records_rejected_ = 0;
};

// Sniffs the first bytes of a file: used to pick files in folders "by content,
// not only by extension". Cheap (reads at most a few KiB).
FileFormat detect_format(const std::filesystem::path& path);

// Normalises a DOI or doi.org URL: trims, strips "https://doi.org/",
// "http://dx.doi.org/", "doi:" and the like, lower-cases. Returns "" when the
// text holds no DOI (a DOI starts with "10." and has a "/").
std::string normalise_doi(std::string_view text);

// Parses RIS/MEDLINE dates: "2022/9/1", "2022///", "2022-09-01", "Sep 2022",
// "2022 Sep 1", "2018/02/03/2018- -21". Sets year (and month/day when known);
// returns false when no plausible year (1000..2999) is found.
bool parse_date(std::string_view text, int& year, int& month, int& day);

}  // namespace citesearch
