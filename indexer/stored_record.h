#pragma once
// What the index stores for each citation (Xapian document data), its JSON
// form, and the merge rule for copies of one citation. The server reads it
// back for hits, record views and exports, so this serialisation is part of
// the index contract (docs/index-schema.md).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citation.h"
#include "record_key.h"

namespace citesearch {

struct StoredRecord {
    std::string id;                  // record_id(key)
    std::string key;                 // record_key(...)
    Citation citation;               // the merged citation (richest values win), see merge_copies()
    std::vector<Provenance> sources; // every copy's origin, sorted by file, then ordinal
    // Each source's own copy, parallel to `sources`, kept only when there are
    // two sources or more (with one, `citation` is that copy): when a file
    // changes or goes, the merged citation is recomputed from the copies
    // that remain, exactly as if the file had never been read.
    std::vector<Citation> copies;
};

std::string to_json_string(const StoredRecord& r);

// Throws std::runtime_error on data that is not a stored record (a foreign
// or corrupt database): callers treat that as an index problem, not user error.
StoredRecord stored_record_from_json(std::string_view json);

// The merge rule. The copy with most to offer (richness(): an abstract
// first, then more filled fields; ties go to the earlier copy in `copies`)
// is the base; its empty fields are filled from the other copies, richest
// first. Records keep their copies in source order (file, then ordinal), so
// the result depends only on the set of copies, never on the order they
// arrived in: an incremental sync and a clean rebuild agree.
Citation merge_copies(const std::vector<Citation>& copies);

// Adds one copy of the citation (same key) and recomputes the merged citation.
void add_copy(StoredRecord& r, Citation copy, Provenance from);

// Removes every copy `file` provided and recomputes the merged citation from
// the copies that remain. Returns how many were removed; when none remains,
// `r.sources` is empty and the record should be deleted.
std::size_t remove_copies(StoredRecord& r, std::string_view file);
// The same, giving back the copies taken out with their provenance.
std::vector<std::pair<Citation, Provenance>> take_copies(StoredRecord& r, std::string_view file);

// Merges a new copy of a citation into a stored one (same key).
// `first_in_file`: this is the first copy of the record met while (re)reading
// `from.file`, so the copies that file gave before are dropped first.
// Returns true when the copy was merged with another source (a duplicate),
// false when it replaced what the same file had said (or was the only copy).
bool merge_into(StoredRecord& existing, const Citation& incoming, const Provenance& from, bool first_in_file);

// How much a copy has to offer: used by the merge rule and by tests.
int richness(const Citation& c);

}  // namespace citesearch
