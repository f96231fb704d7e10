#pragma once
// The index layout: the contract between citesearch-index (writer) and
// citesearch-server (reader). docs/index-schema.md describes the same thing
// for people; change both together.
//
// Term prefixes follow Xapian's Omega convention where one exists (A author,
// S title, K keyword, Q unique id, Y year); "X..." prefixes are our own.

#include <string>
#include <string_view>

#include <xapian.h>

namespace citesearch::schema {

// --- Free-text (probabilistic, positional, stemmed) prefixes -------------
// Each field is indexed under its prefix AND without a prefix, so a plain
// query searches everything and "title:liver" searches the title alone.
inline constexpr std::string_view kTitle = "S";
inline constexpr std::string_view kAbstract = "XA";
inline constexpr std::string_view kAuthorText = "A";    // words of author names
inline constexpr std::string_view kJournalText = "XJ";  // words of journal name + abbreviation
inline constexpr std::string_view kKeywordText = "K";   // words of keywords
inline constexpr std::string_view kPubType = "XU";      // words of publication types (RIS M3, MEDLINE PT): "XUreview"

// --- Boolean (filter/facet) prefixes; values are folded --------------------
inline constexpr std::string_view kId = "Q";           // unique record key, see record_key()
inline constexpr std::string_view kYear = "Y";         // "Y2022"
inline constexpr std::string_view kType = "XT";        // "XTjour"
inline constexpr std::string_view kDoi = "XD";         // "XD10.1259/bjr.20220548"
inline constexpr std::string_view kPmid = "XP";        // "XP36075034"
inline constexpr std::string_view kAuthorKey = "XN";   // name keys: "XNjost", "XNjost r", "XNjost raphael"
inline constexpr std::string_view kAuthorFacet = "XF"; // folded display name of each author: "XFjost r"
inline constexpr std::string_view kJournal = "XO";     // folded full journal name: "XObritish journal of radiology"
inline constexpr std::string_view kKeyword = "XK";     // folded keyword: "XKliver neoplasms"
inline constexpr std::string_view kSource = "XS";      // source file path relative to its root

// --- Value slots ------------------------------------------------------------
enum Slot : Xapian::valueno {
    kSlotYear = 0,        // sortable_serialise(year), absent when unknown
    kSlotDate = 1,        // sortable_serialise(yyyymmdd) with unknown month/day as 0
    kSlotRecordId = 2,    // the public record id: stable tie-break key across shards
    kSlotType = 3,        // display type ("JOUR")
    kSlotJournal = 4,     // display journal name
    kSlotAuthors = 5,     // display author names, joined by kListSeparator
    kSlotKeywords = 6,    // display keywords, joined by kListSeparator
    kSlotSources = 7,     // source paths, joined by kListSeparator
    kSlotNewestKey = 8,   // newest_first_key(): sort by date, newest first, ties by record id
    kSlotOldestKey = 9,   // oldest_first_key(): sort by date, oldest first, ties by record id
};
inline constexpr char kListSeparator = '\x1f';

// Within-document weights: title words count more than keywords, keywords
// more than the abstract (wdf increments passed to the TermGenerator).
inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr Xapian::termcount kKeywordWdf = 2;
inline constexpr Xapian::termcount kAbstractWdf = 1;
inline constexpr Xapian::termcount kAuthorWdf = 1;
inline constexpr Xapian::termcount kJournalWdf = 1;

// Metadata keys (Xapian user metadata).
inline constexpr std::string_view kMetaSchemaVersion = "citesearch.schema";
inline constexpr std::string_view kMetaLastIndexed = "citesearch.last_indexed";  // ISO-8601 UTC
// The stemmer the index's free-text terms were made with (stemming.h);
// indexes written before it was recorded have none and used "english".
inline constexpr std::string_view kMetaStemmer = "citesearch.stemmer";
inline constexpr std::string_view kSchemaVersion = "2";  // 2: slots 8 and 9

// Xapian rejects terms longer than this many bytes; longer boolean values are cut.
inline constexpr std::size_t kMaxTermBytes = 240;

// Date sort keys: one value per order, so that a plain sort by value (which
// Xapian's remote backend can do, unlike a KeyMaker) gives the date order
// with ties broken by the record id, ascending, and undated records last in
// both orders. `yyyymmdd` as in slot 1 (0 when undated); `id` 16 hex digits.
//   newest first: sort descending by "yyyymmdd" + the id with every hex
//                 digit complemented (so that descending puts ids ascending);
//                 undated "00000000".
//   oldest first: sort ascending by "yyyymmdd" + the id; undated "99999999".
inline std::string date_key_digits(int yyyymmdd, bool undated_high) {
    if (yyyymmdd <= 0 || yyyymmdd > 99999999) yyyymmdd = undated_high ? 99999999 : 0;
    std::string digits = std::to_string(yyyymmdd);
    return std::string(8 - digits.size(), '0') + digits;
}
inline std::string newest_first_key(int yyyymmdd, std::string_view id) {
    std::string key = date_key_digits(yyyymmdd, false);
    for (char c : id) {
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        key += v < 0 ? c : "fedcba9876543210"[v];
    }
    return key;
}
inline std::string oldest_first_key(int yyyymmdd, std::string_view id) {
    return date_key_digits(yyyymmdd, true) + std::string(id);
}

// A boolean term: prefix + value, cut at kMaxTermBytes on a UTF-8 boundary.
// The writer and the query side both build terms with this, so long values
// (a 300-character journal name) still meet.
inline std::string boolean_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += value;
    if (term.size() > kMaxTermBytes) {
        std::size_t cut = kMaxTermBytes;
        while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
        term.resize(cut);
    }
    return term;
}

}  // namespace citesearch::schema
