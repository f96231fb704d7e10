#pragma once
// The stored record (stored_record.h) as a search hit needs it, read fast.

#include <string_view>

#include "stored_record.h"

namespace citesearch {

// The record without what only the full record view, exports and
// re-indexing need: `citation.fields` (the original RIS lines) and `copies`
// stay empty, and are skipped unparsed, without building a JSON tree. Costs
// a fraction of stored_record_from_json. Throws std::runtime_error like it.
StoredRecord stored_record_summary_from_json(std::string_view json);

}  // namespace citesearch
