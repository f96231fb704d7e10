#include "export_formats.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "author_name.h"
#include "normalize.h"

namespace citesearch {
namespace {

// ---------------------------------------------------------------- text helpers

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower_ascii(x) == lower_ascii(y); });
}

bool icontains(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char x, char y) { return lower_ascii(x) == lower_ascii(y); });
    return it != haystack.end();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// `digits` occurs in `text` as a whole number, not inside a longer one
// ("36075034" in "PMID: 36075034" but not in "936075034").
bool contains_number(std::string_view text, std::string_view digits) {
    for (std::size_t at = text.find(digits); at != std::string_view::npos; at = text.find(digits, at + 1)) {
        bool left = at == 0 || !is_digit(text[at - 1]);
        bool right = at + digits.size() == text.size() || !is_digit(text[at + digits.size()]);
        if (left && right) return true;
    }
    return false;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string page_range(const Citation& c, std::string_view dash) {
    if (c.start_page.empty()) return c.end_page;
    if (c.end_page.empty() || c.end_page == c.start_page) return c.start_page;
    return c.start_page + std::string(dash) + c.end_page;
}

// ---------------------------------------------------------------- record types

enum class Kind { article, magazine, newspaper, book, chapter, conference, thesis, report, dataset, webpage, other };

// RIS reference types (the RIS specification's list, plus the common vendor
// variants) grouped by what BibTeX and CSL can tell apart.
Kind kind_of(std::string_view ris_type) {
    struct Entry {
        std::string_view type;
        Kind kind;
    };
    static constexpr std::array<Entry, 20> kTypes{{
        {"JOUR", Kind::article},      {"JFULL", Kind::article},  {"EJOUR", Kind::article}, {"INPR", Kind::article},
        {"MGZN", Kind::magazine},     {"NEWS", Kind::newspaper}, {"BOOK", Kind::book},     {"EBOOK", Kind::book},
        {"EDBOOK", Kind::book},       {"CHAP", Kind::chapter},   {"ECHAP", Kind::chapter}, {"CONF", Kind::conference},
        {"CPAPER", Kind::conference}, {"THES", Kind::thesis},    {"RPRT", Kind::report},   {"GOVDOC", Kind::report},
        {"DATA", Kind::dataset},      {"DBASE", Kind::dataset},  {"ELEC", Kind::webpage},  {"WEB", Kind::webpage},
    }};
    for (const Entry& e : kTypes)
        if (iequals(e.type, ris_type)) return e.kind;
    return Kind::other;
}

// ---------------------------------------------------------------- author names

// An author string split for formats that want family and given names apart.
// Mirrors the first reading of parse_author() but keeps the source's case:
// "Jost, Raphaël" and "Jost R" split; "Raphael Jost" or "World Health
// Organization" could be either order, so they stay literal.
struct SplitName {
    std::string family;
    std::string given;
    std::string literal;  // set when the name cannot be split safely
};

std::string trim(std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t") - b + 1));
}

// "R", "R.", "RJ", "R.J.": up to three upper-case letters, optionally dotted.
bool is_initials(std::string_view word) {
    std::size_t letters = 0;
    for (char c : word) {
        if (c == '.') continue;
        if (c < 'A' || c > 'Z') return false;
        ++letters;
    }
    return letters >= 1 && letters <= 3;
}

// "RJ" -> "R. J.", "R.J." -> "R. J.": citation processors read each dotted letter as a given name.
std::string dotted(std::string_view initials) {
    std::string out;
    for (char c : initials) {
        if (c == '.') continue;
        if (!out.empty()) out += ' ';
        out += c;
        out += '.';
    }
    return out;
}

SplitName split_name(std::string_view text) {
    std::string s = trim(text);
    if (std::size_t comma = s.find(','); comma != std::string::npos) {
        SplitName n{trim(s.substr(0, comma)), trim(s.substr(comma + 1)), {}};
        if (!n.family.empty()) return n;
        return {{}, {}, s};
    }
    std::vector<std::string> words;
    for (std::size_t at = 0; at < s.size();) {
        std::size_t end = s.find(' ', at);
        if (end == std::string::npos) end = s.size();
        if (end > at) words.push_back(s.substr(at, end - at));
        at = end + 1;
    }
    std::size_t tail = words.size();
    while (tail > 1 && is_initials(words[tail - 1])) --tail;
    if (tail == words.size() || is_initials(words[0])) return {{}, {}, s};
    SplitName n;
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string& part = i < tail ? n.family : n.given;
        if (!part.empty()) part += ' ';
        part += i < tail ? words[i] : dotted(words[i]);
    }
    return n;
}

