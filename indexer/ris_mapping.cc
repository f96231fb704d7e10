// Internal to the RIS reader: mapping a record's tags onto Citation (titles,
// journals, authors, keywords, abstracts, identifiers, dates, pages), for RIS
// and for MEDLINE. The mapping rules are documented, tag by tag, in
// docs/ris-fields.md; keep the two in step.

#include "ris_mapping.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "ris_reader.h"
#include "ris_text.h"
#include "ris_values.h"

namespace citesearch::ris_internal {

// ---------------------------------------------------------------------------
// Mapping helpers shared by the two formats.

namespace {

std::string_view first_value(const Fields& fields, std::string_view tag) {
    for (const RisField& f : fields)
        if (f.tag == tag && !f.value.empty()) return f.value;
    return {};
}

void push_unique(std::vector<std::string>& list, std::string_view value) {
    value = trim(value);
    if (value.empty()) return;
    if (std::find(list.begin(), list.end(), value) == list.end()) list.emplace_back(value);
}

// Keywords: ";"-separated lists are split (and, for RIS, continuation lines,
// marked '\n' here, are separate keywords: Rayyan writes one per line). The
// leading '*' PsycINFO and MeSH use to mark major topics is dropped.
void add_keywords(std::vector<std::string>& out, std::string_view value) {
    std::size_t pos = 0;
    while (pos <= value.size()) {
        std::size_t end = value.find_first_of(";\n", pos);
        if (end == std::string_view::npos) end = value.size();
        std::string_view k = trim(value.substr(pos, end - pos));
        while (!k.empty() && k.front() == '*') k = trim(k.substr(1));
        push_unique(out, k);
        pos = end + 1;
    }
}

void add_urls(std::vector<std::string>& out, std::string_view value) {
    std::size_t pos = 0;
    while (pos < value.size()) {
        std::size_t end = value.find_first_of(" \t;\n", pos);
        if (end == std::string_view::npos) end = value.size();
        std::string_view u = value.substr(pos, end - pos);
        // Only things that are URLs: Ovid and others put prose next to them.
        if (u.find("://") != std::string_view::npos || istarts_with(u, "www.")) push_unique(out, u);
        pos = end + 1;
    }
}

bool is_absent_abstract(std::string_view v) {
    v = trim(v);
    while (!v.empty() && (v.front() == '[' || v.front() == '(')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ']' || v.back() == ')' || v.back() == '.')) v.remove_suffix(1);
    return v.empty() || iequals(v, "NA") || iequals(v, "N/A") || iequals(v, "No abstract available") ||
           iequals(v, "No abstract");
}

void add_abstract(std::string& abstract_text, std::string_view value) {
    if (is_absent_abstract(value)) return;
    if (abstract_text == value) return;  // Scopus repeats AB in N2, some exports repeat AB
    if (!abstract_text.empty()) abstract_text += ' ';
    abstract_text += value;
}

// Journal names compared for equality: case, punctuation, a leading "The"
// and "&" versus "and" do not count.
std::string name_key(std::string_view s) {
    s = trim(s);
    if (istarts_with(s, "the ")) s.remove_prefix(4);
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) out += lower(c);
        else if (c == '&') out += "and";
    }
    return out;
}

bool same_name(std::string_view a, std::string_view b) {
    return !a.empty() && !b.empty() && name_key(a) == name_key(b);
}

// "J. Chem. Phys.", "J.Neurosurg.", "Ann. Surg": short letter runs closed by
// a dot, two of them, or one that is not at the very end.
bool looks_abbreviated(std::string_view name) {
    int dotted = 0;
    bool inner = false;
    std::size_t run = 0;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (is_alpha(c)) {
            ++run;
            continue;
        }
        if (c == '.' && run >= 1 && run <= 6) {
            ++dotted;
            if (i + 1 < name.size()) inner = true;
        }
        run = 0;
    }
    return dotted >= 2 || inner;
}

bool is_journal_type(std::string_view type) {
    for (std::string_view t : {"JOUR", "JFULL", "EJOUR", "MGZN", "NEWS"})
        if (type == t) return true;
    return false;
}

bool is_book_type(std::string_view type) {
    for (std::string_view t : {"BOOK", "EBOOK", "EDBOOK", "CLSWK"})
        if (type == t) return true;
    return false;
}

