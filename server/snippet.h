#pragma once
// Highlighted snippets: HTML-escaped text with the query's words in <mark>.
// Words are compared after the same folding (and English stemming) as the
// index, so "Raphaël" is marked for the query "raphael" and "tumours" for
// "tumour". Everything that is not a <mark> tag is escaped: the result is
// safe to insert as HTML.
//
// Cost: each word of a text is classified once. A word whose folded first
// byte starts no highlight word can match neither a highlight word nor,
// through its stem, a highlight stem (English stemming keeps a word's first
// letter), so it is rejected without folding or stemming; the others are
// folded and stemmed once per request and remembered.
//
// Not thread-safe (it remembers words): one per request.

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace citesearch {

class SnippetMaker {
public:
    // `highlight`: folded words and stems from ParsedQuery::highlight;
    // `stemmer`: the one that made those stems (indexer/stemming.h).
    SnippetMaker(const std::vector<std::string>& highlight, std::string_view stemmer);

    // The whole text, escaped, with matches marked.
    std::string mark_all(std::string_view text) const;

    // A window of about `max_words` words around the densest run of matches
    // (the start of the text when nothing matches), with "…" where cut.
    // Only the first kMaxScannedBytes of a text are looked at.
    std::string best_window(std::string_view text, std::size_t max_words = 50) const;

    static constexpr std::size_t kMaxScannedBytes = 64 * 1024;

private:
    // The folded form of `word` when it matches, else nullptr. The pointer
    // stays valid for the maker's lifetime.
    const std::string* match(std::string_view word) const;

    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Known {
        bool hit = false;
        std::string folded;  // kept for hits only
    };

    std::vector<std::string> words_;  // sorted, unique
    std::bitset<256> first_bytes_;    // first bytes of words_
    // Words as written -> what they are; grows with a request's distinct words.
    mutable std::unordered_map<std::string, Known, StringHash, std::equal_to<>> known_;
    // Xapian::Stem keeps state while stemming: one per maker, never shared.
    mutable Xapian::Stem stemmer_;
};

std::string html_escape(std::string_view text);

}  // namespace citesearch
