// Internal to the RIS reader: tag recognition and format sniffing, and the
// public detect_format() built on them.

#include "ris_format.h"

#include <fstream>
#include <string>
#include <string_view>

#include "ris_text.h"

namespace citesearch {
namespace ris_internal {
namespace {

constexpr std::size_t kSniffLines = 200;           // ... (kSniffBytes) or this many non-blank lines
constexpr std::size_t kProbeBytes = 4 * 1024;      // where control-byte density is measured
constexpr std::size_t kBinaryControlBytes = 16;    // that many C0 bytes in the probe = binary

}  // namespace

// ---------------------------------------------------------------------------
// Tag recognition.

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

namespace {

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

}  // namespace

// ---------------------------------------------------------------------------
// Format sniffing, shared by detect_format() and the reader.

namespace {

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

}  // namespace

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

}  // namespace ris_internal

using namespace ris_internal;  // the reader's internal helpers, in this file only

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

}  // namespace citesearch
