#pragma once
// What the index stores for each citation (Xapian document data), and its
// JSON form. The server reads it back for hits, record views and exports, so
// this serialisation is part of the index contract (docs/index-schema.md).

#include <string>
#include <string_view>
#include <vector>

#include "citation.h"
#include "record_key.h"

namespace citesearch {

struct StoredRecord {
    std::string id;                  // record_id(key)
    std::string key;                 // record_key(...)
    Citation citation;               // the merged citation (richest values win)
    std::vector<Provenance> sources; // every file that provides it
};

std::string to_json_string(const StoredRecord& r);

// Throws std::runtime_error on data that is not a stored record (a foreign
// or corrupt database): callers treat that as an index problem, not user error.
StoredRecord stored_record_from_json(std::string_view json);

// Merges a new copy of a citation into a stored one (same key). The copy with
// more to offer (an abstract first, then more filled fields) becomes the main
// citation; empty fields of it are filled from the other; sources are united.
// `first_in_file`: this is the first copy of the record met while (re)reading
// `from.file`, so the sources that file gave before are dropped first (when
// no other source remains, the new copy simply replaces the record).
// Returns true when the copy was merged with another source (a duplicate),
// false when it replaced what the same file had said.
bool merge_into(StoredRecord& existing, const Citation& incoming, const Provenance& from, bool first_in_file);

// How much a copy has to offer: used by merge_into and by tests.
int richness(const Citation& c);

}  // namespace citesearch
