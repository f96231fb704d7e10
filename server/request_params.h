#pragma once
// Reading API parameters into request structs. Pure functions over the
// query-string map (no sockets), so they can be unit-tested and fuzzed; every
// problem is a BadRequest naming the parameter and what was wrong.

#include <map>
#include <string>

#include "search_types.h"

namespace citesearch {

using Params = std::multimap<std::string, std::string>;

SearchRequest parse_search_params(const Params& params);

// An optional bounded integer parameter ("size", "limit"): `fallback` when absent.
std::size_t parse_count(const Params& params, const std::string& name, std::size_t fallback, std::size_t min, std::size_t max);

// Refuses bytes that are not UTF-8 text (and NUL): a parameter must be text.
void require_text(const std::string& name, const std::string& value);

}  // namespace citesearch
