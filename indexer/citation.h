#pragma once
// The record type shared by the RIS/MEDLINE reader, the index writer and the
// server. Plain data: no Xapian, no HTTP, no JSON. Every string is UTF-8.

#include <cstddef>
#include <string>
#include <vector>

namespace citesearch {

// One line of the original export, kept verbatim (continuation lines joined
// with a single space) so a record can be exported back to RIS losslessly.
struct RisField {
    std::string tag;    // upper-cased two-character tag ("AU"); MEDLINE tags as in the file ("FAU")
    std::string value;  // trimmed; may be empty ("XX  -" lines are kept)
};

// Typed citation fields, mapped from the tags listed in docs/ris-fields.md.
// Empty string / 0 / empty vector means "not present".
struct Citation {
    std::string type;              // RIS TY value, upper-case ("JOUR", "BOOK", ...); MEDLINE PT mapped to RIS
    std::string title;             // TI, T1, CT, BT (and T2 when it is a subtitle, see the reader)
    std::string journal;           // full secondary title: T2, JF, JO (when not an abbreviation), BT for chapters;
                                   // empty when the only name in the record is an abbreviation
    std::string journal_abbrev;    // JA, J1, J2, JO when it looks abbreviated
    std::vector<std::string> authors;  // AU, A1 in file order, as written ("Jost, Raphaël")
    std::vector<std::string> editors;  // A2, A3, A4, ED
    std::string abstract_text;     // AB, else N2 (N2 used only when AB is absent or "NA")
    std::vector<std::string> keywords;  // KW, one per keyword (";"-separated lists are split; a leading
                                        // '*' marking a major topic is dropped)
    int year = 0;                  // from PY, Y1, DA, Y2 (first that parses; month and day may come
                                   // from a later one of these with the same year)
    int month = 0;                 // 1..12 when known
    int day = 0;                   // 1..31 when known
    std::string doi;               // normalised: lower-case, no "https://doi.org/" or "doi:" prefix
    std::string pmid;              // digits only
    std::string pmcid;             // "PMC123456"
    std::string issn;              // SN as written
    std::string volume;            // VL
    std::string issue;             // IS
    std::string start_page;        // SP ("53-65" is split into start and end)
    std::string end_page;          // EP; a short end is completed ("1023-35" -> "1035")
    std::vector<std::string> urls; // UR, L1-L4 (each URL separately)
    std::vector<std::string> notes;// N1
    std::string ris_id;            // the record's own ID tag (vendor/local id), not a unique key
    std::string language;          // LA
    std::string publisher;         // PB

    // Every original tag/value in file order, including the ones mapped above
    // (the closing ER is not a field).
    std::vector<RisField> fields;

    // True when the record has something to search: a title, an abstract or an identifier.
    bool searchable() const { return !title.empty() || !abstract_text.empty() || !doi.empty() || !pmid.empty(); }
};

}  // namespace citesearch
