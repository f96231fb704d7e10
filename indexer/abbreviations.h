#pragma once
// Abbreviations a collection defines for itself: "hepatocellular carcinoma
// (HCC)" teaches that HCC stands for hepatocellular carcinoma. The indexer
// finds such definitions in titles and abstracts (no hand-written list) and
// keeps them in the database's synonym table; a search with
// abbreviations=true lets a short form in the query match its long form
// too (docs/relevance.md says when that helps). Both sides build the table
// key with abbreviation_key(), so "HSCs" and "HSC" meet.
//
// Pure functions: thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace citesearch {

struct AbbreviationDefinition {
    std::string short_form;  // as written inside the parentheses, folded: "hscs"
    std::string long_form;   // the words it abbreviates, folded: "hematopoietic stem cells"
};

// Definitions "long form (SF)" in fold()ed text, found with the algorithm of
// Schwartz & Hearst (PSB 2003): SF is one word of 2 to 10 characters with a
// letter, starting with a letter or digit; the long form is the shortest run
// of at most min(|SF| + 5, 2|SF|) words before the parenthesis whose words
// hold SF's characters in order, SF's first character starting a word. A
// long form must have more than one word.
std::vector<AbbreviationDefinition> find_abbreviations(std::string_view folded);

// The synonym-table key of a short form: "abbr:" + the form, with the plural
// "s" of a form without vowels dropped ("hscs" -> "abbr:hsc", "nsaids" stays).
std::string abbreviation_key(std::string_view short_form);

}  // namespace citesearch
