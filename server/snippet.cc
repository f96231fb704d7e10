#include "snippet.h"

#include <algorithm>

#include <xapian.h>

#include "normalize.h"
#include "schema.h"

namespace citesearch {
namespace {

struct Token {
    std::size_t begin;
    std::size_t end;
    bool is_word;
};

// Word characters: ASCII letters/digits and every non-ASCII byte (so UTF-8
// letters stay inside words); the rest separates words.
bool word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        bool w = word_byte(static_cast<unsigned char>(text[i]));
        while (j < text.size() && word_byte(static_cast<unsigned char>(text[j])) == w) ++j;
        out.push_back({i, j, w});
        i = j;
    }
    return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

SnippetMaker::SnippetMaker(const std::vector<std::string>& highlight)
    : words_(highlight), stemmer_(std::string(schema::kStemLanguage)) {
    std::sort(words_.begin(), words_.end());
    words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
}

bool SnippetMaker::matches(std::string_view word) const {
    if (words_.empty()) return false;
    std::string folded = fold(word);
    if (std::binary_search(words_.begin(), words_.end(), folded)) return true;
    return std::binary_search(words_.begin(), words_.end(), stemmer_(folded));
}

std::string SnippetMaker::mark_all(std::string_view text) const {
    std::string out;
    for (const Token& t : tokenize(text)) {
        std::string_view piece = text.substr(t.begin, t.end - t.begin);
        if (t.is_word && matches(piece)) {
            out += "<mark>";
            out += html_escape(piece);
            out += "</mark>";
        } else {
            out += html_escape(piece);
        }
    }
    return out;
}

std::string SnippetMaker::best_window(std::string_view text, std::size_t max_words) const {
    std::vector<Token> tokens = tokenize(text);
    std::vector<std::size_t> word_index;  // token index of each word
    std::vector<char> hit;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!tokens[i].is_word) continue;
        word_index.push_back(i);
        hit.push_back(matches(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin)) ? 1 : 0);
    }
    if (word_index.empty()) return html_escape(text);

    // The window with the most distinct query words wins, then the one with
    // most query words side by side (a phrase), then the most matches:
    // "immune checkpoint" beats three scattered mentions of "immune".
    std::size_t n = word_index.size();
    std::size_t win = std::min(max_words, n);
    std::vector<std::string> folded(n);
    for (std::size_t i = 0; i < n; ++i)
        if (hit[i]) folded[i] = fold(text.substr(tokens[word_index[i]].begin, tokens[word_index[i]].end - tokens[word_index[i]].begin));
    std::size_t best_start = 0, best_score = 0, best_hits = 0;
    for (std::size_t s = 0; s < n; ++s) {
        if (!hit[s]) continue;  // a best window can always start on a match
        std::vector<std::string_view> seen;
        std::size_t hits = 0, adjacent = 0;
        for (std::size_t i = s; i < std::min(s + win, n); ++i) {
            if (!hit[i]) continue;
            ++hits;
            if (i > s && hit[i - 1] && folded[i - 1] != folded[i]) ++adjacent;
            if (std::find(seen.begin(), seen.end(), folded[i]) == seen.end()) seen.push_back(folded[i]);
        }
        std::size_t score = seen.size() * 10000 + adjacent * 100 + hits;
        if (score > best_score) {
            best_score = score;
            best_hits = hits;
            best_start = s;
        }
    }
    // Start a few words before the first match so it has context.
    if (best_hits > 0) {
        std::size_t lead = 4;
        best_start = best_start > lead ? std::min(best_start - lead, n - win) : 0;
    } else {
        best_start = 0;
    }
    std::size_t from = best_start == 0 ? 0 : tokens[word_index[best_start]].begin;
    std::size_t last_word = best_start + win - 1;
    std::size_t to = last_word + 1 >= n ? text.size() : tokens[word_index[last_word]].end;
    std::string out;
    if (from > 0) out += "… ";
    out += mark_all(text.substr(from, to - from));
    if (to < text.size()) out += " …";
    return out;
}

}  // namespace citesearch