// Year/month/day from the first tag (in `tags` priority order) whose value
// parses; a later date with the same year may still supply month and day
// (PY is often just "2022" while DA holds "2022/09/14").
void map_date(const Fields& fields, std::initializer_list<std::string_view> tags, Citation& c) {
    for (std::string_view tag : tags) {
        for (const RisField& f : fields) {
            if (f.tag != tag || c.year != 0) continue;
            int y, m, d;
            if (parse_date(f.value, y, m, d)) {
                c.year = y;
                c.month = m;
                c.day = d;
            }
        }
    }
    if (c.year == 0 || c.month != 0) return;
    for (const RisField& f : fields) {
        if (std::find(tags.begin(), tags.end(), f.tag) == tags.end()) continue;
        int y, m, d;
        if (parse_date(f.value, y, m, d) && y == c.year && m != 0) {
            c.month = m;
            c.day = d;
            return;
        }
    }
}

}  // namespace

// ---------------------------------------------------------------------------
// RIS record -> Citation.

Citation map_ris(Fields raw) {
    Citation c;
    // A KW value continued over several lines is one keyword per line
    // (Rayyan, Lens, EndNote): keep them as separate KW fields too, so the
    // original tags say what the keywords are and export them back alike.
    Fields fields;
    fields.reserve(raw.size());
    for (RisField& f : raw) {
        if (f.tag == "KW") {
            add_keywords(c.keywords, f.value);
            if (f.value.find('\n') != std::string::npos) {
                std::size_t pos = 0;
                while (pos <= f.value.size()) {
                    std::size_t end = f.value.find('\n', pos);
                    if (end == std::string::npos) end = f.value.size();
                    std::string_view line = trim(std::string_view(f.value).substr(pos, end - pos));
                    if (!line.empty()) fields.push_back({"KW", std::string(line)});
                    pos = end + 1;
                }
                continue;
            }
        }
        std::replace(f.value.begin(), f.value.end(), '\n', ' ');
        fields.push_back(std::move(f));
    }

    for (const RisField& f : fields) {
        if (f.tag == "TY") {
            if (c.type.empty()) c.type = upper_copy(f.value);
            continue;
        }
        if (f.value.empty()) continue;
        const std::string& t = f.tag;
        const std::string& v = f.value;
        if (t == "AU" || t == "A1") c.authors.push_back(v);
        else if (t == "A2" || t == "A3" || t == "A4" || t == "ED") c.editors.push_back(v);
        else if (t == "AB") add_abstract(c.abstract_text, v);
        else if (t == "UR" || t == "L1" || t == "L2" || t == "L3" || t == "L4") add_urls(c.urls, v);
        else if (t == "N1") c.notes.push_back(v);
    }
    if (c.abstract_text.empty())
        for (const RisField& f : fields)
            if (f.tag == "N2") add_abstract(c.abstract_text, f.value);

    // Titles. TI/T1 in file order; CT; BT for whole books; ST (Google
    // Scholar exports leave TI empty and fill ST) as the last resort.
    for (const RisField& f : fields) {
        if ((f.tag == "TI" || f.tag == "T1") && !f.value.empty()) {
            c.title = f.value;
            break;
        }
    }
    std::string_view bt = first_value(fields, "BT");
    bool bt_is_title = false;
    if (c.title.empty()) c.title = first_value(fields, "CT");
    if (c.title.empty() && !bt.empty() && is_book_type(c.type)) {
        c.title = bt;
        bt_is_title = true;
    }
    if (c.title.empty()) c.title = first_value(fields, "ST");

    // Secondary title. See docs/ris-fields.md for why T2 can be a subtitle.
    std::string_view jf = first_value(fields, "JF"), jo = first_value(fields, "JO"),
                     t2 = first_value(fields, "T2"), ja = first_value(fields, "JA"),
                     j1 = first_value(fields, "J1"), j2 = first_value(fields, "J2");
    bool jo_abbrev = false;
    if (!jo.empty()) {
        bool matches_abbrev = same_name(jo, ja) || same_name(jo, j1) || same_name(jo, j2);
        std::string_view other_full = !jf.empty() ? jf : t2;
        jo_abbrev = looks_abbreviated(jo) || (matches_abbrev && !other_full.empty() && !same_name(jo, other_full));
    }
    bool has_journal_name = !jf.empty() || (!jo.empty() && !jo_abbrev);
    // A title that already ends a sentence, or is a bracketed translation
    // ("[Hallucinogenic mushrooms]."), is complete: Ovid puts the
    // original-language title in T2 then, not a subtitle.
    bool title_complete = !c.title.empty() && (c.title.front() == '[' || c.title.back() == '.' || c.title.back() == '?' ||
                                               c.title.back() == '!' || c.title.back() == ']');
    bool t2_is_subtitle = !t2.empty() && has_journal_name && is_journal_type(c.type) && !title_complete &&
                          !same_name(t2, jf) && !same_name(t2, jo) && !same_name(t2, ja) && !same_name(t2, j1) &&
                          !same_name(t2, j2);
    if (t2_is_subtitle) {
        if (c.title.empty()) c.title = t2;
        else if (c.title.back() == ':') c.title.append(" ").append(t2);
        else c.title.append(": ").append(t2);
    }
    if (!jf.empty()) c.journal = jf;
    else if (!t2.empty() && !t2_is_subtitle) c.journal = t2;
    else if (!jo.empty() && !jo_abbrev) c.journal = jo;
    else if (!bt.empty() && !bt_is_title) c.journal = bt;
    if (!ja.empty()) c.journal_abbrev = ja;
    else if (!j2.empty()) c.journal_abbrev = j2;
    else if (!j1.empty()) c.journal_abbrev = j1;
    else if (jo_abbrev) c.journal_abbrev = jo;

    map_date(fields, {"PY", "Y1", "DA", "Y2"}, c);

    // DOI: DO first; then tags that hold a bare DOI (EndNote L3, M3, U2, DI);
    // then doi.org / "doi:" inside URLs; N1 only when the whole note is a DOI
    // (a note's DOI is as likely to be a commented-on paper's).
    for (const RisField& f : fields)
        if (c.doi.empty() && f.tag == "DO") c.doi = normalise_doi(f.value);
    for (const RisField& f : fields)
        if (c.doi.empty() && (f.tag == "DI" || f.tag == "L3" || f.tag == "M3" || f.tag == "U2")) {
            c.doi = normalise_doi(f.value);
            if (c.doi.empty()) c.doi = find_doi(f.value);
        }
    for (const RisField& f : fields)
        if (c.doi.empty() && (f.tag == "UR" || f.tag == "L1" || f.tag == "L2" || f.tag == "L4"))
            c.doi = find_doi(f.value);
    for (const RisField& f : fields)
        if (c.doi.empty() && f.tag == "N1") c.doi = normalise_doi(f.value);

    // PMID, most to least trustworthy. AN holds a PMID in EndNote/Scopus
    // exports of PubMed records, but other databases put their own accession
    // numbers there (EBSCO: 9 digits, ProQuest: 10, Scopus: "SCOPUS:..."), so
    // bare digits count only up to 8 digits, PubMed's current length.
    std::string c2_digits;
    for (const RisField& f : fields) {
        if (!c.pmid.empty()) break;
        std::string_view v = f.value;
        if (f.tag == "PMID") {
            std::string_view d = strip_pubmed_label(v);
            d = d.substr(0, d.find_first_of(" \t"));
            if (all_digits(d)) c.pmid = d;
        } else if (f.tag == "AN") {
            if (all_digits(v) && v.size() >= 5 && v.size() <= 8) c.pmid = v;
            else c.pmid = labelled_pmid(v);
        } else if (f.tag == "M1" || f.tag == "U1" || f.tag == "U2" || f.tag == "U3" || f.tag == "U4" || f.tag == "U5") {
            c.pmid = labelled_pmid(v);
        }
    }
    for (const RisField& f : fields) {
        if (!c.pmid.empty()) break;
        if (f.tag == "UR" || f.tag == "L1" || f.tag == "L2" || f.tag == "L4") c.pmid = pmid_in_url(f.value);
    }
    for (const RisField& f : fields) {
        if (!c.pmid.empty()) break;
        if (f.tag != "C2") continue;
        std::string_view v = trim(f.value);
        if (all_digits(v) && v.size() >= 5 && v.size() <= 9) c.pmid = v;
        else c.pmid = labelled_pmid(v);
    }
    for (const RisField& f : fields) {
        if (!c.pmcid.empty()) break;
        if (f.tag == "C2" || f.tag == "AN" || f.tag == "U1" || f.tag == "U2" || f.tag == "U3" || f.tag == "U4" ||
            f.tag == "U5" || f.tag == "C1" || f.tag == "C3" || f.tag == "C4" || f.tag == "C5")
            c.pmcid = pmcid_in(f.value);
        else if (f.tag == "UR" || f.tag == "L1" || f.tag == "L2" || f.tag == "L4") {
            std::string d = digits_after(f.value, "/pmc/articles/PMC");
            if (!d.empty()) c.pmcid = "PMC" + d;
        }
    }

    c.issn = first_value(fields, "SN");
    c.volume = first_value(fields, "VL");
    c.issue = first_value(fields, "IS");
    c.end_page = first_value(fields, "EP");
    split_pages(first_value(fields, "SP"), c.start_page, c.end_page);
    expand_end_page(c.start_page, c.end_page);
    c.ris_id = first_value(fields, "ID");
    c.language = first_value(fields, "LA");
    c.publisher = first_value(fields, "PB");
    c.fields = std::move(fields);
    return c;
}

