#pragma once
// Author names in the forms people write them: "Jost, Raphaël", "Jost R",
// "Raphaël Jost", "R. Jost", "E J Reimer", "de Baere, Thierry".
//
// The indexer turns each record author into a set of name keys; the query
// side turns what a user typed into the same keys. Both use parse_author()
// and name_keys(), which is why "Jost R", "Jost, Raphael", "Raphael Jost" and
// "R. Jost" all find the seed record's first author.

#include <string>
#include <string_view>
#include <vector>

namespace citesearch {

struct PersonName {
    std::string family;    // folded ("jost", "de baere")
    std::string given;     // folded given names ("raphael", "francois xavier"); may be empty
    std::string initials;  // folded initials of the given names ("r", "fx"); may be empty
};

// Reads one author string. A comma separates family from given names
// ("Jost, Raphaël"); without one, trailing initials mark a family-first name
// ("Jost R", "Jost RJ", "Reimer E J"), leading initials a given-first one
// ("R. Jost", "E J Reimer"), and otherwise the last word is the family name
// ("Raphael Jost"). Returns the readings, most likely first: a name with no
// comma and no initials ("Raphael Jost" or "Jost Raphael") also yields the
// reversed reading, so a query can try both. The indexer uses only the first.
// Empty when the text holds no name.
std::vector<PersonName> parse_author(std::string_view text);

// The index keys of a name: "jost", "jost r", "jost raphael" (family alone,
// family + first initial, family + first given name); particles ("de", "van
// der") also give a key without them ("baere t"). Deduplicated.
std::vector<std::string> name_keys(const PersonName& name);

// The display form used in facets and filters: "Jost R", "de Baere T".
// Keeps the source's capitalisation of the family name (diacritics kept).
std::string display_name(std::string_view text);

}  // namespace citesearch
