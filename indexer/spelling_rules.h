#pragma once
// The spelling rules for words in neither word list (technical terms:
// "haematopoietic", "tumourigenesis", "oestradiol"), shared by the table's
// generator (spelling_variants_gen.cc) and the stemmer (stemming.cc), so the
// words the generator exempts are exactly those these rules would change.

#include <optional>
#include <string>
#include <string_view>

namespace citesearch::spelling_rules {

inline bool plain_word(std::string_view w) {
    if (w.empty()) return false;
    for (char c : w)
        if (c < 'a' || c > 'z') return false;
    return true;
}

// `variant(prefix)`: the American spelling of a British word from the table,
// or nothing. Rules, in order: a British word from the table that the word
// starts with ("tumour" + "igenesis"); "isation" spelled "ization"; "oea"
// spelled "ea" (dyspnoea); "ae" and "oe" before a consonant spelled "e"
// (haematopoietic, oestradiol). Words under 6 letters are left alone.
template <typename Lookup>
std::string unknown_word_spelling(const std::string& word, const Lookup& variant) {
    if (word.size() < 6 || !plain_word(word)) return word;
    for (std::size_t n = word.size() - 1; n >= 5; --n)
        if (std::optional<std::string> american = variant(word.substr(0, n))) return *american + word.substr(n);
    std::string w = word;
    if (std::size_t p = w.find("isation"); p != std::string::npos) w.replace(p, 7, "ization");
    if (std::size_t p = w.find("oea"); p != std::string::npos) w.replace(p, 3, "ea");
    std::string out;
    out.reserve(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        if ((w[i] == 'a' || w[i] == 'o') && i + 2 < w.size() && w[i + 1] == 'e' &&
            std::string_view("aeiouy").find(w[i + 2]) == std::string_view::npos) {
            out += 'e';
            ++i;
            continue;
        }
        out += w[i];
    }
    return out;
}

}  // namespace citesearch::spelling_rules
