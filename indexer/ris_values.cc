// Internal to the RIS reader: identifiers (DOI, PMID, PMCID), dates and page
// ranges, and the public normalise_doi() and parse_date().

#include "ris_values.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "ris_reader.h"
#include "ris_text.h"

namespace citesearch {
namespace ris_internal {

// ---------------------------------------------------------------------------
// Identifiers and dates.

namespace {

// Strips the prefixes DOIs are found with, cuts at whitespace (so "10.1/x
// [doi]" works) and checks the "10.<digits>/<suffix>" shape.
std::string normalise_doi_impl(std::string_view text, bool percent_decode) {
    std::string_view s = trim(text);
    bool url = false;
    for (std::string_view scheme : {"https://", "http://"}) {
        if (istarts_with(s, scheme)) {
            s.remove_prefix(scheme.size());
            url = true;
            break;
        }
    }
    bool doi_host = false;
    for (std::string_view host : {"dx.doi.org/", "www.doi.org/", "doi.org/"}) {
        if (istarts_with(s, host)) {
            s.remove_prefix(host.size());
            doi_host = true;
            break;
        }
    }
    if (url && !doi_host) return {};
    for (std::string_view prefix : {"info:doi/", "urn:doi:", "doi:", "doi "}) {
        if (istarts_with(s, prefix)) {
            s.remove_prefix(prefix.size());
            s = trim(s);
            break;
        }
    }
    std::size_t ws = s.find_first_of(" \t");
    if (ws != std::string_view::npos) s = s.substr(0, ws);

    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%' && (url || percent_decode) && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            auto hex = [](char h) { return is_digit(h) ? h - '0' : lower(h) - 'a' + 10; };
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += lower(c);
        }
    }
    while (!out.empty() && (out.back() == '.' || out.back() == ',' || out.back() == ';')) out.pop_back();
    // A closing bracket belongs to the DOI only when the DOI opened it: "(see doi:10.1/x)".
    for (auto [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}}) {
        if (!out.empty() && out.back() == close &&
            std::count(out.begin(), out.end(), open) < std::count(out.begin(), out.end(), close))
            out.pop_back();
    }
    // Shape: "10." registrant digits (dots allowed), "/", a non-empty suffix.
    if (!out.starts_with("10.")) return {};
    std::size_t slash = out.find('/');
    if (slash == std::string::npos || slash == 3 || slash + 1 >= out.size()) return {};
    for (std::size_t i = 3; i < slash; ++i)
        if (!is_digit(out[i]) && out[i] != '.') return {};
    return out;
}

}  // namespace

std::string find_doi(std::string_view text) {
    for (std::string_view marker : {"doi.org/", "doi:"}) {
        std::size_t at = 0;
        while ((at = ifind(text, marker, at)) != std::string_view::npos) {
            at += marker.size();
            std::string_view rest = text.substr(at);
            std::size_t stop = rest.find_first_of(" \t&\"<>");
            std::string doi = normalise_doi_impl(rest.substr(0, stop), true);
            if (!doi.empty()) return doi;
        }
    }
    return {};
}

std::string_view strip_pubmed_label(std::string_view s) {
    s = trim(s);
    for (std::string_view p : {"PMID:", "PMID", "PubMed ID:", "PubMed:"}) {
        if (istarts_with(s, p)) return trim(s.substr(p.size()));
    }
    return s;
}

std::string labelled_pmid(std::string_view v) {
    v = trim(v);
    if (istarts_with(v, "PMID")) {
        std::string_view d = strip_pubmed_label(v);
        std::size_t n = 0;
        while (n < d.size() && is_digit(d[n])) ++n;
        if (n > 0 && (n == d.size() || !is_alnum(d[n]))) return std::string(d.substr(0, n));
        return {};
    }
    std::size_t bracket = ifind(v, "[pmid]");
    if (bracket != std::string_view::npos) {
        std::string_view d = trim(v.substr(0, bracket));
        if (all_digits(d)) return std::string(d);
    }
    return {};
}

std::string pmcid_in(std::string_view v) {
    v = trim(v);
    if (istarts_with(v, "PMCID:")) v = trim(v.substr(6));
    if (!istarts_with(v, "PMC")) return {};
    std::size_t n = 3;
    while (n < v.size() && is_digit(v[n])) ++n;
    if (n == 3) return {};
    std::string_view rest = trim(v.substr(n));
    if (!rest.empty() && !iequals(rest, "[pmcid]") && !iequals(rest, "[pmc]")) return {};
    return "PMC" + std::string(v.substr(3, n - 3));
}

std::string digits_after(std::string_view text, std::string_view marker) {
    std::size_t at = ifind(text, marker);
    if (at == std::string_view::npos) return {};
    std::string_view rest = text.substr(at + marker.size());
    std::size_t n = 0;
    while (n < rest.size() && is_digit(rest[n])) ++n;
    if (n == 0 || (n < rest.size() && is_alnum(rest[n]))) return {};
    return std::string(rest.substr(0, n));
}

