#pragma once
// Unicode text normalisation shared by the indexer and the query side: the
// same function folds record text at index time and query text at search
// time, so "Raphaël" and "raphael" meet in the index.
//
// Thread-safe: uses ICU's immutable, shared Normalizer2 instances.

#include <string>
#include <string_view>

namespace citesearch {

// NFKC compatibility forms, case folding and diacritics removed:
// "Raphaël" -> "raphael", "ﬁbrosis" -> "fibrosis", "STRAẞE" -> "strasse".
// Letters without a decomposition that readers treat as accented are mapped
// too (ø->o, ł->l, đ->d, æ->ae, œ->oe). Invalid UTF-8 is replaced by U+FFFD.
std::string fold(std::string_view utf8);

// fold() for callers that fold many short strings: returns `utf8` itself
// when folding leaves it unchanged (plain lower-case ASCII), else the folded
// text, written into `scratch` (whose buffer is reused: no allocation once
// it is large enough). The view is valid until `scratch` or `utf8` changes;
// `utf8` must not point into `scratch`.
std::string_view fold(std::string_view utf8, std::string& scratch);

// Like fold() but keeps case: used to build display forms that should not
// depend on how the source capitalised ("JOURNAL OF X" stays as is).
std::string strip_diacritics(std::string_view utf8);

// Collapses runs of whitespace (any Unicode White_Space) to one ASCII space
// and trims both ends.
std::string collapse_space(std::string_view utf8);

}  // namespace citesearch
