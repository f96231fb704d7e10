#include "ris_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

// Layout of this file: text helpers, encoding, the line source, format
// sniffing, tag recognition, identifier/date parsing, the two record mappers
// (RIS, MEDLINE), then the reader's state machine. The mapping rules are
// documented, tag by tag, in docs/ris-fields.md; keep the two in step.

namespace citesearch {
namespace {

constexpr std::size_t kBufferBytes = 256 * 1024;   // one read() per this many bytes
constexpr std::size_t kSniffBytes = 64 * 1024;     // how far we look for the first record
constexpr std::size_t kSniffLines = 200;           // ... or this many non-blank lines
constexpr std::size_t kProbeBytes = 4 * 1024;      // where control-byte density is measured
constexpr std::size_t kBinaryControlBytes = 16;    // that many C0 bytes in the probe = binary

using Fields = std::vector<RisField>;

// ---------------------------------------------------------------------------
// ASCII helpers. Tags, identifiers and dates are ASCII; values are compared
// with these only where ASCII case folding is what we want.

bool is_blank_char(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
    return s;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(s[i]) != lower(prefix[i])) return false;
    return true;
}

bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && istarts_with(a, b); }

std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0) {
    if (needle.size() > s.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= s.size(); ++i)
        if (istarts_with(s.substr(i), needle)) return i;
    return std::string_view::npos;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::string upper_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = upper(c);
    return out;
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A BOM is stripped at the start of every line, not only the first: files
// concatenated with `cat` carry one at the start of each original file.
std::string_view strip_bom(std::string_view s) {
    if (s.starts_with(kBom)) s.remove_prefix(kBom.size());
    return s;
}

// ---------------------------------------------------------------------------
// Encoding. Each line is checked on its own: exports are UTF-8 nearly always,
// but a file assembled from several sources can mix in Windows-1252 lines.

// Length of the well-formed UTF-8 sequence starting at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;  // overlong
        if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Windows-1252 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

bool is_control(unsigned char c) { return c < 0x20 && c != '\t'; }

enum class TextCheck { utf8, recoded, bad };

struct BadByte {
    unsigned char byte = 0;
    std::size_t column = 0;  // 1-based
};

// Leaves a UTF-8 line alone, recodes a Windows-1252 line to UTF-8 in place
// (through `scratch`, so no allocation once warmed up), and reports `bad` for
// a byte that is text in neither encoding.
TextCheck check_text(std::string& line, std::string& scratch, BadByte& bad) {
    std::size_t i = 0;
    bool utf8 = true;
    while (i < line.size()) {
        auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x80) {
            if (is_control(c)) {
                bad = {c, i + 1};
                return TextCheck::bad;
            }
            ++i;
            continue;
        }
        std::size_t n = utf8_sequence(line, i);
        if (n == 0) {
            utf8 = false;
            break;
        }
        i += n;
    }
    if (utf8) return TextCheck::utf8;
    scratch.clear();
    for (std::size_t k = 0; k < line.size(); ++k) {
        auto c = static_cast<unsigned char>(line[k]);
        if (c < 0x80) {
            if (is_control(c)) {
                bad = {c, k + 1};
                return TextCheck::bad;
            }
            scratch += static_cast<char>(c);
        } else if (c < 0xA0) {
            char16_t cp = kCp1252High[c - 0x80];
            if (cp == 0) {
                bad = {c, k + 1};
                return TextCheck::bad;
            }
            append_utf8(scratch, cp);
        } else {
            append_utf8(scratch, c);  // Latin-1 = the first 256 code points
        }
    }
    line.swap(scratch);
    return TextCheck::recoded;
}

std::string hex_byte(unsigned char b) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("0x") + kHex[b >> 4] + kHex[b & 15];
}

// ---------------------------------------------------------------------------
// Lines from a file through a fixed buffer. A line ends at LF, CR or CRLF. At
// most kMaxLineBytes of a line are kept; the full length is still reported so
// an overlong line can be named without being held in memory.

class LineSource {
public:
    explicit LineSource(std::ifstream& in) : in_(in), buf_(kBufferBytes) {}