// ---------------------------------------------------------------- RIS

bool is_ris_tag(std::string_view tag) {
    return tag.size() == 2 && tag[0] >= 'A' && tag[0] <= 'Z' && ((tag[1] >= 'A' && tag[1] <= 'Z') || is_digit(tag[1]));
}

// MEDLINE records are written from the typed fields: their tags are not RIS
// tags ("FAU", "PMID") or mean something else in RIS ("TA", "IS", "AD"). They
// are told by a tag that is not RIS; "PMID" alone does not tell, as
// PsycINFO's RIS carries one next to its TY (and the reader accepts it).
bool needs_synthesis(const Citation& c) {
    if (c.fields.empty()) return true;
    bool has_ty = std::any_of(c.fields.begin(), c.fields.end(), [](const RisField& f) { return f.tag == "TY"; });
    return std::any_of(c.fields.begin(), c.fields.end(),
                       [&](const RisField& f) { return !is_ris_tag(f.tag) && !(has_ty && f.tag == "PMID"); });
}

void ris_line(std::string& out, std::string_view tag, std::string_view value) {
    out += tag;
    out += "  - ";
    // A line break would start a continuation line and other control
    // characters make readers (ours included) reject the record.
    for (char c : value) out += (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? ' ' : c;
    out += '\n';
}

void ris_line_if(std::string& out, std::string_view tag, std::string_view value) {
    if (!value.empty()) ris_line(out, tag, value);
}

std::string ris_date(const Citation& c) {
    char buf[32];
    if (c.month != 0 && c.day != 0)
        std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", c.year, c.month, c.day);
    else if (c.month != 0)
        std::snprintf(buf, sizeof buf, "%04d/%02d", c.year, c.month);
    else
        std::snprintf(buf, sizeof buf, "%04d", c.year);
    return buf;
}

// One typed field written as RIS, used both to synthesise a whole record and
// to add what a merged record took from another copy.
enum class Field {
    title,
    authors,
    editors,
    year,
    journal,
    journal_abbrev,
    volume,
    issue,
    start_page,
    end_page,
    issn,
    doi,
    abstract_text,
    keywords,
    urls,
    pmid,
    pmcid,
    notes,
    ris_id,
    language,
    publisher
};

constexpr std::array kAllFields{
    Field::title,         Field::authors,  Field::editors,    Field::year,     Field::journal, Field::journal_abbrev,
    Field::volume,        Field::issue,    Field::start_page, Field::end_page, Field::issn,    Field::doi,
    Field::abstract_text, Field::keywords, Field::urls,       Field::pmid,     Field::pmcid,   Field::notes,
    Field::ris_id,        Field::language, Field::publisher};

void write_field(std::string& out, const Citation& c, Field f) {
    switch (f) {
        case Field::title: ris_line_if(out, "TI", c.title); break;
        case Field::authors:
            for (const auto& a : c.authors) ris_line_if(out, "AU", a);
            break;
        case Field::editors:
            for (const auto& e : c.editors) ris_line_if(out, "ED", e);
            break;
        case Field::year:
            if (c.year != 0) ris_line(out, "PY", ris_date(c));
            break;
        // JF, not JO: the reader takes JO for an abbreviation when it looks like one ("Nature" can).
        case Field::journal: ris_line_if(out, "JF", c.journal); break;
        case Field::journal_abbrev: ris_line_if(out, "J2", c.journal_abbrev); break;
        case Field::volume: ris_line_if(out, "VL", c.volume); break;
        case Field::issue: ris_line_if(out, "IS", c.issue); break;
        case Field::start_page: ris_line_if(out, "SP", c.start_page); break;
        case Field::end_page: ris_line_if(out, "EP", c.end_page); break;
        case Field::issn: ris_line_if(out, "SN", c.issn); break;
        case Field::doi: ris_line_if(out, "DO", c.doi); break;
        case Field::abstract_text: ris_line_if(out, "AB", c.abstract_text); break;
        case Field::keywords:
            for (const auto& k : c.keywords) ris_line_if(out, "KW", k);
            break;
        case Field::urls:
            for (const auto& u : c.urls) ris_line_if(out, "UR", u);
            break;
        // EndNote's form is bare digits, but readers take bare digits in AN for
        // a PMID only at PubMed's lengths (other databases number there too).
        case Field::pmid:
            if (!c.pmid.empty())
                ris_line(out, "AN", c.pmid.size() >= 5 && c.pmid.size() <= 8 ? c.pmid : "PMID: " + c.pmid);
            break;
        case Field::pmcid: ris_line_if(out, "C2", c.pmcid); break;
        case Field::notes:
            for (const auto& n : c.notes) ris_line_if(out, "N1", n);
            break;
        case Field::ris_id: ris_line_if(out, "ID", c.ris_id); break;
        case Field::language: ris_line_if(out, "LA", c.language); break;
        case Field::publisher: ris_line_if(out, "PB", c.publisher); break;
    }
}

// Whether the original tags already give the typed value. A stored record is
// the richest copy of a citation with its empty fields filled from the other
// copies (merge_into), while `fields` are that copy's lines only: a typed value
// no original line accounts for came from another copy and must be written
// out, or the export would lose it. The tag lists are those the reader maps;
// a value counts as given when a line holds it. A title counts as given by
// any title line: the reader may build "Title: subtitle" from two of them.
bool given_by_fields(const Citation& c, Field f) {
    auto any_line = [&](std::initializer_list<std::string_view> tags, auto&& pred) {
        return std::any_of(c.fields.begin(), c.fields.end(), [&](const RisField& line) {
            bool tag_ok = tags.size() == 0 || std::find(tags.begin(), tags.end(), line.tag) != tags.end();
            return tag_ok && !line.value.empty() && pred(line.value);
        });
    };
    auto text = [&](std::initializer_list<std::string_view> tags, const std::string& v) {
        return v.empty() || any_line(tags, [&](const std::string& line) { return icontains(line, v); });
    };
    auto list = [&](std::initializer_list<std::string_view> tags, const std::vector<std::string>& vs) {
        return vs.empty() || std::any_of(vs.begin(), vs.end(), [&](const std::string& v) { return text(tags, v); });
    };
    switch (f) {
        case Field::title:
            return c.title.empty() || any_line({"TI", "T1", "CT"}, [](const std::string&) { return true; }) ||
                   text({"BT", "T2", "ST"}, c.title);
        case Field::authors: return list({"AU", "A1"}, c.authors);
        case Field::editors: return list({"A2", "A3", "A4", "ED"}, c.editors);
        case Field::year: {
            std::string y = std::to_string(c.year);
            return c.year == 0 ||
                   any_line({"PY", "Y1", "DA", "Y2"}, [&](const std::string& v) { return contains_number(v, y); });
        }
        case Field::journal: return text({"T2", "JF", "JO", "BT", "T3"}, c.journal);
        case Field::journal_abbrev: return text({"JA", "J1", "J2", "JO"}, c.journal_abbrev);
        case Field::volume: return text({"VL"}, c.volume);
        case Field::issue: return text({"IS", "CP"}, c.issue);
        case Field::start_page: return text({"SP"}, c.start_page);
        case Field::end_page: return text({"EP", "SP"}, c.end_page);
        case Field::issn: return text({"SN"}, c.issn);
        case Field::abstract_text: return text({"AB", "N2"}, c.abstract_text);
        case Field::keywords: return true;  // see keywords_from_lines()
        case Field::notes: return list({"N1"}, c.notes);
        case Field::ris_id: return text({"ID"}, c.ris_id);
        case Field::language: return text({"LA"}, c.language);
        case Field::publisher: return text({"PB"}, c.publisher);
        case Field::urls: return list({"UR", "L1", "L2", "L3", "L4"}, c.urls);
        // Identifiers: the tags the reader finds them in. Writing one again
        // when unsure is harmless (the reader takes the first it finds, which
        // is the same identifier), so these lists need not be complete.
        case Field::doi:
            return c.doi.empty() || any_line({"DO", "DI", "L3", "M3", "U2", "UR", "L1", "L2", "L4"},
                                             [&](const std::string& v) { return icontains(v, c.doi); });
        case Field::pmid:
            return c.pmid.empty() ||
                   any_line({"PMID", "AN", "M1", "U1", "U2", "U3", "U4", "U5", "C2", "UR", "L1", "L2", "L4"},
                            [&](const std::string& v) { return contains_number(v, c.pmid); });
        case Field::pmcid:
            return c.pmcid.empty() ||
                   any_line({"C1", "C2", "C3", "C4", "C5", "AN", "U1", "U2", "U3", "U4", "U5", "UR", "L1", "L2", "L4"},
                            [&](const std::string& v) { return icontains(v, c.pmcid); });
    }
    return true;
}

// Whether the KW lines, split the way the reader splits them (";" lists, a
// leading '*' dropped, duplicates once), give exactly the typed keywords.
// They do not when a KW line had continuation lines (one keyword per line,
// joined with spaces in `fields`) or when the keywords came from another copy.
bool keywords_from_lines(const Citation& c) {
    std::vector<std::string> got;
    for (const RisField& f : c.fields) {
        if (f.tag != "KW") continue;
        for (std::size_t at = 0; at <= f.value.size();) {
            std::size_t end = std::min(f.value.find(';', at), f.value.size());
            std::string k = trim(std::string_view(f.value).substr(at, end - at));
            while (!k.empty() && k.front() == '*') k = trim(std::string_view(k).substr(1));
            if (!k.empty() && std::find(got.begin(), got.end(), k) == got.end()) got.push_back(std::move(k));
            at = end + 1;
        }
    }
    return got == c.keywords;
}

void append_ris(const Citation& c, std::string& out) {
    std::string type = c.type.empty() ? "GEN" : c.type;
    if (needs_synthesis(c)) {
        ris_line(out, "TY", type);
        for (Field f : kAllFields) write_field(out, c, f);
    } else {
        bool first_is_ty = c.fields.front().tag == "TY";
        if (!first_is_ty) ris_line(out, "TY", type);
        // Typed keywords replace the KW lines (at the first one) when those would not give them back.
        bool keep_kw = keywords_from_lines(c);
        bool kw_written = false;
        for (std::size_t i = 0; i < c.fields.size(); ++i) {
            const RisField& f = c.fields[i];
            // A second TY or an ER would end the record early for any reader.
            if ((f.tag == "TY" && (i > 0 || !first_is_ty)) || f.tag == "ER") continue;
            if (f.tag == "KW" && !keep_kw) {
                if (!kw_written) write_field(out, c, Field::keywords);
                kw_written = true;
                continue;
            }
            ris_line(out, f.tag, f.value);
        }
        if (!keep_kw && !kw_written) write_field(out, c, Field::keywords);
        for (Field f : kAllFields)
            if (!given_by_fields(c, f)) write_field(out, c, f);
    }
    ris_line(out, "ER", "");
    out += '\n';
}

// ---------------------------------------------------------------- BibTeX

// Marks the braces of `s` that have a partner: BibTeX counts braces even when
// escaped, so only matched ones may be written as \{ \}.
std::vector<bool> matched_braces(std::string_view s) {
    std::vector<bool> matched(s.size(), false);
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '{') {
            open.push_back(i);
        } else if (s[i] == '}' && !open.empty()) {
            matched[open.back()] = matched[i] = true;
            open.pop_back();
        }
    }
    return matched;
}

