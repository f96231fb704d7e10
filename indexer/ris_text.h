#pragma once
// Internal to the RIS reader: from bytes to text lines. ASCII helpers, the
// UTF-8 BOM, the per-line UTF-8 / Windows-1252 check, and the buffered line
// source. Not part of the public API (see ris_reader.h).

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "ris_reader.h"

namespace citesearch::ris_internal {

inline constexpr std::size_t kBufferBytes = 256 * 1024;  // one read() per this many bytes

// ---------------------------------------------------------------------------
// ASCII helpers. Tags, identifiers and dates are ASCII; values are compared
// with these only where ASCII case folding is what we want.

inline bool is_blank_char(char c) { return c == ' ' || c == '\t'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
inline bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
inline char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
inline char upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
    return s;
}

inline bool istarts_with(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(s[i]) != lower(prefix[i])) return false;
    return true;
}

inline bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && istarts_with(a, b); }

inline std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0) {
    if (needle.size() > s.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= s.size(); ++i)
        if (istarts_with(s.substr(i), needle)) return i;
    return std::string_view::npos;
}

inline bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

inline std::string upper_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = upper(c);
    return out;
}

inline constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A BOM is stripped at the start of every line, not only the first: files
// concatenated with `cat` carry one at the start of each original file.
inline std::string_view strip_bom(std::string_view s) {
    if (s.starts_with(kBom)) s.remove_prefix(kBom.size());
    return s;
}

// ---------------------------------------------------------------------------
// Encoding (ris_text.cc). Each line is checked on its own: exports are UTF-8
// nearly always, but a file assembled from several sources can mix in
// Windows-1252 lines.

inline bool is_control(unsigned char c) { return c < 0x20 && c != '\t'; }

enum class TextCheck { utf8, recoded, bad };

struct BadByte {
    unsigned char byte = 0;
    std::size_t column = 0;  // 1-based
};

// Leaves a UTF-8 line alone, recodes a Windows-1252 line to UTF-8 in place
// (through `scratch`, so no allocation once warmed up), and reports `bad` for
// a byte that is text in neither encoding.
TextCheck check_text(std::string& line, std::string& scratch, BadByte& bad);

// "0x1F": a byte as diagnostics name it.
std::string hex_byte(unsigned char b);

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

}  // namespace citesearch::ris_internal
