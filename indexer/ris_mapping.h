#pragma once
// Internal to the RIS reader: one record's tags -> Citation, for RIS and for
// MEDLINE. The rules are documented, tag by tag, in docs/ris-fields.md.

#include <vector>

#include "citation.h"

namespace citesearch::ris_internal {

// A record's tags and values in file order, as the reader collected them.
using Fields = std::vector<RisField>;

// A RIS record -> Citation. Values arrive with '\n' where a continuation line
// was joined; it becomes a single space here, after KW has used it.
Citation map_ris(Fields raw);

// A MEDLINE record -> Citation.
Citation map_medline(Fields fields);

}  // namespace citesearch::ris_internal