// Escapes LaTeX specials; UTF-8 passes through (biblatex and modern BibTeX
// setups read it). The result always has balanced braces.
std::string bibtex_escape(std::string_view s) {
    std::vector<bool> matched = matched_braces(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        switch (c) {
            case '{': out += matched[i] ? "\\{" : "\\textbraceleft{}"; break;
            case '}': out += matched[i] ? "\\}" : "\\textbraceright{}"; break;
            case '\\': out += "\\textbackslash{}"; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '%':
            case '&':
            case '$':
            case '#':
            case '_':
                out += '\\';
                out += c;
                break;
            case '\r':
            case '\n': out += ' '; break;
            default: out += c;
        }
    }
    return out;
}

// url and doi are verbatim fields in biblatex (a backslash would be printed):
// only braces, which would break the entry, are percent-encoded.
std::string bibtex_verbatim(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '{')
            out += "%7B";
        else if (c == '}')
            out += "%7D";
        else if (c != '\r' && c != '\n')
            out += c;
    }
    return out;
}

std::string bibtex_name(const std::string& author) {
    SplitName n = split_name(author);
    // Braces keep a corporate or unsplittable name whole ("{World Health Organization}").
    if (!n.literal.empty()) return "{" + bibtex_escape(n.literal) + "}";
    return bibtex_escape(n.given.empty() ? n.family : n.family + ", " + n.given);
}

