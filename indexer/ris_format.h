#pragma once
// Internal to the RIS reader: what a line and a file look like. Recognises
// RIS and MEDLINE tag lines and sniffs the head of a file to tell RIS from
// MEDLINE from everything else (detect_format() and the reader share it).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ris_reader.h"

namespace citesearch::ris_internal {

inline constexpr std::size_t kSniffBytes = 64 * 1024;  // how far we look for the first record

struct Tagged {
    std::string_view tag;
    std::string_view value;
};

// "XX  - value". Exports disagree on spacing, so one to three spaces or tabs
// are accepted before the dash, but only for upper-case tags: a lower-case
// two-letter word followed by " - " is far more likely to be prose in a
// continuation line than a tag. After the dash: end of line or a blank.
// PsycINFO writes one four-letter tag into RIS ("PMID  - 123"); it is the
// only longer tag accepted.
std::optional<Tagged> parse_ris_tag(std::string_view line);

// MEDLINE: an upper-case tag of 2-4 characters padded with spaces so that the
// dash is in column 5 ("PMID- ", "FAU - ", "TI  - "). The padding rule is what
// tells "AB  - text" from a wrapped line that happens to contain " - ".
std::optional<Tagged> parse_medline_tag(std::string_view line);

struct Sniff {
    FileFormat format = FileFormat::unknown;
    bool decided = false;  // false: the head was too short to tell, read more
    bool empty = false;    // nothing but blank lines (or nothing at all)
    std::string message;   // why the file is rejected
};

// What the head of a file is. `whole_file` says the head is the whole file;
// without it a head too short to tell comes back undecided.
Sniff sniff(std::string_view head, bool whole_file);

}  // namespace citesearch::ris_internal
