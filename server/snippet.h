#pragma once
// Highlighted snippets: HTML-escaped text with the query's words in <mark>.
// Words are compared after the same folding (and English stemming) as the
// index, so "Raphaël" is marked for the query "raphael" and "tumours" for
// "tumour". Not thread-safe (one per request). Everything that is not a <mark> tag is escaped: the result is safe
// to insert as HTML.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace citesearch {

class SnippetMaker {
public:
    // `highlight`: folded words and stems from ParsedQuery::highlight.
    explicit SnippetMaker(const std::vector<std::string>& highlight);

    // The whole text, escaped, with matches marked.
    std::string mark_all(std::string_view text) const;

    // A window of about `max_words` words around the densest run of matches
    // (the start of the text when nothing matches), with "…" where cut.
    std::string best_window(std::string_view text, std::size_t max_words = 50) const;

private:
    bool matches(std::string_view word) const;
    std::vector<std::string> words_;
    // Xapian::Stem keeps state while stemming: one per maker, never shared.
    mutable Xapian::Stem stemmer_;
};

std::string html_escape(std::string_view text);

}  // namespace citesearch
