// Internal to the RIS reader: the per-line encoding check. UTF-8 is
// validated; a line that is not UTF-8 is decoded as Windows-1252 (Latin-1
// above 0x9F) into UTF-8; a byte that is text in neither is reported.

#include "ris_text.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace citesearch::ris_internal {
namespace {

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

}  // namespace

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

}  // namespace citesearch::ris_internal