    // Reads the first buffer-full; used to sniff the format before parsing.
    std::string_view head() {
        if (end_ == 0 && !eof_) fill();
        return {buf_.data(), end_};
    }
    bool whole_file_in_head() { return eof_; }

    bool next(std::string& line, std::size_t& length) {
        line.clear();
        length = 0;
        bool got_line = false;
        for (;;) {
            if (pos_ == end_ && !fill()) return got_line;
            if (pending_cr_) {
                pending_cr_ = false;
                if (buf_[pos_] == '\n') {
                    ++pos_;
                    ++consumed_;
                    continue;
                }
            }
            got_line = true;
            const char* p = buf_.data() + pos_;
            std::size_t avail = end_ - pos_;
            // The next LF is remembered: a file with lone CR line ends has
            // none, and looking for it again on every line would be quadratic.
            if (!lf_known_ || next_lf_ < pos_) {
                const void* lf = std::memchr(p, '\n', avail);
                next_lf_ = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - buf_.data()) : end_;
                lf_known_ = true;
            }
            std::size_t n = next_lf_ - pos_;
            if (const void* cr = std::memchr(p, '\r', n)) n = static_cast<std::size_t>(static_cast<const char*>(cr) - p);
            if (line.size() < kMaxLineBytes) line.append(p, std::min(n, kMaxLineBytes - line.size()));
            length += n;
            if (n == avail) {  // the line goes on in the next buffer
                pos_ = end_;
                consumed_ += n;
                continue;
            }
            if (p[n] == '\r') pending_cr_ = true;
            pos_ += n + 1;
            consumed_ += n + 1;
            return true;
        }
    }

    std::size_t consumed() const { return consumed_; }

private:
    bool fill() {
        if (eof_) return false;
        in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        end_ = static_cast<std::size_t>(in_.gcount());
        pos_ = 0;
        lf_known_ = false;
        if (end_ < buf_.size()) eof_ = true;
        return end_ > 0;
    }

    std::ifstream& in_;
    std::vector<char> buf_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    std::size_t consumed_ = 0;
    bool eof_ = false;
    bool pending_cr_ = false;  // a CR ended the last line; skip the LF of a CRLF
    std::size_t next_lf_ = 0;  // index of the next LF in buf_ at or after pos_, or end_
    bool lf_known_ = false;    // next_lf_ is valid for the current buffer
};

// ---------------------------------------------------------------------------
// Tag recognition.

struct Tagged {
    std::string_view tag;
    std::string_view value;
};

// "XX  - value". Exports disagree on spacing, so one to three spaces or tabs
// are accepted before the dash, but only for upper-case tags: a lower-case
// two-letter word followed by " - " is far more likely to be prose in a
// continuation line than a tag. After the dash: end of line or a blank.
// PsycINFO writes one four-letter tag into RIS ("PMID  - 123"); it is the
// only longer tag accepted.
std::optional<Tagged> parse_ris_tag(std::string_view line) {
    if (trim(line) == "ER") return Tagged{std::string_view("ER"), {}};  // "ER" without a dash still ends a record
    std::size_t tag_len = 2;
    if (line.starts_with("PMID") && line.size() > 4 && is_blank_char(line[4])) tag_len = 4;
    if (line.size() < tag_len + 2) return std::nullopt;
    if (!is_alpha(line[0]) || !is_alnum(line[1])) return std::nullopt;
    std::size_t i = tag_len;
    while (i < line.size() && i < tag_len + 3 && is_blank_char(line[i])) ++i;
    std::size_t gap = i - tag_len;
    if (gap == 0 || i >= line.size() || line[i] != '-') return std::nullopt;
    ++i;
    if (i < line.size() && !is_blank_char(line[i])) return std::nullopt;
    bool canonical = gap == 2 && line[tag_len] == ' ' && line[tag_len + 1] == ' ';
    bool upper_tag = is_upper(line[0]) && (is_upper(line[1]) || is_digit(line[1]));
    if (!canonical && !upper_tag) return std::nullopt;
    return Tagged{line.substr(0, tag_len), trim(line.substr(i))};
}