std::string bibtex_names(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& a : names) {
        if (!out.empty()) out += " and ";
        out += bibtex_name(a);
    }
    return out;
}

std::string letters_only(std::string_view folded, bool digits) {
    std::string out;
    for (char c : folded)
        if ((c >= 'a' && c <= 'z') || (digits && is_digit(c))) out += c;
    return out;
}

// familyYEARword ("jost2022synergizing"), suffixed with the 1-based position
// in the export so keys stay unique when two records share all three parts.
std::string bibtex_key(const Citation& c, std::size_t index) {
    std::string family;
    if (!c.authors.empty())
        if (std::vector<PersonName> names = parse_author(c.authors.front()); !names.empty())
            family = letters_only(names.front().family, false);
    if (family.empty()) family = "anon";

    std::string word;
    std::string folded = fold(c.title);
    for (std::size_t at = 0; at < folded.size() && word.empty();) {
        std::size_t end = folded.find(' ', at);
        if (end == std::string::npos) end = folded.size();
        std::string w = letters_only(std::string_view(folded).substr(at, end - at), true);
        if (w != "a" && w != "an" && w != "the") word = std::move(w);
        at = end + 1;
    }
    return family + (c.year != 0 ? std::to_string(c.year) : "") + word + "_" + std::to_string(index + 1);
}

