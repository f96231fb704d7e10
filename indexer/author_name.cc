#include "author_name.h"

#include <algorithm>
#include <array>

#include "normalize.h"

namespace citesearch {
namespace {

// A name as split from the text, before folding (display needs the original case).
struct RawName {
    std::string family;
    std::string given;     // full given names, or "" when only initials are known
    std::string initials;  // upper-case ASCII-ish letters, one per given name
};

std::vector<std::string> split_words(std::string_view s) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : s) {
        if (c == ' ') {
            if (!cur.empty()) words.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) words.push_back(std::move(cur));
    return words;
}

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        if (!out.empty()) out += ' ';
        out += words[i];
    }
    return out;
}

std::string trim(std::string_view s, std::string_view chars = " .,;") {
    std::size_t b = s.find_first_not_of(chars);
    if (b == std::string_view::npos) return {};
    std::size_t e = s.find_last_not_of(chars);
    return std::string(s.substr(b, e - b + 1));
}

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha_ascii(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// "R", "R.", "RJ", "R.J.", "F-X", "r" (one letter of any case): initials, not a name.
bool is_initials(std::string_view word) {
    std::string letters;
    for (char c : word) {
        if (c == '.' || c == '-') continue;
        if (!is_alpha_ascii(c)) return false;
        letters += c;
    }
    if (letters.empty() || letters.size() > 3) return false;
    if (letters.size() == 1) return true;
    return std::all_of(letters.begin(), letters.end(), is_upper_ascii);
}

std::string initials_of_initials(std::string_view word) {
    std::string out;
    for (char c : word)
        if (is_alpha_ascii(c)) out += static_cast<char>(c & ~0x20);
    return out;
}

// First letter of each given name ("François Xavier" -> "FX", "Jean-Pierre" -> "JP").
std::string initials_of_given(std::string_view given) {
    std::string folded = fold(given);
    std::string out;
    bool at_start = true;
    for (char c : folded) {
        if (c == ' ' || c == '-' || c == '.') {
            at_start = true;
            continue;
        }
        if (at_start && c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
        at_start = false;
    }
    return out;
}

bool is_particle(std::string_view word) {
    static constexpr std::array<std::string_view, 16> kParticles = {
        "de", "van", "der", "von", "da", "di", "du", "la", "le", "del", "den", "ter", "ten", "dos", "das", "des"};
    return std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end();
}

RawName from_given(std::string family, std::string given) {
    RawName n;
    n.family = trim(family);
    std::string g = trim(given);
    std::vector<std::string> words = split_words(g);
    bool all_initials = !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) { return is_initials(w); });
    if (all_initials) {
        for (const auto& w : words) n.initials += initials_of_initials(w);
    } else {
        n.given = g;
        n.initials = initials_of_given(g);
    }
    return n;
}

std::vector<RawName> parse_raw(std::string_view text) {
    std::string s = collapse_space(text);
    s = trim(s, " ,;");
    if (s.empty()) return {};

    std::size_t comma = s.find(',');
    if (comma != std::string::npos) {
        std::string family = trim(s.substr(0, comma));
        std::string given = trim(s.substr(comma + 1));
        if (family.empty()) return parse_raw(given);
        return {from_given(family, given)};
    }

    std::vector<std::string> words = split_words(s);
    if (words.size() == 1) return {from_given(trim(words[0]), "")};

    // Trailing initials: "Jost R", "Reimer E J", "de Baere T".
    std::size_t tail = words.size();
    while (tail > 1 && is_initials(words[tail - 1])) --tail;
    if (tail < words.size() && !is_initials(words[0])) return {from_given(join(words, 0, tail), join(words, tail, words.size()))};

    // Leading initials: "R. Jost", "E J Reimer".
    std::size_t head = 0;
    while (head + 1 < words.size() && is_initials(words[head])) ++head;
    if (head > 0) return {from_given(join(words, head, words.size()), join(words, 0, head))};

    // "Raphael Jost", "Thierry de Baere": the last word (with any particles before it) is the family name.
    std::size_t fam = words.size() - 1;
    while (fam > 1 && is_particle(fold(words[fam - 1]))) --fam;
    std::vector<RawName> readings{from_given(join(words, fam, words.size()), join(words, 0, fam))};
    if (words.size() == 2) readings.push_back(from_given(words[0], words[1]));  // "Jost Raphael"
    return readings;
}

void add_unique(std::vector<std::string>& keys, std::string key) {
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

}  // namespace

std::vector<PersonName> parse_author(std::string_view text) {
    std::vector<PersonName> out;
    for (RawName& raw : parse_raw(text)) {
        PersonName n;
        n.family = fold(raw.family);
        n.given = fold(raw.given);
        n.initials = fold(raw.initials);
        if (!n.family.empty()) out.push_back(std::move(n));
    }
    return out;
}

std::vector<std::string> name_keys(const PersonName& name) {
    std::vector<std::string> keys;
    std::vector<std::string> families{name.family};
    // "de baere" is also found as "baere"; "perez-garcia" also as "perez garcia".
    std::vector<std::string> words = split_words(name.family);
    std::size_t first_non_particle = 0;
    while (first_non_particle + 1 < words.size() && is_particle(words[first_non_particle])) ++first_non_particle;
    if (first_non_particle > 0) families.push_back(join(words, first_non_particle, words.size()));
    std::string first_given;
    // Given names may hold no word at all ("-", "."): then there is no first one.
    if (std::vector<std::string> given_words = split_words(name.given); !given_words.empty()) {
        first_given = given_words.front();
        std::replace(first_given.begin(), first_given.end(), '-', ' ');
        std::vector<std::string> parts = split_words(first_given);
        first_given = parts.empty() ? std::string() : parts.front();
    }
    for (const std::string& family : families) {
        add_unique(keys, family);
        if (!name.initials.empty()) add_unique(keys, family + " " + name.initials.substr(0, 1));
        if (first_given.size() > 1) add_unique(keys, family + " " + first_given);
    }
    return keys;
}

std::string display_name(std::string_view text) {
    std::vector<RawName> readings = parse_raw(text);
    if (readings.empty()) return {};
    const RawName& n = readings.front();
    if (n.initials.empty()) return n.family;
    return n.family + " " + n.initials;
}

}  // namespace citesearch
