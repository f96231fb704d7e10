#pragma once
// Identity of a citation: which records are "the same" and their public id.
//
// The unique key is the normalised DOI ("doi:10.1259/bjr.20220548"), else the
// PMID ("pmid:36075034"), else — only when title, year and first author are
// all known — a fingerprint of the folded title, year and first author's
// family name ("fp:..."). A record with less is never merged with another: it
// is keyed by its source file and its RIS ID or ordinal ("src:...").
// The public record id is a short hash of the key: stable across rebuilds and
// shards, URL-safe, the same for every copy of the citation.

#include <cstddef>
#include <string>
#include <string_view>

#include "citation.h"

namespace citesearch {

struct Provenance {
    std::string file;          // path relative to the folder it was indexed from
    std::size_t ordinal = 0;   // 1-based record position in the file
    std::size_t line = 0;      // line of its TY
    std::string ris_id;        // the record's own ID tag in that file, if any (kept per source: merged copies differ)
};

std::string record_key(const Citation& c, const Provenance& where);

// 16 lower-case hex digits (64-bit FNV-1a of the key).
std::string record_id(std::string_view key);

// "synergizing liver systemic treatments ... foe" — folded, letters and digits only.
std::string title_fingerprint(std::string_view title);

}  // namespace citesearch