std::string pmid_in_url(std::string_view url) {
    if (std::string p = digits_after(url, "ncbi.nlm.nih.gov/pubmed/"); !p.empty()) return p;
    if (std::string p = digits_after(url, "pubmed.ncbi.nlm.nih.gov/"); !p.empty()) return p;
    if (ifind(url, "ovid") == std::string_view::npos) return {};
    std::size_t db = url.find("&D=");
    if (db == std::string_view::npos) db = url.find("?D=");
    if (db == std::string_view::npos) return {};
    std::string_view name = url.substr(db + 3);
    if (!istarts_with(name, "med") && !istarts_with(name, "prem") && !istarts_with(name, "mesz")) return {};
    return digits_after(url, "AN=");
}

namespace {

int month_from_name(std::string_view word) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december"};
    if (word.size() < 3) return 0;
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
        std::string_view name = kMonths[m];
        if (word.size() > name.size()) continue;
        if (istarts_with(name, word)) return static_cast<int>(m) + 1;
    }
    return 0;
}

int days_in_month(int month) {
    static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month >= 1 && month <= 12 ? kDays[static_cast<std::size_t>(month - 1)] : 0;
}

}  // namespace

void expand_end_page(std::string_view start, std::string& end) {
    if (all_digits(start) && all_digits(end) && end.size() < start.size())
        end = std::string(start.substr(0, start.size() - end.size())) + end;
}

void split_pages(std::string_view pages, std::string& start, std::string& end) {
    pages = trim(pages);
    std::size_t cut = std::string_view::npos, len = 0;
    for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94", "--", "-"}) {  // en dash, em dash, "--", "-"
        std::size_t at = pages.find(dash, 1);
        if (at != std::string_view::npos && at < cut) {
            cut = at;
            len = dash.size();
        }
    }
    if (cut == std::string_view::npos) {
        start = std::string(pages);
        return;
    }
    start = std::string(trim(pages.substr(0, cut)));
    std::string e(trim(pages.substr(cut + len)));
    if (end.empty()) end = std::move(e);
}

}  // namespace ris_internal

using namespace ris_internal;  // the reader's internal helpers, in this file only

std::string normalise_doi(std::string_view text) { return normalise_doi_impl(text, false); }

bool parse_date(std::string_view text, int& year, int& month, int& day) {
    year = month = day = 0;
    struct Token {
        std::string_view text;
        bool number;
        long value;
    };
    std::array<Token, 16> tokens{};
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size() && n < tokens.size();) {
        char c = text[i];
        if (is_digit(c) || is_alpha(c)) {
            std::size_t j = i;
            bool digits = is_digit(c);
            while (j < text.size() && (digits ? is_digit(text[j]) : is_alpha(text[j]))) ++j;
            Token t{text.substr(i, j - i), digits, 0};
            if (digits) {
                t.value = t.text.size() <= 9 ? 0 : -1;  // longer runs are no date part
                if (t.value == 0)
                    for (char d : t.text) t.value = t.value * 10 + (d - '0');
            }
            tokens[n++] = t;
            i = j;
        } else {
            ++i;
        }
    }
    auto small = [&](std::size_t k, int max) {
        return k < n && tokens[k].number && tokens[k].text.size() <= 2 && tokens[k].value >= 1 && tokens[k].value <= max;
    };
    auto month_word = [&](std::size_t k) { return k < n && !tokens[k].number ? month_from_name(tokens[k].text) : 0; };

    for (std::size_t y = 0; y < n; ++y) {
        const Token& t = tokens[y];
        if (!t.number) continue;
        if (t.text.size() == 8 && t.value / 10000 >= 1000 && t.value / 10000 <= 2999) {  // "20220901"
            year = static_cast<int>(t.value / 10000);
            int m = static_cast<int>(t.value / 100 % 100), d = static_cast<int>(t.value % 100);
            if (m >= 1 && m <= 12) {
                month = m;
                if (d >= 1 && d <= days_in_month(m)) day = d;
            }
            return true;
        }
        if (t.text.size() != 4 || t.value < 1000 || t.value > 2999) continue;
        year = static_cast<int>(t.value);
        // Year first: "2022/9/1", "2022-09-01", "2022 Sep 1", "2018/02/03/2018- -21".
        if (small(y + 1, 12)) month = static_cast<int>(tokens[y + 1].value);
        else month = month_word(y + 1);
        if (month != 0 && small(y + 2, days_in_month(month))) day = static_cast<int>(tokens[y + 2].value);
        // Year last: "Sep 2022", "1 Sep 2022", "Sep 1, 2022".
        if (month == 0 && y >= 1) {
            if (int m = month_word(y - 1)) {
                month = m;
                if (y >= 2 && small(y - 2, days_in_month(m))) day = static_cast<int>(tokens[y - 2].value);
            } else if (int m2 = month_word(y - 2); m2 && small(y - 1, days_in_month(m2))) {
                month = m2;
                day = static_cast<int>(tokens[y - 1].value);
            }
        }
        return true;
    }
    return false;
}

}  // namespace citesearch
