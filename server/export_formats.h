#pragma once
// Citation export formats for /api/export and the record view: RIS, BibTeX,
// CSL-JSON and CSV. Pure functions over StoredRecord, no state between calls:
// thread-safe. The HTTP layer streams their output.
//
// RIS: read back by RisReader, an export gives the same typed Citation fields.
//   - A record read from RIS is written as its original lines, in file order
//     (TY first; a stray TY or ER dropped; line breaks and control characters
//     in values become spaces). KW lines that would not split back into the
//     typed keywords (continuation lines, joined in `fields`) are replaced by
//     one KW line per keyword. Typed values no original line accounts for
//     (merged in from another copy of the citation) are added before ER.
//   - A record read from MEDLINE (told by a tag that is not RIS: FAU, OWN, or
//     PMID without a TY) or with no lines is written from its typed fields:
//     TY TI AU ED PY JF J2 VL IS SP EP SN DO AB KW UR AN (PMID) C2 (PMCID) N1
//     ID LA PB.
//   Every record ends with "ER  - " and a blank line; lines end with LF.
// BibTeX: @article, @book, @incollection, @inproceedings, @phdthesis,
//   @techreport or @misc by RIS type; key familyYEARword_N (ASCII-folded, N
//   the 1-based position in the export, so keys are unique in one export but
//   not stable across exports); LaTeX specials escaped, braces kept balanced,
//   UTF-8 as is (biblatex/biber).
// CSL-JSON: one JSON array; names split into family/given ("Family, Given" or
//   "Family INITIALS"), else kept as a literal.
// CSV: RFC 4180 with a header row and CRLF line ends, no BOM; a cell starting
//   with = + - @ TAB or CR gets a leading apostrophe (formula injection).

#include <optional>
#include <string>
#include <string_view>

#include "stored_record.h"

namespace citesearch {

enum class ExportFormat { ris, bibtex, csljson, csv };

// "ris", "bibtex", "csljson", "csv" (case-insensitive); nullopt otherwise.
std::optional<ExportFormat> parse_export_format(std::string_view name);

std::string_view content_type(ExportFormat f);    // e.g. "application/x-research-info-systems; charset=utf-8"
std::string_view file_extension(ExportFormat f);  // "ris", "bib", "json", "csv"

// A streamed export is: begin_export(), then for each record append_record()
// with its 0-based index, then end_export(). Each appends to `out`.
void begin_export(ExportFormat f, std::string& out);
void append_record(ExportFormat f, const StoredRecord& r, std::size_t index, std::string& out);
void end_export(ExportFormat f, std::string& out);

}  // namespace citesearch