// MEDLINE: an upper-case tag of 2-4 characters padded with spaces so that the
// dash is in column 5 ("PMID- ", "FAU - ", "TI  - "). The padding rule is what
// tells "AB  - text" from a wrapped line that happens to contain " - ".
std::optional<Tagged> parse_medline_tag(std::string_view line) {
    if (line.size() < 5 || !is_upper(line[0])) return std::nullopt;
    std::size_t n = 1;
    while (n < 4 && (is_upper(line[n]) || is_digit(line[n]))) ++n;
    if (n < 2) return std::nullopt;
    // ERIC pads its four-letter tags one space too far ("ISSN - "): the dash
    // may also be in column 6.
    std::size_t dash = n;
    while (dash < line.size() && dash < 5 && line[dash] == ' ') ++dash;
    if (dash < 4 || dash >= line.size() || line[dash] != '-') return std::nullopt;
    if (line.size() > dash + 1 && !is_blank_char(line[dash + 1])) return std::nullopt;
    return Tagged{line.substr(0, n), trim(line.substr(dash + 1))};
}

bool is_ris_start(std::string_view line) {
    auto t = parse_ris_tag(line);
    return t && t->tag.size() == 2 && upper(t->tag[0]) == 'T' && upper(t->tag[1]) == 'Y';
}

bool is_medline_start(std::string_view line) {
    if (line.starts_with("PMID-") || line.starts_with("PMID -")) return true;
    // ERIC's .nbib has no PMID; its records open with "OWN - ERIC". Any tag
    // longer than two characters in the MEDLINE layout is telling enough.
    auto t = parse_medline_tag(line);
    return t && t->tag.size() >= 3;
}

// ---------------------------------------------------------------------------
// Format sniffing, shared by detect_format() and the reader.

struct Sniff {
    FileFormat format = FileFormat::unknown;
    bool decided = false;  // false: the head was too short to tell, read more
    bool empty = false;    // nothing but blank lines (or nothing at all)
    std::string message;   // why the file is rejected
};

Sniff sniff_magic(std::string_view head) {
    Sniff s;
    s.decided = true;
    s.format = FileFormat::binary;
    if (head.starts_with("%PDF")) s.message = "this is a PDF document, not a RIS or MEDLINE export";
    else if (head.starts_with("PK\x03\x04")) s.message = "this is a ZIP archive (or a .docx/.xlsx file), not a RIS or MEDLINE export";
    else if (head.starts_with("\x1F\x8B")) s.message = "this file is gzip-compressed; decompress it first";
    else if (head.starts_with("\xD0\xCF\x11\xE0")) s.message = "this is a Microsoft Office document, not a RIS or MEDLINE export";
    else if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF") ||
             (head.size() >= 4 && (head[1] == '\0' || head[0] == '\0') && (head[3] == '\0' || head[2] == '\0')))
        s.message = "this is UTF-16 text; save the export as UTF-8";
    else s.decided = false;
    if (!s.decided) s.format = FileFormat::unknown;
    return s;
}

std::string_view looks_like(std::string_view first_line) {
    std::string_view t = trim(first_line);
    if (t.starts_with("<")) return " (it looks like XML or HTML; EndNote XML is not supported, export as RIS)";
    if (t.starts_with("@") && t.find('{') != std::string_view::npos) return " (it looks like BibTeX)";
    if (t.starts_with("{\\rtf")) return " (it is an RTF document)";
    return "";
}

