#include "snippet.h"

#include <algorithm>

#include "normalize.h"
#include "schema.h"
#include "stemming.h"

namespace citesearch {
namespace {

// Word characters: ASCII letters/digits and every non-ASCII byte (so UTF-8
// letters stay inside words); the rest separates words.
bool word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

unsigned char ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c; }

void append_escaped(std::string& out, std::string_view text) {
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
}

// One word of a text: [begin, end), and its folded form when it matches.
struct Word {
    std::size_t begin;
    std::size_t end;
    const std::string* hit;
};

// Appends text[from, to) escaped, with words[first, last] (those inside it)
// in <mark> when they match.
void append_marked(std::string& out, std::string_view text, std::size_t from, std::size_t to, const std::vector<Word>& words,
                   std::size_t first, std::size_t last) {
    std::size_t at = from;
    for (std::size_t i = first; i <= last && i < words.size(); ++i) {
        const Word& w = words[i];
        if (!w.hit) continue;
        append_escaped(out, text.substr(at, w.begin - at));
        out += "<mark>";
        append_escaped(out, text.substr(w.begin, w.end - w.begin));
        out += "</mark>";
        at = w.end;
    }
    append_escaped(out, text.substr(at, to - at));
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    append_escaped(out, text);
    return out;
}

SnippetMaker::SnippetMaker(const std::vector<std::string>& highlight, std::string_view stemmer)
    : words_(highlight), stemmer_(make_stemmer(stemmer)) {
    std::sort(words_.begin(), words_.end());
    words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
    for (const std::string& w : words_)
        if (!w.empty()) first_bytes_.set(static_cast<unsigned char>(w[0]));
}

const std::string* SnippetMaker::match(std::string_view word) const {
    if (words_.empty() || word.empty()) return nullptr;
    // Plain ASCII folds to lower case: a word starting with a byte no
    // highlight word starts with matches neither as written nor by its stem.
    unsigned char first = static_cast<unsigned char>(word[0]);
    if (first < 0x80 && !first_bytes_.test(ascii_lower(first))) {
        bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
        if (ascii) return nullptr;
    }
    auto it = known_.find(word);
    if (it == known_.end()) {
        Known k;
        std::string folded = fold(word);
        k.hit = std::binary_search(words_.begin(), words_.end(), folded) ||
                (!folded.empty() && first_bytes_.test(static_cast<unsigned char>(folded[0])) &&
                 std::binary_search(words_.begin(), words_.end(), stemmer_(folded)));
        if (k.hit) k.folded = std::move(folded);
        it = known_.emplace(std::string(word), std::move(k)).first;
    }
    return it->second.hit ? &it->second.folded : nullptr;
}

std::string SnippetMaker::mark_all(std::string_view text) const {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t at = 0;  // text before `at` is written
    std::size_t i = 0;
    while (i < text.size()) {
        if (!word_byte(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && word_byte(static_cast<unsigned char>(text[j]))) ++j;
        if (match(text.substr(i, j - i))) {
            append_escaped(out, text.substr(at, i - at));
            out += "<mark>";
            append_escaped(out, text.substr(i, j - i));
            out += "</mark>";
            at = j;
        }
        i = j;
    }
    append_escaped(out, text.substr(at));
    return out;
}

std::string SnippetMaker::best_window(std::string_view text, std::size_t max_words) const {
    // Very long texts (a pasted full text) are looked at up to a word boundary.
    std::size_t scan = text.size();
    if (scan > kMaxScannedBytes) {
        scan = kMaxScannedBytes;
        while (scan > 0 && word_byte(static_cast<unsigned char>(text[scan - 1])) && word_byte(static_cast<unsigned char>(text[scan])))
            --scan;
    }
    std::vector<Word> words;
    words.reserve(scan / 6);
    for (std::size_t i = 0; i < scan;) {
        if (!word_byte(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < scan && word_byte(static_cast<unsigned char>(text[j]))) ++j;
        words.push_back({i, j, match(text.substr(i, j - i))});
        i = j;
    }
    if (words.empty()) return html_escape(text);

    // The window with the most distinct query words wins, then the one with
    // most query words side by side (a phrase), then the most matches:
    // "immune checkpoint" beats three scattered mentions of "immune".
    std::size_t n = words.size();
    std::size_t win = std::min(max_words, n);
    std::size_t best_start = 0, best_score = 0, best_hits = 0;
    std::vector<const std::string*> seen;
    for (std::size_t s = 0; s < n; ++s) {
        if (!words[s].hit) continue;  // a best window can always start on a match
        seen.clear();
        std::size_t hits = 0, adjacent = 0;
        for (std::size_t i = s; i < std::min(s + win, n); ++i) {
            const std::string* h = words[i].hit;
            if (!h) continue;
            ++hits;
            if (i > s && words[i - 1].hit && *words[i - 1].hit != *h) ++adjacent;
            if (std::none_of(seen.begin(), seen.end(), [h](const std::string* x) { return *x == *h; })) seen.push_back(h);
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
    std::size_t from = best_start == 0 ? 0 : words[best_start].begin;
    std::size_t last_word = best_start + win - 1;
    std::size_t to = last_word + 1 >= n && scan == text.size() ? text.size() : words[last_word].end;
    std::string out;
    out.reserve(to - from + 64);
    if (from > 0) out += "… ";
    append_marked(out, text, from, to, words, best_start, last_word);
    if (to < text.size()) out += " …";
    return out;
}

}  // namespace citesearch