std::string_view bibtex_entry_type(Kind k) {
    switch (k) {
        case Kind::article:
        case Kind::magazine:
        case Kind::newspaper: return "article";
        case Kind::book: return "book";
        case Kind::chapter: return "incollection";
        case Kind::conference: return "inproceedings";
        case Kind::thesis: return "phdthesis";
        case Kind::report: return "techreport";
        default: return "misc";
    }
}

void bibtex_field(std::string& out, std::string_view name, const std::string& braced_value) {
    if (braced_value.empty()) return;
    out += "  ";
    out += name;
    out += " = {";
    out += braced_value;
    out += "},\n";
}

void append_bibtex(const StoredRecord& r, std::size_t index, std::string& out) {
    static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                              "jul", "aug", "sep", "oct", "nov", "dec"};
    const Citation& c = r.citation;
    Kind kind = kind_of(c.type);
    out += '@';
    out += bibtex_entry_type(kind);
    out += '{';
    out += bibtex_key(c, index);
    out += ",\n";
    bibtex_field(out, "title", bibtex_escape(c.title));
    bibtex_field(out, "author", bibtex_names(c.authors));
    bibtex_field(out, "editor", bibtex_names(c.editors));
    bool in_book = kind == Kind::chapter || kind == Kind::conference;
    bibtex_field(out, in_book ? "booktitle" : "journal", bibtex_escape(c.journal));
    if (c.year != 0) bibtex_field(out, "year", std::to_string(c.year));
    if (c.month >= 1 && c.month <= 12) {
        out += "  month = ";  // the standard macro, understood by every style
        out += kMonths[static_cast<std::size_t>(c.month - 1)];
        out += ",\n";
    }
    bibtex_field(out, "volume", bibtex_escape(c.volume));
    bibtex_field(out, "number", bibtex_escape(c.issue));
    bibtex_field(out, "pages", bibtex_escape(page_range(c, "--")));
    std::string_view publisher = kind == Kind::thesis ? "school" : kind == Kind::report ? "institution" : "publisher";
    bibtex_field(out, publisher, bibtex_escape(c.publisher));
    bibtex_field(out, "issn", bibtex_escape(c.issn));
    bibtex_field(out, "doi", bibtex_verbatim(c.doi));
    bibtex_field(out, "pmid", bibtex_escape(c.pmid));
    if (!c.urls.empty()) bibtex_field(out, "url", bibtex_verbatim(c.urls.front()));
    bibtex_field(out, "keywords", bibtex_escape(join(c.keywords, ", ")));
    bibtex_field(out, "language", bibtex_escape(c.language));
    bibtex_field(out, "abstract", bibtex_escape(c.abstract_text));
    out += "}\n\n";
}

