#include "normalize.h"

#include <array>
#include <cstdint>
#include <cstring>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace citesearch {
namespace {

// Letters that have no canonical decomposition but that readers treat as an
// accented base letter (so "Søndergaard" is found by "sondergaard").
UChar32 map_unsplittable(UChar32 c) {
    switch (c) {
        case 0x00D8: return 'O';  // Ø
        case 0x00F8: return 'o';  // ø
        case 0x0141: return 'L';  // Ł
        case 0x0142: return 'l';  // ł
        case 0x0110: return 'D';  // Đ
        case 0x0111: return 'd';  // đ
        case 0x0131: return 'i';  // dotless ı
        case 0x00DE: return 'T';  // Þ
        case 0x00FE: return 't';  // þ
        default: return c;
    }
}

// Ligatures expand to two letters.
const char* expand_ligature(UChar32 c) {
    switch (c) {
        case 0x00C6: return "AE";
        case 0x00E6: return "ae";
        case 0x0152: return "OE";
        case 0x0153: return "oe";
        default: return nullptr;
    }
}

// NFKD, then drop combining marks (diacritics) and map the letters above.
icu::UnicodeString decompose_without_marks(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString decomposed = U_SUCCESS(status) ? nfkd->normalize(src, status) : src;
    if (U_FAILURE(status)) decomposed = src;

    icu::UnicodeString out;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        if (const char* lig = expand_ligature(c)) {
            out.append(icu::UnicodeString(lig));
            continue;
        }
        out.append(map_unsplittable(c));
    }
    return out;
}

std::string recompose(icu::UnicodeString text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_SUCCESS(status)) {
        icu::UnicodeString composed = nfkc->normalize(text, status);
        if (U_SUCCESS(status)) text = composed;
    }
    std::string out;
    text.toUTF8String(out);
    return out;
}

bool is_ascii_plain(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

std::string fold_with_icu(std::string_view utf8) {
    icu::UnicodeString text = decompose_without_marks(utf8);
    text.foldCase(U_FOLD_CASE_DEFAULT);
    return recompose(text);
}

// fold_with_icu() of each code point U+0080..U+017F alone (Latin-1
// Supplement and Latin Extended-A: é, ü, ø, ł, ß, the accents of most names
// in citations). None of them is a combining mark or folds to one, so text
// made of ASCII and these folds one character at a time, with no ICU call:
// a tenth of the cost (tests/normalize_test.cc compares the two on every
// pair of such characters).
constexpr char32_t kTableEnd = 0x180;
const std::array<std::string, kTableEnd - 0x80>& latin_folds() {
    static const std::array<std::string, kTableEnd - 0x80> table = [] {
        std::array<std::string, kTableEnd - 0x80> t;
        for (char32_t cp = 0x80; cp < kTableEnd; ++cp) {
            const char utf8[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
            t[cp - 0x80] = fold_with_icu(std::string_view(utf8, 2));
        }
        return t;
    }();
    return table;
}

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Lower-cases the ASCII that `in` starts with into `out` (room for
// in.size()), eight bytes at a time: fold() sees every author of every
// record a faceted search counts. Returns how many bytes were ASCII; sets
// `upper` if any of them was an upper-case letter.
std::size_t lower_ascii_prefix(std::string_view in, char* out, bool& upper) {
    constexpr std::uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
    std::uint64_t uppers = 0;
    std::size_t i = 0;
    for (; i + 8 <= in.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, in.data() + i, 8);
        if (w & kHigh) break;
        // Every byte is below 0x80, so these sums carry into no other byte:
        // the high bit of a byte says it is >= 'A', resp. > 'Z'.
        const std::uint64_t from_a = w + kOnes * (0x80 - 'A');
        const std::uint64_t after_z = w + kOnes * (0x80 - 'Z' - 1);
        const std::uint64_t is_upper = from_a & ~after_z & kHigh;
        uppers |= is_upper;
        w |= is_upper >> 2;  // 0x20: the lower-case letter
        std::memcpy(out + i, &w, 8);
    }
    for (; i < in.size(); ++i) {
        const char c = in[i];
        if (static_cast<unsigned char>(c) >= 0x80) break;
        out[i] = lower_ascii(c);
        uppers |= static_cast<std::uint64_t>(out[i] != c);
    }
    upper = uppers != 0;
    return i;
}

}  // namespace

std::string fold(std::string_view utf8) {
    std::string out;
    const std::string_view folded = fold(utf8, out);
    if (folded.data() != out.data()) out.assign(folded);
    return out;
}

std::string_view fold(std::string_view utf8, std::string& scratch) {
    // Fastest path: plain ASCII needs only lower-casing (most citation text).
    scratch.resize(utf8.size());
    bool upper = false;
    std::size_t i = lower_ascii_prefix(utf8, scratch.data(), upper);
    if (i == utf8.size()) return upper ? std::string_view(scratch) : utf8;
    scratch.resize(i);
    // Then ASCII and Latin letters one at a time; anything else through ICU.
    const auto& latin = latin_folds();
    while (i < utf8.size()) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            scratch.push_back(lower_ascii(static_cast<char>(c)));
            ++i;
            continue;
        }
        const char32_t cp = i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80
                                ? ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu)
                                : 0;
        if (c < 0xC2 || c > 0xC5 || cp < 0x80 || cp >= kTableEnd) {
            scratch = fold_with_icu(utf8);
            return scratch;
        }
        scratch += latin[cp - 0x80];
        i += 2;
    }
    return scratch;
}

std::string strip_diacritics(std::string_view utf8) {
    if (is_ascii_plain(utf8)) return std::string(utf8);
    return recompose(decompose_without_marks(utf8));
}

std::string collapse_space(std::string_view utf8) {
    icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString out;
    bool pending_space = false;
    for (int32_t i = 0; i < src.length();) {
        UChar32 c = src.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c) || c == 0x2028 || c == 0x2029) {
            pending_space = !out.isEmpty();
            continue;
        }
        if (pending_space) out.append(static_cast<UChar>(' '));
        pending_space = false;
        out.append(c);
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

}  // namespace citesearch
