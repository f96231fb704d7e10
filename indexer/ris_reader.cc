// The RIS/MEDLINE reader's state machine: lines in, records, diagnostics and
// counters out. The pieces it drives live beside it: ris_text (bytes,
// encoding, lines), ris_format (tag lines, format sniffing), ris_mapping (tags
// -> Citation) and ris_values (identifiers, dates, pages).

#include "ris_reader.h"

#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

#include "ris_format.h"
#include "ris_mapping.h"
#include "ris_text.h"

namespace citesearch {

using namespace ris_internal;  // the reader's internal helpers, in this file only

std::string Diagnostic::to_string() const {
    return file + ":" + std::to_string(line) + (severity == Severity::error ? ": error: " : ": warning: ") + message;
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