// ---------------------------------------------------------------- CSL-JSON

std::string_view csl_type(Kind k) {
    switch (k) {
        case Kind::article: return "article-journal";
        case Kind::magazine: return "article-magazine";
        case Kind::newspaper: return "article-newspaper";
        case Kind::book: return "book";
        case Kind::chapter: return "chapter";
        case Kind::conference: return "paper-conference";
        case Kind::thesis: return "thesis";
        case Kind::report: return "report";
        case Kind::dataset: return "dataset";
        case Kind::webpage: return "webpage";
        case Kind::other: return "document";
    }
    return "document";
}

using OrderedJson = nlohmann::ordered_json;

OrderedJson csl_names(const std::vector<std::string>& names) {
    OrderedJson out = OrderedJson::array();
    for (const std::string& a : names) {
        SplitName n = split_name(a);
        if (!n.literal.empty()) {
            out.push_back({{"literal", n.literal}});
        } else {
            OrderedJson name{{"family", n.family}};
            if (!n.given.empty()) name["given"] = n.given;
            out.push_back(std::move(name));
        }
    }
    return out;
}

OrderedJson csl_item(const StoredRecord& r) {
    const Citation& c = r.citation;
    OrderedJson j;
    auto put = [&j](const char* name, const std::string& v) {
        if (!v.empty()) j[name] = v;
    };
    j["id"] = r.id;
    j["type"] = csl_type(kind_of(c.type));
    put("title", c.title);
    if (!c.authors.empty()) j["author"] = csl_names(c.authors);
    if (!c.editors.empty()) j["editor"] = csl_names(c.editors);
    put("container-title", c.journal);
    put("container-title-short", c.journal_abbrev);
    if (c.year != 0) {
        OrderedJson parts = OrderedJson::array({c.year});
        if (c.month != 0) {
            parts.push_back(c.month);
            if (c.day != 0) parts.push_back(c.day);
        }
        j["issued"] = {{"date-parts", OrderedJson::array({parts})}};
    }
    put("volume", c.volume);
    put("issue", c.issue);
    put("page", page_range(c, "-"));
    put("DOI", c.doi);
    put("PMID", c.pmid);
    put("PMCID", c.pmcid);
    put("ISSN", c.issn);
    if (!c.urls.empty()) j["URL"] = c.urls.front();
    put("abstract", c.abstract_text);
    put("keyword", join(c.keywords, ", "));
    put("language", c.language);
    put("publisher", c.publisher);
    return j;
}