Sniff sniff(std::string_view head, bool whole_file) {
    if (head.empty()) {
        Sniff s;
        s.decided = s.empty = true;
        return s;
    }
    if (Sniff s = sniff_magic(head); s.decided) return s;

    head = strip_bom(head);
    std::size_t controls = 0;
    for (char c : head.substr(0, kProbeBytes))
        if (is_control(static_cast<unsigned char>(c)) && c != '\n' && c != '\r' && c != '\f') ++controls;
    auto binary = [](std::string why) {
        Sniff s;
        s.decided = true;
        s.format = FileFormat::binary;
        s.message = "binary file (" + why + "), not a RIS or MEDLINE export";
        return s;
    };
    if (controls >= kBinaryControlBytes)
        return binary(std::to_string(controls) + " control bytes in the first 4 KiB");

    std::size_t nonblank = 0;
    std::string_view first_nonblank;
    std::size_t pos = 0;
    std::size_t line_no = 0;
    while (pos < head.size()) {
        std::size_t end = head.find_first_of("\r\n", pos);
        if (end == std::string_view::npos) {
            if (!whole_file) break;  // a partial line tells nothing
            end = head.size();
        }
        std::string_view line = strip_bom(head.substr(pos, end - pos));
        pos = end + 1;
        if (end < head.size() && head[end] == '\r' && pos < head.size() && head[pos] == '\n') ++pos;
        ++line_no;
        if (trim(line).empty()) continue;
        if (nonblank++ == 0) {
            first_nonblank = line;
            bool wos = line.starts_with("FN ") || line.starts_with("VR ") ||
                       (line.size() == 4 && line.starts_with("PT ") && is_upper(line[3]));
            if (wos) {
                Sniff s;
                s.decided = true;
                s.format = FileFormat::web_of_science;
                s.message = "this is a Web of Science plain-text export (FN/PT/ER); export as RIS "
                            "(\"Other File Formats\" > RefWorks/EndNote) instead";
                return s;
            }
        }
        if (is_ris_start(line)) {
            Sniff s;
            s.decided = true;
            s.format = FileFormat::ris;
            return s;
        }
        if (is_medline_start(line)) {
            Sniff s;
            s.decided = true;
            s.format = FileFormat::medline;
            return s;
        }
        // Control bytes before the first record: a binary file, not a bad record.
        for (std::size_t i = 0; i < line.size(); ++i)
            if (is_control(static_cast<unsigned char>(line[i])))
                return binary("byte " + hex_byte(static_cast<unsigned char>(line[i])) + " on line " +
                              std::to_string(line_no));
        if (nonblank >= kSniffLines) break;
    }
    Sniff s;
    if (nonblank == 0 && whole_file) {
        s.decided = s.empty = true;
        return s;
    }
    s.decided = whole_file || nonblank >= kSniffLines || head.size() >= kSniffBytes;
    s.message = "not a RIS or MEDLINE export: no \"TY  - \" or \"PMID- \" line near the start of the file";
    s.message += looks_like(first_nonblank);
    return s;
}

// ---------------------------------------------------------------------------
// Identifiers and dates.

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

// A DOI inside a longer text: a doi.org URL or "doi:" anywhere in it (link
// resolver URLs carry "id=doi:10.1016%2F...&issn=...").
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

// "PMID: 123", "PMID 123" or "123[pmid]" / "123 [PMID]"; bare digits are not
// accepted here (the caller decides whether a tag's bare digits are a PMID).
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

// "PMC123", "Pmc123", "PMC123[pmcid]", "PMCID: PMC123" -> "PMC123".
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

// PubMed and PMC URLs: ".../pubmed/123", "pubmed.ncbi.nlm.nih.gov/123", ".../pmc/articles/PMC123".
std::string digits_after(std::string_view text, std::string_view marker) {
    std::size_t at = ifind(text, marker);
    if (at == std::string_view::npos) return {};
    std::string_view rest = text.substr(at + marker.size());
    std::size_t n = 0;
    while (n < rest.size() && is_digit(rest[n])) ++n;
    if (n == 0 || (n < rest.size() && is_alnum(rest[n]))) return {};
    return std::string(rest.substr(0, n));
}

// Also Ovid's record links: in its MEDLINE databases (D=medl, medp, prem,
// mesz...) the accession number AN= is the PMID; in Embase or PsycINFO it is not.
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

// "1023-35" means 1023-1035 in PubMed's page style.
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

// ---------------------------------------------------------------------------
// Mapping helpers shared by the two formats.

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

// ---------------------------------------------------------------------------
// RIS record -> Citation. Values arrive with '\n' where a continuation line
// was joined; it becomes a single space here, after KW has used it.

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

}  // namespace

// ---------------------------------------------------------------------------
// Public free functions.

std::string Diagnostic::to_string() const {
    return file + ":" + std::to_string(line) + (severity == Severity::error ? ": error: " : ": warning: ") + message;
}

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

