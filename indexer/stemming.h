#pragma once
// How words become the stems free text is matched on ("Z" terms), the same
// on the index and the query side. Each index records the stemmer it was
// built with (schema::kMetaStemmer); the server stems queries with that one.
//
//   "porter-us"  British spellings read as American ("tumour" as "tumor",
//                "haematopoietic" as "hematopoietic"), then the original
//                Porter stemmer. The default for new indexes
//                (docs/relevance.md has the measurements behind it).
//   "english"    Xapian's Porter2 as it is: indexes built before the
//                stemmer was recorded.

#include <string>
#include <string_view>

#include <xapian.h>

namespace citesearch {

inline constexpr std::string_view kDefaultStemmer = "porter-us";
inline constexpr std::string_view kLegacyStemmer = "english";

// The American spelling of a folded word, or the word as it is.
std::string american_spelling(const std::string& word);

// The named stemmer: "porter-us", "english", or another of Xapian's
// languages. Throws Xapian::InvalidArgumentError for a name it does not know.
Xapian::Stem make_stemmer(std::string_view name);

}  // namespace citesearch