// ---------------------------------------------------------------- CSV

constexpr std::array<std::string_view, 15> kCsvColumns{"id",     "title",    "authors",  "journal", "year",
                                                       "volume", "issue",    "pages",    "doi",     "pmid",
                                                       "type",   "keywords", "abstract", "url",     "sources"};

// RFC 4180 quoting, after the OWASP guard against formula injection: a cell
// starting with = + - @ TAB or CR is taken for a formula by spreadsheets, so
// it gets a leading apostrophe.
void csv_cell(std::string& out, std::string_view value) {
    std::string cell;
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) cell += '\'';
    cell += value;
    bool quote = cell.find_first_of(",\"\r\n") != std::string::npos;
    if (!quote) {
        out += cell;
        return;
    }
    out += '"';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void csv_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += ',';
        csv_cell(out, cells[i]);
    }
    out += "\r\n";
}

void append_csv(const StoredRecord& r, std::string& out) {
    const Citation& c = r.citation;
    std::vector<std::string> files;
    for (const Provenance& p : r.sources) files.push_back(p.file);
    csv_row(out, {r.id, c.title, join(c.authors, "; "), c.journal, c.year != 0 ? std::to_string(c.year) : "", c.volume,
                  c.issue, page_range(c, "-"), c.doi, c.pmid, c.type, join(c.keywords, "; "), c.abstract_text,
                  join(c.urls, "; "), join(files, "; ")});
}

}  // namespace

std::optional<ExportFormat> parse_export_format(std::string_view name) {
    if (iequals(name, "ris")) return ExportFormat::ris;
    if (iequals(name, "bibtex")) return ExportFormat::bibtex;
    if (iequals(name, "csljson")) return ExportFormat::csljson;
    if (iequals(name, "csv")) return ExportFormat::csv;
    return std::nullopt;
}

std::string_view content_type(ExportFormat f) {
    switch (f) {
        case ExportFormat::ris: return "application/x-research-info-systems; charset=utf-8";
        case ExportFormat::bibtex: return "application/x-bibtex; charset=utf-8";
        case ExportFormat::csljson: return "application/vnd.citationstyles.csl+json; charset=utf-8";
        case ExportFormat::csv: return "text/csv; charset=utf-8";
    }
    return "application/octet-stream";
}

std::string_view file_extension(ExportFormat f) {
    switch (f) {
        case ExportFormat::ris: return "ris";
        case ExportFormat::bibtex: return "bib";
        case ExportFormat::csljson: return "json";
        case ExportFormat::csv: return "csv";
    }
    return "txt";
}

void begin_export(ExportFormat f, std::string& out) {
    if (f == ExportFormat::csljson) {
        out += '[';
    } else if (f == ExportFormat::csv) {
        std::vector<std::string> header(kCsvColumns.begin(), kCsvColumns.end());
        csv_row(out, header);
    }
}

void append_record(ExportFormat f, const StoredRecord& r, std::size_t index, std::string& out) {
    switch (f) {
        case ExportFormat::ris: append_ris(r.citation, out); break;
        case ExportFormat::bibtex: append_bibtex(r, index, out); break;
        case ExportFormat::csljson:
            if (index > 0) out += ',';
            // Invalid UTF-8 (a corrupt source byte) becomes U+FFFD rather than an exception mid-stream.
            out += csl_item(r).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
            break;
        case ExportFormat::csv: append_csv(r, out); break;
    }
}

void end_export(ExportFormat f, std::string& out) {
    if (f == ExportFormat::csljson) out += "]\n";
}

}  // namespace citesearch
