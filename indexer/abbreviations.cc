#include "abbreviations.h"

#include <algorithm>

namespace citesearch {
namespace {

// fold()ed text is lower case; bytes of multi-byte UTF-8 characters count
// as letters (Greek letters, accented letters the fold kept).
bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; }

// The shortest tail of `candidate` that spells `sf` (Schwartz & Hearst's
// findBestLongForm): SF's characters are matched right to left, and its
// first character must start a word. Empty when there is none.
std::string best_long_form(std::string_view sf, std::string_view candidate) {
    long s = static_cast<long>(sf.size()) - 1;
    long l = static_cast<long>(candidate.size()) - 1;
    auto at = [](std::string_view v, long i) { return v[static_cast<std::size_t>(i)]; };
    for (; s >= 0; --s) {
        char c = at(sf, s);
        if (!is_alnum(c)) continue;
        while ((l >= 0 && at(candidate, l) != c) || (s == 0 && l > 0 && is_alnum(at(candidate, l - 1)))) --l;
        if (l < 0) return {};
        --l;
    }
    std::size_t start = candidate.rfind(' ', static_cast<std::size_t>(l + 1));
    return std::string(candidate.substr(start == std::string_view::npos ? 0 : start + 1));
}

bool valid_short_form(std::string_view sf) {
    if (sf.size() < 2 || sf.size() > 10 || !is_alnum(sf.front())) return false;
    if (sf.find(' ') != std::string_view::npos) return false;
    return std::any_of(sf.begin(), sf.end(), is_letter);
}

// The words before `end`, at most `max_words`, stopping at punctuation that
// ends a phrase.
std::string_view words_before(std::string_view text, std::size_t end, std::size_t max_words) {
    auto is_break = [](char c) { return c == '.' || c == ';' || c == ',' || c == '(' || c == ')' || c == ':'; };
    while (end > 0 && text[end - 1] == ' ') --end;
    std::size_t begin = end;
    for (std::size_t words = 0; words < max_words && begin > 0; ++words) {
        std::size_t b = begin;
        while (b > 0 && text[b - 1] == ' ') --b;
        std::size_t w = b;
        while (w > 0 && text[w - 1] != ' ' && !is_break(text[w - 1])) --w;
        if (w == b) break;
        begin = w;
        if (w > 0 && text[w - 1] != ' ') break;
    }
    return text.substr(begin, end - begin);
}

}  // namespace

std::vector<AbbreviationDefinition> find_abbreviations(std::string_view text) {
    std::vector<AbbreviationDefinition> out;
    std::size_t open = 0;
    while ((open = text.find('(', open)) != std::string_view::npos) {
        std::size_t close = text.find(')', open + 1);
        if (close == std::string_view::npos) break;
        std::string_view sf = text.substr(open + 1, close - open - 1);
        // "(HCC; n = 12)", "(HCC, 2019)": the first item.
        sf = sf.substr(0, std::min(sf.find(';'), sf.find(',')));
        while (!sf.empty() && sf.front() == ' ') sf.remove_prefix(1);
        while (!sf.empty() && sf.back() == ' ') sf.remove_suffix(1);
        if (valid_short_form(sf)) {
            std::string_view candidate = words_before(text, open, std::min(sf.size() + 5, sf.size() * 2));
            std::string long_form = best_long_form(sf, candidate);
            if (long_form.size() > sf.size() && long_form.find(' ') != std::string::npos)
                out.push_back({std::string(sf), std::move(long_form)});
        }
        open = close + 1;
    }
    return out;
}

std::string abbreviation_key(std::string_view sf) {
    std::string key = "abbr:";
    if (sf.size() >= 3 && sf.back() == 's' && sf.find_first_of("aeiouy") == std::string_view::npos) sf.remove_suffix(1);
    key += sf;
    return key;
}

}  // namespace citesearch