// ---------------------------------------------------------------------------
// MEDLINE record -> Citation.

Citation map_medline(Fields fields) {
    Citation c;
    for (RisField& f : fields) std::replace(f.value.begin(), f.value.end(), '\n', ' ');

    std::vector<std::string> full_authors, short_authors, full_editors, short_editors;
    bool book = false, thesis = false;
    for (const RisField& f : fields) {
        const std::string& t = f.tag;
        std::string_view v = f.value;
        if (v.empty()) continue;
        if (t == "FAU") full_authors.emplace_back(v);
        else if (t == "AU") short_authors.emplace_back(v);
        else if (t == "CN") {  // a group author, in both lists
            full_authors.emplace_back(v);
            short_authors.emplace_back(v);
        }
        else if (t == "FED") full_editors.emplace_back(v);
        else if (t == "ED") short_editors.emplace_back(v);
        else if (t == "AB") add_abstract(c.abstract_text, v);
        else if (t == "OT") add_keywords(c.keywords, v);
        else if (t == "MH") {  // "Acne Vulgaris/*drug therapy": '*' marks a major topic
            std::string heading(v);
            std::erase(heading, '*');
            add_keywords(c.keywords, heading);
        }
        else if (t == "GN") c.notes.emplace_back(v);
        else if (t == "BTI") book = true;
        else if (t == "PT" && (ifind(v, "Dissertation") != std::string_view::npos || ifind(v, "Thes") != std::string_view::npos))
            thesis = true;
        else if (t == "LID" || t == "AID") {
            // "10.4103/abr.abr_99_17 [doi]", "ABR-7-53 [pii]"; ERIC leaves the kind out.
            std::size_t bracket = v.rfind('[');
            std::string_view kind = bracket == std::string_view::npos ? std::string_view{} : trim(v.substr(bracket));
            std::string_view body = trim(v.substr(0, bracket));
            if (iequals(kind, "[doi]")) {
                if (c.doi.empty()) c.doi = normalise_doi(body);
            } else if (kind.empty()) {
                std::string doi = normalise_doi(body);
                if (doi.empty()) add_urls(c.urls, body);  // "http://eric.ed.gov/?id=EJ1131633"
                else if (c.doi.empty()) c.doi = std::move(doi);
            }
        }
    }
    c.authors = !full_authors.empty() ? std::move(full_authors) : std::move(short_authors);
    c.editors = !full_editors.empty() ? std::move(full_editors) : std::move(short_editors);

    c.title = first_value(fields, "TI");
    std::string_view bti = first_value(fields, "BTI");
    if (c.title.empty()) c.title = bti;
    // PubMed is journals, apart from its NCBI Bookshelf records (BTI).
    if (book) c.type = first_value(fields, "TI").empty() ? "BOOK" : "CHAP";
    else c.type = thesis ? "THES" : "JOUR";
    c.journal = first_value(fields, "JT");
    if (c.journal.empty() && c.type == "CHAP") c.journal = bti;
    c.journal_abbrev = first_value(fields, "TA");

    map_date(fields, {"DP", "DEP"}, c);

    std::string_view pmid = first_value(fields, "PMID");
    if (all_digits(pmid)) c.pmid = pmid;
    c.pmcid = pmcid_in(first_value(fields, "PMC"));

    // "2277-9175 (Print)" -> "2277-9175"; ERIC writes "ISSN - ISSN-1234-4567".
    std::string_view issn = first_value(fields, "IS");
    if (issn.empty()) {
        issn = first_value(fields, "ISSN");
        if (istarts_with(issn, "ISSN-")) issn.remove_prefix(5);
    }
    c.issn = issn.substr(0, issn.find(' '));

    c.volume = first_value(fields, "VI");
    c.issue = first_value(fields, "IP");
    split_pages(first_value(fields, "PG"), c.start_page, c.end_page);
    expand_end_page(c.start_page, c.end_page);
    c.language = first_value(fields, "LA");
    c.publisher = first_value(fields, "PB");
    c.fields = std::move(fields);
    return c;
}

}  // namespace citesearch::ris_internal