FileFormat detect_format(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return FileFormat::unknown;
    std::string head(kProbeBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    bool whole = head.size() < kProbeBytes;
    Sniff s = sniff(head, whole);
    if (s.decided) return s.format;
    // Junk before the first record (JSTOR headers, blank lines) can push it
    // past the first 4 KiB; read on to the reader's own limit.
    head.resize(kSniffBytes);
    in.read(head.data() + kProbeBytes, static_cast<std::streamsize>(kSniffBytes - kProbeBytes));
    head.resize(kProbeBytes + static_cast<std::size_t>(in.gcount()));
    return sniff(head, head.size() < kSniffBytes).format;
}

// ---------------------------------------------------------------------------
// The reader.

struct RisReader::Impl {
    std::string file;  // for diagnostics
    std::ifstream in;
    LineSource src{in};
    FileFormat format = FileFormat::unknown;
    bool done = false;
    std::vector<Diagnostic> diagnostics;

    std::string line, scratch;
    std::size_t line_length = 0;
    std::size_t line_no = 0;
    bool warned_recoded = false;

    // The record being read.
    bool in_record = false;
    bool rejected = false;       // an error was reported; skip to its end
    std::size_t first_line = 0;
    std::size_t ordinal = 0;
    Fields fields;
    bool gap_warned = false;     // one "outside a record" warning per gap

    std::optional<RisRecord> ready;
    std::size_t records_read = 0;
    std::size_t records_rejected = 0;

    explicit Impl(const std::filesystem::path& path) : file(path.string()) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            error(0, "cannot open: it is a directory");
            done = true;
            return;
        }
        in.open(path, std::ios::binary);
        if (!in) {
            error(0, std::string("cannot open: ") + std::strerror(errno));
            done = true;
            return;
        }
        std::string_view head = src.head();
        Sniff s = sniff(head.substr(0, kSniffBytes), src.whole_file_in_head() && head.size() <= kSniffBytes);
        if (s.empty) {
            warning(1, "empty file: no records");
            done = true;
            return;
        }
        format = s.format;
        if (format != FileFormat::ris && format != FileFormat::medline) {
            error(1, s.message);
            done = true;
        }
    }

    void report(Diagnostic::Severity sev, std::size_t at, std::string message) {
        diagnostics.push_back(Diagnostic{sev, file, at == 0 ? 1 : at, std::move(message)});
    }
    void error(std::size_t at, std::string message) { report(Diagnostic::Severity::error, at, std::move(message)); }
    void warning(std::size_t at, std::string message) { report(Diagnostic::Severity::warning, at, std::move(message)); }

    void start_record() {
        in_record = true;
        rejected = false;
        first_line = line_no;
        ++ordinal;
        fields.clear();
        gap_warned = false;
    }

    void reject(std::string message) {
        error(line_no, std::move(message));
        rejected = true;
        fields.clear();
    }

    // Ends the current record: counts it and, when good, hands it out.
    // `missing_end` says why a record without ER ended; it is reported only
    // for a record that is kept (a rejected one has its error already).
    void finish_record(const std::string& missing_end = {}) {
        in_record = false;
        if (rejected) {
            ++records_rejected;
            return;
        }
        Citation c = format == FileFormat::medline ? map_medline(std::move(fields)) : map_ris(std::move(fields));
        fields.clear();
        if (!c.searchable()) {
            error(first_line, "record has nothing to search (no title, abstract, DOI or PMID); skipped");
            ++records_rejected;
            return;
        }
        if (!missing_end.empty()) warning(first_line, missing_end);
        ++records_read;
        ready = RisRecord{std::move(c), first_line, ordinal};
    }

    // The checks every line of a record goes through; false when the record
    // was rejected by this line.
    bool line_acceptable() {
        if (line_length > kMaxLineBytes) {
            reject("line is " + std::to_string(line_length) + " bytes long, over the limit of " +
                   std::to_string(kMaxLineBytes) + "; record skipped");
            return false;
        }
        BadByte bad;
        TextCheck check = check_text(line, scratch, bad);
        if (check == TextCheck::bad) {
            reject("byte " + hex_byte(bad.byte) + " in column " + std::to_string(bad.column) +
                   " is neither UTF-8 nor Windows-1252 text; record skipped");
            return false;
        }
        if (check == TextCheck::recoded && !warned_recoded) {
            warned_recoded = true;
            warning(line_no, "line is not valid UTF-8; read as Windows-1252 (so are later such lines in this file)");
        }
        return true;
    }

    void add_field(std::string_view tag, std::string_view value, bool upper_case_tag) {
        RisField f;
        f.tag = upper_case_tag ? upper_copy(tag) : std::string(tag);
        f.value = value;
        fields.push_back(std::move(f));
    }

    // Continuation lines are kept apart by '\n' until the record is mapped
    // (RIS keyword lists need the breaks); the mapper joins them with a space.
    void continue_field(std::string_view text) {
        text = trim(text);
        if (text.empty() || fields.empty()) return;
        std::string& v = fields.back().value;
        if (!v.empty()) v += '\n';
        v += text;
    }

    void ris_line() {
        std::string_view raw = strip_bom(line);
        std::optional<Tagged> tag = parse_ris_tag(raw);
        bool is_ty = tag && tag->tag.size() == 2 && upper(tag->tag[0]) == 'T' && upper(tag->tag[1]) == 'Y';
        bool is_er = tag && tag->tag.size() == 2 && upper(tag->tag[0]) == 'E' && upper(tag->tag[1]) == 'R';
        if (!in_record) {
            if (!is_ty) {
                // Between ER and TY: Ovid numbers, link lines, headers. A tag
                // with a value here is probably lost data: say so once.
                if (tag && !is_er && !tag->value.empty() && !gap_warned && line_length <= kMaxLineBytes) {
                    gap_warned = true;
                    warning(line_no, "\"" + std::string(tag->tag) + "\" line outside a record (not between TY and ER); ignored");
                }
                return;
            }
            start_record();
        } else if (is_ty) {
            // A TY always opens a record, so a missing ER costs one record's
            // end, not two records merged into one.
            finish_record("record has no ER before the TY on line " + std::to_string(line_no) + "; kept");
            start_record();
        }
        if (rejected) {
            if (is_er) finish_record();
            return;
        }
        if (!line_acceptable()) return;
        // Recoding may have moved the text; parse again from the UTF-8 line.
        raw = strip_bom(line);
        tag = parse_ris_tag(raw);
        if (is_er) {
            finish_record();
        } else if (tag) {
            add_field(tag->tag, tag->value, true);
        } else {
            continue_field(raw);
        }
    }

    void medline_line() {
        std::string_view raw = strip_bom(line);
        if (trim(raw).empty()) {
            if (in_record) finish_record();  // records are separated by blank lines
            return;
        }
        std::optional<Tagged> tag = is_blank_char(raw[0]) ? std::nullopt : parse_medline_tag(raw);
        bool is_pmid = tag && tag->tag == "PMID";
        if (!in_record) {
            if (!tag) return;
            start_record();
        } else if (is_pmid) {
            finish_record();  // no blank line between records: PMID- starts the next
            start_record();
        }
        if (rejected) return;
        if (!line_acceptable()) return;
        raw = strip_bom(line);
        tag = is_blank_char(raw[0]) ? std::nullopt : parse_medline_tag(raw);
        if (tag) add_field(tag->tag, tag->value, false);
        else continue_field(raw);
    }

    std::optional<RisRecord> next() {
        while (!done && !ready) {
            if (!src.next(line, line_length)) {
                done = true;
                if (in_record)
                    finish_record(format == FileFormat::ris ? "record is cut off by the end of the file (no ER); kept"
                                                            : "");
                break;
            }
            ++line_no;
            if (format == FileFormat::medline) medline_line();
            else ris_line();
        }
        std::optional<RisRecord> out = std::move(ready);
        ready.reset();
        return out;
    }
};

RisReader::RisReader(std::filesystem::path path) : impl_(std::make_unique<Impl>(path)) { format_ = impl_->format; }

RisReader::~RisReader() = default;

std::optional<RisRecord> RisReader::next() {
    std::optional<RisRecord> r = impl_->next();
    bytes_read_ = impl_->src.consumed();
    records_read_ = impl_->records_read;
    records_rejected_ = impl_->records_rejected;
    return r;
}

std::vector<Diagnostic> RisReader::take_diagnostics() { return std::exchange(impl_->diagnostics, {}); }

}  // namespace citesearch
