// The query language of docs/query-language.md, in three stages, each linear
// in the input:
//
//   1. Lexer     splits the text into tokens with byte offsets and decides
//                what is syntax (quotes, parentheses, field:, [tag],
//                AND/OR/NOT, +/-) and what is text. Quote and field problems
//                are found here.
//   2. repair()  checks the token stream: balanced parentheses, nesting
//                depth, operators with an operand on each side, tags after a
//                word. Strict mode throws at the first problem; forgiving
//                mode turns the offending token into text or drops it and
//                notes how. What comes out has no syntax errors left.
//   3. Parser    recursive descent over the repaired tokens (recursion only
//                through parentheses, so at most max_depth deep), building
//                Xapian queries directly.
//
// Xapian::QueryParser is not used: its syntax (no PubMed tags, no author
// keys) and its error handling (one exception, no position) do not fit.

#include "query_parser.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "author_name.h"
#include "normalize.h"
#include "schema.h"
#include "stemming.h"

namespace citesearch {
namespace {

using Xapian::Query;

// ---------------------------------------------------------------- bytes

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (is_ascii_upper(c)) c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_ascii_digit); }

std::string_view trim_ascii(std::string_view s) {
    while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
    while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
    return s;
}

// Byte length of the whitespace character at `i`, 0 if there is none: ASCII
// spaces and control characters (NUL included), and the Unicode spaces that
// pasted text carries (no-break, en/em/thin, ideographic, line separator...).
std::size_t space_length(std::string_view s, std::size_t i) {
    auto at = [&](std::size_t k) -> unsigned char { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
    unsigned char c = at(0);
    if (c <= 0x20 || c == 0x7f) return 1;
    if (c == 0xc2 && (at(1) == 0xa0 || at(1) == 0x85)) return 2;
    if (c == 0xe1 && at(1) == 0x9a && at(2) == 0x80) return 3;
    if (c == 0xe2 && at(1) == 0x80 && ((at(2) >= 0x80 && at(2) <= 0x8a) || at(2) == 0xa8 || at(2) == 0xa9 || at(2) == 0xaf))
        return 3;
    if (c == 0xe2 && at(1) == 0x81 && at(2) == 0x9f) return 3;
    if (c == 0xe3 && at(1) == 0x80 && at(2) == 0x80) return 3;
    return 0;
}

// Byte length of a quotation mark at `i`: '"' or the typographic “ ” „ that
// word processors put in pasted text. Any of them closes any other.
std::size_t quote_length(std::string_view s, std::size_t i) {
    if (s[i] == '"') return 1;
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xe2 && static_cast<unsigned char>(s[i + 1]) == 0x80) {
        unsigned char c = static_cast<unsigned char>(s[i + 2]);
        if (c == 0x9c || c == 0x9d || c == 0x9e) return 3;
    }
    return 0;
}

// ---------------------------------------------------------------- terms

// Splitting text into terms exactly as Xapian 1.4's TermGenerator does for
// the indexer (see parse_terms() in termgenerator_internal.cc), so a query
// word meets the index terms its text produced: words are runs of Unicode
// word characters; "'" and "&" join letters (o'neil, at&t); ",", "." and ";"
// join digits (1,000.5); up to three trailing "+"/"#" stay (c++, c#); words
// over 64 bytes are not indexed at all. The acronym rule (U.S.A -> usa) never
// fires on fold()ed text, which has no upper case, so it is left out. CJK
// n-grams (XAPIAN_CJK_NGRAM) are not supported on either side.
constexpr std::size_t kMaxWordBytes = 64;  // TermGenerator's default max_word_length
constexpr unsigned kIgnoredChar = 0xffffffff;

struct Piece {
    std::string term;
    std::size_t begin = 0;  // bytes in the split text
    std::size_t end = 0;
};

bool is_zero_width(unsigned ch) { return ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff); }

unsigned letter_infix(unsigned ch) {
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
    if (ch == 0x2019 || ch == 0x201b) return '\'';
    return is_zero_width(ch) ? kIgnoredChar : 0;
}

unsigned digit_infix(unsigned ch) {
    switch (ch) {
        case ',': case '.': case ';': case 0x037e: case 0x0589: case 0x060d:
        case 0x07f8: case 0x2044: case 0xfe10: case 0xfe13: case 0xfe14:
            return ch;
        default:
            return is_zero_width(ch) ? kIgnoredChar : 0;
    }
}

bool is_digit(unsigned ch) { return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER; }

std::vector<Piece> split_terms(std::string_view text) {
    using Xapian::Unicode::is_wordchar;
    std::vector<Piece> pieces;
    const Xapian::Utf8Iterator end;
    Xapian::Utf8Iterator it(text.data(), text.size());
    auto offset = [&](const Xapian::Utf8Iterator& i) { return text.size() - i.left(); };
    while (true) {
        while (it != end && !is_wordchar(*it)) ++it;
        if (it == end) break;
        Piece piece;
        piece.begin = offset(it);
        while (true) {
            unsigned last = 0;
            do {
                last = Xapian::Unicode::tolower(*it);
                Xapian::Unicode::append_utf8(piece.term, last);
                ++it;
            } while (it != end && is_wordchar(*it));
            if (it == end) break;
            Xapian::Utf8Iterator next = it;
            ++next;
            if (next == end || !is_wordchar(*next)) break;
            unsigned infix = is_digit(last) && is_digit(*next) ? digit_infix(*it) : letter_infix(*it);
            if (infix == 0) break;
            if (infix != kIgnoredChar) Xapian::Unicode::append_utf8(piece.term, infix);
            it = next;
        }
        std::size_t word_length = piece.term.size();
        int suffix = 0;
        while (it != end && (*it == '+' || *it == '#')) {
            if (++suffix > 3) {
                piece.term.resize(word_length);
                break;
            }
            piece.term += static_cast<char>(*it);
            ++it;
        }
        if (it != end && is_wordchar(*it)) piece.term.resize(word_length);  // fish+chips is two words
        piece.end = offset(it);
        if (piece.term.size() <= kMaxWordBytes) pieces.push_back(std::move(piece));
    }
    return pieces;
}

// TermGenerator's STEM_SOME adds a stemmed "Z" term only for words that
// start with a letter: "2019" and "5-fu"'s "5" are never stemmed.
bool should_stem(const std::string& term) {
    constexpr unsigned kLetters = (1u << Xapian::Unicode::LOWERCASE_LETTER) | (1u << Xapian::Unicode::TITLECASE_LETTER) |
                                  (1u << Xapian::Unicode::MODIFIER_LETTER) | (1u << Xapian::Unicode::OTHER_LETTER);
    Xapian::Utf8Iterator u(term);
    return u != Xapian::Utf8Iterator() && ((kLetters >> Xapian::Unicode::get_category(*u)) & 1u);
}

// Common English words dropped from long queries (a pasted sentence): they
// match nearly every record and only dilute the ranking. Kept in phrases,
// in short queries and when the query has nothing else.
constexpr auto kStopwords = std::to_array<std::string_view>({
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
    "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
    "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some",
    "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
    "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours"});
static_assert(std::is_sorted(kStopwords.begin(), kStopwords.end()));

// Words of a request rather than of its subject ("I'd like articles
// describing ...", "find papers dealing with ..."): rare in abstracts, so
// they would weigh like subject words. Dropped with the common words.
constexpr auto kRequestWords = std::to_array<std::string_view>({
    "anything", "article", "articles", "concerning", "deal", "dealing", "deals", "describe", "describes", "describing",
    "discuss", "discusses", "discussing", "find", "i'd", "i'm", "interested", "like", "looking", "paper", "papers",
    "pertaining", "please", "publications", "regarding", "something", "want", "wanted", "wish"});
static_assert(std::is_sorted(kRequestWords.begin(), kRequestWords.end()));

bool is_stopword(std::string_view word) {
    return std::binary_search(kStopwords.begin(), kStopwords.end(), word) ||
           std::binary_search(kRequestWords.begin(), kRequestWords.end(), word);
}

// ---------------------------------------------------------------- ranking

// The bonus of records holding every term of a short query. It must exceed
// any score the ranking scheme (server/searcher.cc: IneB2) gives a query of
// up to max_terms terms; IneB2 weighs a term at most about
// log2(N + 1) * (its largest wdf + 1), far below 1e9 / 1024 for citation
// records. Scores stay exact to about 1e-7 with it added.
constexpr double kAllTermsWeight = 1e9;

// Proximity in a bag of words: two words within this many positions, in
// order, add a share of their weight: neighbours in the query this much,
// words one apart (once stopwords are dropped) less (docs/relevance.md).
constexpr Xapian::termcount kProximityWindow = 5;
constexpr double kProximityWeight = 0.1;
constexpr double kSkipProximityWeight = 0.03;

// In a bag of words each stemmed word also counts as written, at this share
// of its weight: a record with the word itself ranks a little above one with
// only another word of the same stem (docs/relevance.md).
constexpr double kExactWordWeight = 0.1;

// ---------------------------------------------------------------- fields

enum class Field : std::uint8_t {
    text, title, abstract, title_abstract, keyword,                  // ranked text
    author, journal, pubtype, doi, pmid, type, year, source,         // filters
    language,                                                        // [la]: not indexed
    none,
};

Field field_named(std::string_view name) {
    static constexpr std::pair<std::string_view, Field> kNames[] = {
        {"abstract", Field::abstract}, {"author", Field::author},   {"authors", Field::author},
        {"doi", Field::doi},           {"journal", Field::journal}, {"keyword", Field::keyword},
        {"keywords", Field::keyword},  {"pmid", Field::pmid},       {"pubtype", Field::pubtype},
        {"source", Field::source},     {"title", Field::title},     {"type", Field::type},
        {"year", Field::year},
    };
    for (const auto& [n, f] : kNames)
        if (n == name) return f;
    return Field::none;
}

// PubMed's field tags, short and long forms. [mh:noexp] is looked up as "mh".
Field tag_named(std::string_view name) {
    static constexpr std::pair<std::string_view, Field> kTags[] = {
        {"ti", Field::title}, {"title", Field::title},
        {"tiab", Field::title_abstract}, {"title/abstract", Field::title_abstract},
        {"ab", Field::abstract}, {"abstract", Field::abstract},
        {"au", Field::author}, {"author", Field::author}, {"fau", Field::author}, {"full author name", Field::author},
        {"1au", Field::author}, {"lastau", Field::author}, {"first author name", Field::author},
        {"last author name", Field::author},
        {"ta", Field::journal}, {"jour", Field::journal}, {"journal", Field::journal}, {"so", Field::journal},
        {"dp", Field::year}, {"pdat", Field::year}, {"publication date", Field::year}, {"year", Field::year},
        {"pt", Field::pubtype}, {"publication type", Field::pubtype},
        {"doi", Field::doi}, {"aid", Field::doi}, {"lid", Field::doi},
        {"pmid", Field::pmid}, {"uid", Field::pmid},
        {"mh", Field::keyword}, {"majr", Field::keyword}, {"mesh", Field::keyword}, {"mesh terms", Field::keyword},
        {"mesh major topic", Field::keyword}, {"kw", Field::keyword}, {"ot", Field::keyword},
        {"keyword", Field::keyword}, {"other term", Field::keyword},
        {"tw", Field::text}, {"all", Field::text}, {"all fields", Field::text}, {"text word", Field::text},
        {"la", Field::language}, {"lang", Field::language}, {"language", Field::language},
    };
    std::string key;
    for (char c : name) {
        if (c == ':') break;
        if (c == ' ' && (key.empty() || key.back() == ' ')) continue;
        key += is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
    }
    while (!key.empty() && key.back() == ' ') key.pop_back();
    for (const auto& [n, f] : kTags)
        if (n == key) return f;
    return Field::none;
}

std::string_view field_label(Field f) {
    switch (f) {
        case Field::title: return "title:";
        case Field::abstract: return "abstract:";
        case Field::keyword: return "keyword:";
        case Field::author: return "author:";
        case Field::journal: return "journal:";
        case Field::pubtype: return "pubtype:";
        case Field::doi: return "doi:";
        case Field::pmid: return "pmid:";
        case Field::type: return "type:";
        case Field::year: return "year:";
        case Field::source: return "source:";
        default: return "";
    }
}

// Text fields: which prefix, and whether the indexer gave it positions.
struct TextField {
    std::string_view prefix;
    bool positional;
};

TextField text_field(Field f) {
    switch (f) {
        case Field::title: return {schema::kTitle, true};
        case Field::abstract: return {schema::kAbstract, false};
        case Field::keyword: return {schema::kKeywordText, false};
        default: return {"", true};
    }
}

// RIS type codes for the names people type.
std::string type_code(const std::string& folded) {
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {"article", "jour"}, {"journal", "jour"}, {"journal article", "jour"}, {"book", "book"},
        {"chapter", "chap"}, {"book chapter", "chap"}, {"book section", "chap"}, {"conference", "conf"},
        {"proceedings", "conf"}, {"thesis", "thes"}, {"dissertation", "thes"}, {"report", "rprt"},
    };
    for (const auto& [name, code] : kTypes)
        if (name == folded) return std::string(code);
    return folded;
}

// "https://doi.org/10.1259/BJR.20220548." -> "10.1259/bjr.20220548", the
// form the indexer stores.
std::string normalize_doi(std::string_view value) {
    std::string_view s = trim_ascii(value);
    std::string lower = ascii_lower(s);
    for (std::string_view p : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/",
                               "doi.org/", "dx.doi.org/", "doi:"}) {
        if (std::string_view(lower).substr(0, p.size()) == p) {
            lower.erase(0, p.size());
            break;
        }
    }
    std::string_view d = trim_ascii(lower);
    while (!d.empty() && (d.back() == '.' || d.back() == ',' || d.back() == ';')) d.remove_suffix(1);
    return std::string(d);
}

// "10." registrant "/" suffix, no spaces.
bool looks_like_doi(std::string_view d) {
    if (d.substr(0, 3) != "10.") return false;
    std::size_t slash = d.find('/');
    if (slash == std::string_view::npos || slash + 1 >= d.size()) return false;
    std::string_view registrant = d.substr(3, slash - 3);
    std::size_t digits = 0;
    while (digits < registrant.size() && is_ascii_digit(registrant[digits])) ++digits;
    if (digits < 4 || digits > 9) return false;
    for (char c : registrant.substr(digits))
        if (!is_ascii_digit(c) && c != '.') return false;
    return std::none_of(d.begin(), d.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20; });
}

struct Identifier {
    Field kind;  // doi or pmid
    std::string value;
};

// A DOI, doi.org URL, PMID ("36075034", "PMID: 36075034") or PubMed URL
// making up the whole input. Bare numbers need 5 to 9 digits, so a year
// typed alone stays a word.
std::optional<Identifier> identify(std::string_view text) {
    std::string_view s = trim_ascii(text);
    // "10.1259/bjr.20220548[doi]" is a tagged query, parsed as such.
    if (s.empty() || s.size() > 512 || s.back() == ']') return std::nullopt;
    std::string lower = ascii_lower(s);
    std::string_view l = lower;
    for (std::string_view p : {"https://pubmed.ncbi.nlm.nih.gov/", "http://pubmed.ncbi.nlm.nih.gov/",
                               "pubmed.ncbi.nlm.nih.gov/", "https://www.ncbi.nlm.nih.gov/pubmed/",
                               "http://www.ncbi.nlm.nih.gov/pubmed/"}) {
        if (l.substr(0, p.size()) != p) continue;
        std::string_view rest = l.substr(p.size());
        if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
        if (all_digits(rest) && rest.size() <= 9) return Identifier{Field::pmid, std::string(rest)};
        return std::nullopt;
    }
    if (l.substr(0, 4) == "pmid") {
        std::string_view rest = l.substr(4);
        while (!rest.empty() && (rest.front() == ':' || rest.front() == ' ')) rest.remove_prefix(1);
        if (all_digits(rest) && rest.size() <= 9) return Identifier{Field::pmid, std::string(rest)};
        return std::nullopt;
    }
    if (all_digits(l)) {
        if (l.size() >= 5 && l.size() <= 9) return Identifier{Field::pmid, std::string(l)};
        return std::nullopt;
    }
    std::string doi = normalize_doi(s);
    if (looks_like_doi(doi)) return Identifier{Field::doi, doi};
    return std::nullopt;
}

std::string quoted(std::string_view value) {
    bool plain = !value.empty() && value.front() != '-' && value.front() != '+' &&
                 value.find_first_of(" \"()[]:") == std::string_view::npos;
    if (plain) return std::string(value);
    std::string out = "\"";
    for (char c : value)
        if (c != '"') out += c;
    return out + "\"";
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const std::string& p : parts) {
        if (!out.empty()) out += separator;
        out += p;
    }
    return out;
}

// ---------------------------------------------------------------- problems

// Where syntax problems go: strict mode throws at the first, forgiving mode
// keeps a short list of notes for `understood`. Positions are counted in
// code points, incrementally (problems come mostly in input order), so many
// problems in a long input stay linear.
class Problems {
public:
    Problems(std::string_view input, bool strict) : input_(input), strict_(strict) {}

    // A problem strict mode refuses; `message(pos)` and `note(pos)` build the
    // texts from the code-point position.
    template <class Message, class Note>
    void syntax(std::size_t byte, Message message, Note note) {
        std::size_t pos = position(byte);
        if (strict_) throw QuerySyntaxError(pos, message(pos));
        reinterpreted_ = true;
        add(note(pos));
    }

    // A value that cannot be answered as asked: refused in both modes.
    template <class Message>
    [[noreturn]] void fail(std::size_t byte, Message message) {
        std::size_t pos = position(byte);
        throw QuerySyntaxError(pos, message(pos));
    }

    void add(std::string note) {
        if (std::find(notes_.begin(), notes_.end(), note) != notes_.end()) return;
        if (notes_.size() < kMaxNotes)
            notes_.push_back(std::move(note));
        else
            ++more_;
    }

    std::vector<std::string> notes() const {
        std::vector<std::string> out = notes_;
        if (more_) out.push_back(std::to_string(more_) + " more like these");
        return out;
    }
    bool reinterpreted() const { return reinterpreted_; }

    std::size_t position(std::size_t byte) {
        if (byte < cache_byte_) cache_byte_ = cache_pos_ = 0;
        Xapian::Utf8Iterator it(input_.data() + cache_byte_, input_.size() - cache_byte_);
        const Xapian::Utf8Iterator end;
        while (it != end && input_.size() - it.left() < byte) {
            ++it;
            ++cache_pos_;
        }
        cache_byte_ = input_.size() - it.left();
        return cache_pos_;
    }

private:
    static constexpr std::size_t kMaxNotes = 8;
    std::string_view input_;
    bool strict_;
    bool reinterpreted_ = false;
    std::vector<std::string> notes_;
    std::size_t more_ = 0;
    std::size_t cache_byte_ = 0;
    std::size_t cache_pos_ = 0;
};

std::string at(std::size_t pos) { return " at " + std::to_string(pos); }

// ---------------------------------------------------------------- lexer

enum class Tok : std::uint8_t { word, phrase, field, tag, op_and, op_or, op_not, plus, minus, open, close };

struct Token {
    Tok kind = Tok::word;
    std::size_t begin = 0;       // bytes: the whole token, quotes and brackets included
    std::size_t end = 0;
    std::size_t text_begin = 0;  // bytes: the word, the phrase's content, the field or tag name
    std::size_t text_end = 0;
    bool value = false;          // the word/phrase/"(" right after a field:
};

bool starts_operand(Tok t) {
    return t == Tok::word || t == Tok::phrase || t == Tok::field || t == Tok::open || t == Tok::plus ||
           t == Tok::minus || t == Tok::op_not;
}
bool ends_operand(Tok t) { return t == Tok::word || t == Tok::phrase || t == Tok::tag || t == Tok::close; }

std::string_view operator_name(Tok t) { return t == Tok::op_and ? "AND" : t == Tok::op_or ? "OR" : "NOT"; }

class Lexer {
public:
    Lexer(std::string_view input, Problems& problems) : in_(input), problems_(problems) {}

    std::vector<Token> run() {
        while (i_ < in_.size()) {
            if (std::size_t w = space_length(in_, i_)) {
                i_ += w;
                continue;
            }
            lex_token();
        }
        return std::move(tokens_);
    }

private:
    void lex_token() {
        char c = in_[i_];
        if (std::size_t q = quote_length(in_, i_)) {
            lex_phrase(q, false);
            return;
        }
        if (c == '(' || c == ')') {
            push(c == '(' ? Tok::open : Tok::close, i_, i_ + 1);
            ++i_;
            return;
        }
        if ((c == '+' || c == '-') && lex_sign()) return;
        if (std::size_t n = tag_length(i_)) {
            push(Tok::tag, i_, i_ + n, i_ + 1, i_ + n - 1);
            i_ += n;
            return;
        }
        if (!lex_field()) lex_word(false);
    }

    // "+x" / "-x" at the start of a token. A run ("--", "+-") is text; a lone
    // sign has nothing to apply to; see also below.
    bool lex_sign() {
        std::size_t next = i_ + 1;
        if (next < in_.size() && (in_[next] == '+' || in_[next] == '-')) return false;
        // Pasted text: a sign glued to what precedes it is a hyphen
        // ("(H2A)-histone"), one before a digit a signed number ("-2", "+1").
        if (i_ > 0 && !space_length(in_, i_ - 1) && in_[i_ - 1] != '(') return false;
        if (next < in_.size() && is_ascii_digit(in_[next])) return false;
        if (next >= in_.size() || space_length(in_, next) || in_[next] == ')') {
            char sign = in_[i_];
            problems_.syntax(
                i_, [&](std::size_t p) { return std::string("'") + sign + "'" + at(p) + " has nothing on its right"; },
                [&](std::size_t p) { return std::string("\"") + sign + "\"" + at(p) + " ignored"; });
            ++i_;
            return true;
        }
        push(in_[i_] == '+' ? Tok::plus : Tok::minus, i_, next);
        ++i_;
        return true;
    }

    // "[ti]", "[title/abstract]", "[mh:noexp]": a letter, then letters, digits,
    // spaces, "/", ":" or "-", then "]" and a boundary. 0 when not a tag.
    std::size_t tag_length(std::size_t i) const {
        if (in_[i] != '[' || i + 1 >= in_.size() || !is_ascii_alpha(in_[i + 1])) return 0;
        std::size_t j = i + 1;
        while (j < in_.size() && j - i <= 32 &&
               (is_ascii_alpha(in_[j]) || is_ascii_digit(in_[j]) || in_[j] == ' ' || in_[j] == '/' || in_[j] == ':' ||
                in_[j] == '-'))
            ++j;
        if (j >= in_.size() || in_[j] != ']') return 0;
        std::size_t k = j + 1;
        if (k < in_.size() && !space_length(in_, k) && in_[k] != '(' && in_[k] != ')' && !quote_length(in_, k)) return 0;
        return k - i;
    }

    // "name:" at the start of a token. Unknown names and known ones with no
    // value right after the colon are text (a problem in strict mode).
    bool lex_field() {
        std::size_t j = i_;
        while (j < in_.size() && is_ascii_alpha(in_[j]) && j - i_ <= 20) ++j;
        if (j == i_ || j >= in_.size() || in_[j] != ':') return false;
        std::string name = ascii_lower(in_.substr(i_, j - i_));
        if ((name == "http" || name == "https" || name == "ftp") && in_.substr(j + 1, 2) == "//") return false;
        if (field_named(name) == Field::none) {
            problems_.syntax(
                i_, [&](std::size_t p) { return "unknown field '" + name + "'" + at(p); },
                [&](std::size_t) { return "\"" + name + ":\" read as text"; });
            return false;
        }
        std::size_t v = j + 1;
        if (v >= in_.size() || space_length(in_, v) || in_[v] == ')') {
            problems_.syntax(
                i_,
                [&](std::size_t p) {
                    return "field '" + name + "'" + at(p) + " has no value (write " + name + ":word or " + name +
                           ":\"some words\")";
                },
                [&](std::size_t) { return "\"" + name + ":\" read as text"; });
            return false;
        }
        push(Tok::field, i_, v, i_, j);
        i_ = v;
        if (std::size_t q = quote_length(in_, i_)) {
            // After an unmatched quote the value is the word that follows, if any.
            if (!lex_phrase(q, true) && i_ < in_.size() && !space_length(in_, i_) && in_[i_] != '(' && in_[i_] != ')')
                lex_word(true);
        } else if (in_[i_] == '(') {
            push(Tok::open, i_, i_ + 1);
            tokens_.back().value = true;
            ++i_;
        } else {
            lex_word(true);
        }
        return true;
    }

    bool lex_phrase(std::size_t quote, bool value) {
        std::size_t content = i_ + quote;
        for (std::size_t j = content; j < in_.size(); ++j) {
            if (std::size_t q = quote_length(in_, j)) {
                push(Tok::phrase, i_, j + q, content, j);
                tokens_.back().value = value;
                i_ = j + q;
                return true;
            }
        }
        // No closing quote anywhere after this one, so the scan above runs at
        // most once to the end of the input.
        problems_.syntax(
            i_, [](std::size_t p) { return "unbalanced quote" + at(p); },
            [](std::size_t p) { return "unmatched quote" + at(p) + " ignored"; });
        i_ = content;
        return false;
    }

    // A word runs to whitespace, a quote, an unbalanced ")" or a [tag]. A
    // "(" inside a word is literal when closed inside it: "IL(6)",
    // "S0140-6736(20)30183-5".
    void lex_word(bool value) {
        std::size_t start = i_;
        int depth = 0;
        while (i_ < in_.size()) {
            if (space_length(in_, i_) || quote_length(in_, i_)) break;
            char c = in_[i_];
            if (c == '(') {
                if (!value && is_operator(in_.substr(start, i_ - start))) break;
                ++depth;
            } else if (c == ')') {
                if (depth == 0) break;
                --depth;
            } else if (c == '[' && i_ > start && tag_length(i_)) {
                break;
            }
            ++i_;
        }
        if (i_ == start) ++i_;  // cannot happen; guarantees progress
        std::string_view text = in_.substr(start, i_ - start);
        Tok kind = Tok::word;
        bool after_sign = !tokens_.empty() && tokens_.back().end == start &&
                          (tokens_.back().kind == Tok::plus || tokens_.back().kind == Tok::minus);
        if (!value && !after_sign && is_operator(text))
            kind = text == "AND" ? Tok::op_and : text == "OR" ? Tok::op_or : Tok::op_not;
        push(kind, start, i_);
        tokens_.back().value = value;
    }

    static bool is_operator(std::string_view w) { return w == "AND" || w == "OR" || w == "NOT"; }

    void push(Tok kind, std::size_t begin, std::size_t end) { push(kind, begin, end, begin, end); }
    void push(Tok kind, std::size_t begin, std::size_t end, std::size_t text_begin, std::size_t text_end) {
        Token t;
        t.kind = kind;
        t.begin = begin;
        t.end = end;
        t.text_begin = text_begin;
        t.text_end = text_end;
        tokens_.push_back(t);
    }

    std::string_view in_;
    Problems& problems_;
    std::size_t i_ = 0;
    std::vector<Token> tokens_;
};

// ---------------------------------------------------------------- repair

// Makes the token stream well formed, so the parser never meets a syntax
// error: unmatched or too deeply nested parentheses are dropped, operators
// missing an operand become words, signs with nothing to apply to and tags
// with nothing before them (or unknown) are dropped.
std::vector<Token> repair(std::vector<Token> tokens, std::string_view input, std::size_t max_depth, Problems& problems) {
    std::vector<bool> drop(tokens.size(), false);
    struct Open {
        std::size_t index;
        bool flat;
    };
    std::vector<Open> open;
    std::size_t depth = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].kind == Tok::open) {
            bool flat = depth >= max_depth;
            if (flat) {
                problems.syntax(
                    tokens[i].begin,
                    [&](std::size_t p) { return "parentheses nested deeper than " + std::to_string(max_depth) + at(p); },
                    [&](std::size_t) { return "parentheses nested deeper than " + std::to_string(max_depth) + " ignored"; });
                drop[i] = true;
            } else {
                ++depth;
            }
            open.push_back({i, flat});
        } else if (tokens[i].kind == Tok::close) {
            if (open.empty()) {
                problems.syntax(
                    tokens[i].begin, [](std::size_t p) { return "unmatched ')'" + at(p); },
                    [](std::size_t p) { return "unmatched \")\"" + at(p) + " ignored"; });
                drop[i] = true;
                continue;
            }
            if (open.back().flat)
                drop[i] = true;
            else
                --depth;
            open.pop_back();
        }
    }
    for (const Open& o : open) {
        if (o.flat) continue;
        problems.syntax(
            tokens[o.index].begin, [](std::size_t p) { return "unmatched '('" + at(p); },
            [](std::size_t p) { return "unmatched \"(\"" + at(p) + " ignored"; });
        drop[o.index] = true;
    }
    std::vector<Token> kept;
    kept.reserve(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (!drop[i]) kept.push_back(tokens[i]);

    std::vector<Token> out;
    out.reserve(kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) {
        Token t = kept[i];
        const Token* prev = out.empty() ? nullptr : &out.back();
        const Token* next = i + 1 < kept.size() ? &kept[i + 1] : nullptr;
        switch (t.kind) {
            case Tok::op_and:
            case Tok::op_or:
            case Tok::op_not: {
                bool left = t.kind == Tok::op_not || (prev && ends_operand(prev->kind));
                bool right = next && starts_operand(next->kind);
                if (left && right) break;
                std::string_view name = operator_name(t.kind);
                problems.syntax(
                    t.begin,
                    [&](std::size_t p) {
                        return std::string(name) + at(p) + " has nothing on its " + (left ? "right" : "left");
                    },
                    [&](std::size_t p) { return "\"" + std::string(name) + "\"" + at(p) + " read as a word"; });
                t.kind = Tok::word;
                break;
            }
            case Tok::plus:
            case Tok::minus:
                if (next && starts_operand(next->kind)) break;
                problems.syntax(
                    t.begin,
                    [&](std::size_t p) {
                        return std::string("'") + input[t.begin] + "'" + at(p) + " has nothing on its right";
                    },
                    [&](std::size_t p) { return std::string("\"") + input[t.begin] + "\"" + at(p) + " ignored"; });
                continue;
            case Tok::field:
                if (next && (next->kind == Tok::word || next->kind == Tok::phrase || next->kind == Tok::open)) break;
                problems.syntax(
                    t.begin,
                    [&](std::size_t p) {
                        return "field '" + ascii_lower(input.substr(t.text_begin, t.text_end - t.text_begin)) + "'" +
                               at(p) + " has no value";
                    },
                    [&](std::size_t) {
                        return "\"" + ascii_lower(input.substr(t.begin, t.end - t.begin)) + "\" read as text";
                    });
                t.kind = Tok::word;
                t.text_begin = t.begin;
                t.text_end = t.end;
                break;
            case Tok::tag: {
                std::string tag(input.substr(t.begin, t.end - t.begin));
                if (tag_named(input.substr(t.text_begin, t.text_end - t.text_begin)) == Field::none) {
                    problems.syntax(
                        t.begin, [&](std::size_t p) { return "unknown field tag '" + tag + "'" + at(p); },
                        [&](std::size_t p) { return "unknown tag \"" + tag + "\"" + at(p) + " ignored"; });
                    continue;
                }
                if (!prev || (prev->kind != Tok::word && prev->kind != Tok::phrase)) {
                    problems.syntax(
                        t.begin, [&](std::size_t p) { return "field tag '" + tag + "'" + at(p) + " has no word before it"; },
                        [&](std::size_t p) { return "tag \"" + tag + "\"" + at(p) + " ignored"; });
                    continue;
                }
                break;
            }
            default:
                break;
        }
        out.push_back(t);
    }
    return out;
}

// ---------------------------------------------------------------- years

std::optional<int> year_of(std::string_view s) {
    // "2019", or a PubMed date "2019/06" or "2019/06/30" (read as its year).
    if (s.size() < 4 || !all_digits(s.substr(0, 4))) return std::nullopt;
    std::string_view rest = s.substr(4);
    for (int part = 0; part < 2 && !rest.empty(); ++part) {
        if (rest.front() != '/') return std::nullopt;
        rest.remove_prefix(1);
        std::size_t n = 0;
        while (n < rest.size() && n < 2 && is_ascii_digit(rest[n])) ++n;
        if (n == 0) return std::nullopt;
        rest.remove_prefix(n);
    }
    if (!rest.empty()) return std::nullopt;
    return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
}

struct Years {
    std::optional<int> from;
    std::optional<int> to;
    bool range = false;
};

// "2020", "2019..2022", "2019:2022" (PubMed), "2019-2022", "2019..", "..2022".
// Throws (both modes) when the value is not one of these or the range is
// empty.
Years parse_years(std::string_view raw, std::size_t byte, Problems& problems) {
    std::string_view v = trim_ascii(raw);
    auto bad = [&]() {
        problems.fail(byte, [&](std::size_t p) {
            return "bad year '" + std::string(v) + "'" + at(p) + ": expected a year like 2020 or a range like 2019..2022";
        });
    };
    std::size_t sep = v.find("..");
    std::size_t sep_length = 2;
    if (sep == std::string_view::npos) {
        sep_length = 1;
        sep = v.find(':');
        if (sep == std::string_view::npos && v.size() > 4 && v[4] == '-') sep = 4;
    }
    Years years;
    if (sep == std::string_view::npos) {
        years.from = years.to = year_of(v);
        if (!years.from) bad();
        return years;
    }
    years.range = true;
    std::string_view a = trim_ascii(v.substr(0, sep));
    std::string_view b = trim_ascii(v.substr(sep + sep_length));
    if (a.empty() && b.empty()) bad();
    if (!a.empty() && !(years.from = year_of(a))) bad();
    if (!b.empty() && !(years.to = year_of(b))) bad();
    if (years.from && years.to && *years.from > *years.to) {
        problems.fail(byte, [&](std::size_t p) {
            return "empty year range '" + std::string(v) + "'" + at(p) + ": " + std::to_string(*years.from) +
                   " is after " + std::to_string(*years.to);
        });
    }
    return years;
}

// ---------------------------------------------------------------- query nodes

// Rendering precedence of `shown`, the same as parsing precedence, so a
// child is parenthesised exactly when reading it back would group it
// differently.
constexpr int kRankedLevel = -1;  // "a AND b (records with every term first)": always parenthesised inside another operator
constexpr int kOrLevel = 0;
constexpr int kAndLevel = 1;
constexpr int kSequenceLevel = 2;
constexpr int kAtomLevel = 3;

// A parsed clause: what it requires (`positive`, empty when nothing) and
// what it excludes (kept apart so AND and adjacency can hoist exclusions to
// one AND_NOT at the end).
struct Node {
    Query positive;
    std::vector<Query> excluded;
    bool filter = false;  // positive part restricts only: no ranking weight
    std::string shown;
    int level = kAtomLevel;
    std::string stopword_candidate;           // one plain free-text word, folded
    bool acronym = false;                     // ... typed in capitals: never a stopword
    // What the clause matches in a bag-of-words query, when that is looser
    // than `positive` (a hyphenated word: its parts or its joined spelling).
    std::optional<Query> loose;
    std::vector<std::string> highlight_words;  // what it added to highlight

    bool empty() const { return positive.empty() && excluded.empty(); }
    bool weightless() const { return filter || positive.empty(); }
};

std::string wrapped(const Node& n, int parent_level) { return n.level < parent_level ? "(" + n.shown + ")" : n.shown; }

// Flat n-ary AND/OR (Xapian 1.4 does not flatten nested ones itself, and the
// descriptions read better flat).
Query combine(Query::op op, const std::vector<Query>& queries) {
    std::vector<Query> flat;
    for (const Query& q : queries) {
        if (q.get_type() == op && (op == Query::OP_AND || op == Query::OP_OR)) {
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) flat.push_back(q.get_subquery(i));
        } else {
            flat.push_back(q);
        }
    }
    if (flat.size() == 1) return flat.front();
    return Query(op, flat.begin(), flat.end());
}

// Every document. Not Query::MatchAll: copying that shared global bumps a
// reference count that is not atomic, a data race between requests.
Query match_all() { return Query(std::string()); }

Query materialize(const Node& n) {
    if (n.excluded.empty()) return n.positive;
    return Query(Query::OP_AND_NOT, n.positive.empty() ? match_all() : n.positive, combine(Query::OP_OR, n.excluded));
}

Query weightless(const Query& q) { return Query(Query::OP_SCALE_WEIGHT, q, 0.0); }

// Text ranks; filters restrict it without adding weight.
Query filtered(const std::vector<Query>& text, const std::vector<Query>& filters) {
    if (text.empty()) return filters.empty() ? Query() : combine(Query::OP_AND, filters);
    if (filters.empty()) return combine(Query::OP_AND, text);
    return Query(Query::OP_FILTER, combine(Query::OP_AND, text), combine(Query::OP_AND, filters));
}

// Explicit AND: everything required, exclusions hoisted.
Node all_of(std::vector<Node> parts) {
    std::erase_if(parts, [](const Node& n) { return n.empty(); });
    if (parts.size() <= 1) return parts.empty() ? Node{} : std::move(parts.front());
    std::vector<Query> text, filters;
    std::vector<std::string> shown;
    Node out;
    for (Node& p : parts) {
        if (!p.positive.empty()) (p.filter ? filters : text).push_back(p.positive);
        out.excluded.insert(out.excluded.end(), p.excluded.begin(), p.excluded.end());
        shown.push_back(wrapped(p, kAndLevel));
    }
    out.positive = filtered(text, filters);
    out.filter = text.empty();
    out.shown = join(shown, " AND ");
    out.level = kAndLevel;
    return out;
}

// Explicit OR: filters and pure exclusions take part without weight.
Node any_of(std::vector<Node> parts) {
    std::erase_if(parts, [](const Node& n) { return n.empty(); });
    if (parts.size() <= 1) return parts.empty() ? Node{} : std::move(parts.front());
    bool all_weightless = std::all_of(parts.begin(), parts.end(), [](const Node& n) { return n.weightless(); });
    std::vector<Query> queries;
    std::vector<std::string> shown;
    for (const Node& p : parts) {
        Query q = materialize(p);
        queries.push_back(!all_weightless && p.weightless() ? weightless(q) : q);
        shown.push_back(wrapped(p, kOrLevel));
    }
    Node out;
    out.positive = combine(Query::OP_OR, queries);
    out.filter = all_weightless;
    out.shown = join(shown, " OR ");
    out.level = kOrLevel;
    return out;
}

enum class Occur : std::uint8_t { optional, required, prohibited };

struct Clause {
    Node node;
    Occur occur = Occur::optional;
};

// ---------------------------------------------------------------- parser

class Parser {
public:
    Parser(std::string_view input, const std::vector<Token>& tokens, const QueryOptions& options, Problems& problems)
        : in_(input),
          tokens_(tokens),
          options_(options),
          problems_(problems),
          stemmer_(make_stemmer(options.stemmer)),
          mixed_case_(std::any_of(input.begin(), input.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {}

    Node run() {
        std::vector<Node> parts{parse_or()};
        // The repaired stream is fully consumed by parse_or(); this only
        // guarantees progress should a stray token ever remain.
        while (pos_ < tokens_.size()) {
            ++pos_;
            parts.push_back(parse_or());
        }
        return all_of(std::move(parts));
    }

    bool coordinated() const { return coordinated_; }
    const std::vector<std::string>& expanded() const { return expanded_; }
    const std::vector<std::string>& dropped_stopwords() const { return dropped_stopwords_; }
    std::vector<ParsedQuery::Word>& words() { return words_; }

    std::vector<std::string> highlight() const {
        std::vector<std::string> out;
        for (const std::string& w : highlight_order_)
            if (highlight_count_.at(w) > 0) out.push_back(w);
        return out;
    }

private:
    bool at_kind(Tok kind) const { return pos_ < tokens_.size() && tokens_[pos_].kind == kind; }
    std::string_view text(const Token& t) const { return in_.substr(t.text_begin, t.text_end - t.text_begin); }

    Node parse_or() {
        std::vector<Node> parts{parse_and()};
        while (at_kind(Tok::op_or)) {
            ++pos_;
            parts.push_back(parse_and());
        }
        return any_of(std::move(parts));
    }

    Node parse_and() {
        std::vector<Node> parts{parse_sequence()};
        while (at_kind(Tok::op_and)) {
            ++pos_;
            parts.push_back(parse_sequence());
        }
        return all_of(std::move(parts));
    }

    Node parse_sequence() {
        std::vector<Clause> clauses;
        while (pos_ < tokens_.size() && starts_operand(tokens_[pos_].kind)) clauses.push_back(parse_unary());
        return sequence(std::move(clauses), depth_ == 0);
    }

    // Prefixes are read in a loop, not by recursion: "NOT NOT NOT ... x" is
    // as cheap as "x".
    Clause parse_unary() {
        bool negated = false;
        bool required = false;
        while (pos_ < tokens_.size()) {
            Tok k = tokens_[pos_].kind;
            if (k == Tok::op_not || k == Tok::minus)
                negated = !negated;
            else if (k == Tok::plus)
                required = true;
            else
                break;
            ++pos_;
        }
        bool outer = negated_;
        negated_ = negated_ != negated;
        Node node = parse_primary();
        negated_ = outer;
        return {std::move(node), negated ? Occur::prohibited : required ? Occur::required : Occur::optional};
    }

    Node parse_primary() {
        if (pos_ >= tokens_.size()) return {};
        const Token& t = tokens_[pos_];
        switch (t.kind) {
            case Tok::open: {
                ++pos_;
                ++depth_;
                Node inner = parse_or();
                --depth_;
                if (at_kind(Tok::close)) ++pos_;
                return inner;
            }
            case Tok::field: {
                Field f = field_named(ascii_lower(text(t)));
                ++pos_;
                if (at_kind(Tok::open)) {
                    Field outer = field_;
                    field_ = f;
                    Node group = parse_primary();
                    field_ = outer;
                    return group;
                }
                if (!at_kind(Tok::word) && !at_kind(Tok::phrase)) return {};
                if (f == Field::author && at_kind(Tok::word) && author_initials_follow()) {
                    const Token& family = tokens_[pos_];
                    std::string value = std::string(text(family)) + " " + std::string(text(tokens_[pos_ + 1]));
                    pos_ += 2;
                    return author_atom(value, family.text_begin, false);
                }
                return atom(f);
            }
            case Tok::word:
            case Tok::phrase:
                return atom(field_);
            default:
                ++pos_;
                return {};
        }
    }

    // author:Jost R: upper-case initials (R, RJ, R.J.) right after an author
    // value belong to it.
    bool author_initials_follow() const {
        if (pos_ + 1 >= tokens_.size()) return false;
        const Token& next = tokens_[pos_ + 1];
        if (next.kind != Tok::word || next.value) return false;
        if (pos_ + 2 < tokens_.size() && tokens_[pos_ + 2].kind == Tok::tag) return false;
        std::string_view w = text(next);
        std::size_t letters = 0;
        for (char c : w) {
            if (c == '.') continue;
            if (!is_ascii_upper(c)) return false;
            ++letters;
        }
        return letters >= 1 && letters <= 3;
    }

    // PubMed's "jost r[au]": the tag is on a 1-2 letter initial, so the word
    // before it is the family name.
    bool pubmed_author_pair() const {
        if (pos_ + 2 >= tokens_.size()) return false;
        const Token& first = tokens_[pos_];
        const Token& second = tokens_[pos_ + 1];
        const Token& tag = tokens_[pos_ + 2];
        if (first.kind != Tok::word || first.value || second.kind != Tok::word || tag.kind != Tok::tag) return false;
        if (tag_named(text(tag)) != Field::author) return false;
        std::string_view w = text(second);
        if (!w.empty() && w.back() == '.') w.remove_suffix(1);
        return !w.empty() && w.size() <= 2 && std::all_of(w.begin(), w.end(), is_ascii_alpha);
    }

    // A word or phrase at pos_, with the field in force and its [tag], if any.
    Node atom(Field field) {
        if (pubmed_author_pair()) {
            const Token& family = tokens_[pos_];
            std::string initials = ascii_lower(text(tokens_[pos_ + 1]));
            for (char& c : initials)
                if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            std::string value = std::string(text(family)) + ", " + initials;
            pos_ += 3;
            return author_atom(value, family.text_begin, false);
        }
        const Token& t = tokens_[pos_++];
        if (at_kind(Tok::tag)) {
            const Token& tag = tokens_[pos_++];
            field = tag_named(text(tag));
            if (field == Field::language) {
                problems_.add("\"" + std::string(in_.substr(t.begin, tag.end - t.begin)) +
                              "\" ignored: languages are not indexed");
                return {};
            }
        }
        bool phrase = t.kind == Tok::phrase;
        std::string_view raw = text(t);
        bool wildcard = false;
        if (!phrase && field != Field::year && raw.size() > 1 && raw.back() == '*') {
            while (!raw.empty() && raw.back() == '*') raw.remove_suffix(1);
            wildcard = !raw.empty();
        }
        if (wildcard && wildcards_++ >= options_.max_wildcards) {
            std::size_t limit = options_.max_wildcards;
            problems_.syntax(
                t.text_begin, [&](std::size_t p) { return "more than " + std::to_string(limit) + " wildcards" + at(p); },
                [&](std::size_t) { return "wildcards after the first " + std::to_string(limit) + " ignored"; });
            return {};
        }
        switch (field) {
            case Field::author: return author_atom(std::string(raw), t.text_begin, wildcard);
            case Field::journal: return word_filter_atom(Field::journal, schema::kJournalText, raw, t, phrase, wildcard);
            case Field::pubtype: return word_filter_atom(Field::pubtype, schema::kPubType, raw, t, phrase, wildcard);
            case Field::doi:
            case Field::pmid:
            case Field::type:
            case Field::source: return value_atom(field, raw, t, wildcard);
            case Field::year: return year_atom(raw, t);
            default: return text_atom(field, raw, t.text_begin, phrase, wildcard);
        }
    }

    // Counts terms against max_terms; false when the clause must be dropped.
    bool spend(std::size_t n, std::size_t byte) {
        if (terms_ + n <= options_.max_terms) {
            terms_ += n;
            return true;
        }
        std::size_t limit = options_.max_terms;
        problems_.syntax(
            byte, [&](std::size_t p) { return "more than " + std::to_string(limit) + " terms" + at(p); },
            [&](std::size_t) { return "terms after the first " + std::to_string(limit) + " ignored"; });
        return false;
    }
    bool budget_left(std::size_t byte) { return terms_ < options_.max_terms || spend(1, byte); }

    Query stemmed(std::string_view prefix, const std::string& term) {
        if (should_stem(term)) {
            std::string stem = stemmer_(term);
            if (!stem.empty()) return Query("Z" + std::string(prefix) + stem);
        }
        return Query(std::string(prefix) + term);
    }

    static Query phrase_of(std::string_view prefix, const std::vector<std::string>& terms) {
        std::vector<Query> q;
        for (const std::string& t : terms) q.emplace_back(std::string(prefix) + t);
        return Query(Query::OP_PHRASE, q.begin(), q.end(), static_cast<Xapian::termcount>(terms.size()));
    }

    Query wildcard_of(std::string pattern) const {
        if (options_.expand_wildcard) {
            std::vector<std::string> terms = options_.expand_wildcard(pattern, options_.max_wildcard_expansion);
            if (terms.empty()) return Query::MatchNothing;
            return Query(Query::OP_SYNONYM, terms.begin(), terms.end());
        }
        return Query(Query::OP_WILDCARD, pattern, options_.max_wildcard_expansion, Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }

    // One text field. A single word is stemmed; a quoted single word is not;
    // several terms (a phrase, or a word like PD-1) must be adjacent: by
    // positions where the field has them, else by the unprefixed positional
    // terms plus the field's own terms. A wildcard expands its last term.
    Query text_query(Field f, const std::vector<std::string>& terms, bool phrase, bool wildcard) {
        TextField tf = text_field(f);
        if (wildcard) {
            std::vector<Query> parts;
            for (std::size_t i = 0; i + 1 < terms.size(); ++i) parts.emplace_back(std::string(tf.prefix) + terms[i]);
            parts.push_back(wildcard_of(std::string(tf.prefix) + terms.back()));
            return combine(Query::OP_AND, parts);
        }
        if (terms.size() == 1) return phrase ? Query(std::string(tf.prefix) + terms[0]) : stemmed(tf.prefix, terms[0]);
        if (tf.positional) return phrase_of(tf.prefix, terms);
        std::vector<Query> parts{phrase_of("", terms)};
        for (const std::string& t : terms) parts.emplace_back(std::string(tf.prefix) + t);
        return combine(Query::OP_AND, parts);
    }

    Node text_atom(Field f, std::string_view raw, std::size_t raw_begin, bool phrase, bool wildcard) {
        if (!budget_left(raw_begin)) return {};
        std::vector<Piece> pieces = split_terms(fold(raw));
        if (pieces.empty() || !spend(pieces.size(), raw_begin)) return {};
        std::vector<std::string> terms;
        for (Piece& p : pieces) terms.push_back(std::move(p.term));

        Node n;
        std::string value = terms.size() == 1 && !phrase ? terms[0] : "\"" + join(terms, " ") + "\"";
        if (wildcard) value = (terms.size() == 1 ? terms[0] : join(terms, " ")) + "*";
        if (f == Field::title_abstract) {
            n.positive = Query(Query::OP_OR, text_query(Field::title, terms, phrase, wildcard),
                               text_query(Field::abstract, terms, phrase, wildcard));
            n.shown = "(title:" + value + " OR abstract:" + value + ")";
        } else {
            n.positive = text_query(f, terms, phrase, wildcard);
            n.shown = std::string(field_label(f)) + value;
        }
        if (wildcard) return n;

        if (f == Field::text && !phrase && terms.size() == 1) {
            n.stopword_candidate = terms[0];
            n.acronym = mixed_case_ && is_acronym(raw);
            if (n.acronym)
                n.positive = Query(terms[0]);
            else if (std::optional<Query> parts = camel_case_parts(raw))
                n.positive = Query(Query::OP_OR, n.positive, *parts);
            if (options_.long_forms) expand_abbreviation(n, terms[0]);
        }
        if (f == Field::text && !phrase && terms.size() > 1) n.loose = loose_parts(terms);
        if (!negated_) {
            for (const std::string& t : terms) n.highlight_words.push_back(t);
            if (terms.size() == 1 && !phrase && should_stem(terms[0])) n.highlight_words.push_back(stemmer_(terms[0]));
            for (const std::string& w : n.highlight_words) add_highlight(w, 1);
        }
        add_words(raw, raw_begin, terms);
        return n;
    }

    // Capitals only, at least two ("AIDS", "COPI", "WHO"): an acronym.
    static bool is_acronym(std::string_view raw) {
        std::size_t upper = static_cast<std::size_t>(std::count_if(raw.begin(), raw.end(), is_ascii_upper));
        return upper >= 2 && std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    }

    // "ACEInhibitors", "ProtonPumpInhibitors": the words run together, each
    // of at least three characters (so "mRNA", "McDonald", "DNase" stay one
    // word), as an AND of their stems.
    std::optional<Query> camel_case_parts(std::string_view raw) {
        auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
        std::vector<std::string_view> words;
        std::size_t start = 0;
        for (std::size_t i = 1; i < raw.size(); ++i) {
            bool boundary = (lower(raw[i - 1]) && is_ascii_upper(raw[i])) ||
                            (is_ascii_upper(raw[i - 1]) && is_ascii_upper(raw[i]) && i + 1 < raw.size() && lower(raw[i + 1]));
            if (!boundary) continue;
            words.push_back(raw.substr(start, i - start));
            start = i;
        }
        words.push_back(raw.substr(start));
        if (words.size() < 2) return std::nullopt;
        std::vector<Query> parts;
        for (std::string_view w : words) {
            std::vector<Piece> pieces = split_terms(fold(w));
            if (w.size() < 3 || pieces.size() != 1) return std::nullopt;
            parts.push_back(stemmed("", pieces[0].term));
        }
        return Query(Query::OP_AND, parts.begin(), parts.end());
    }

    // "long-range" in a bag of words: long OR range OR longrange, stemmed.
    Query loose_parts(const std::vector<std::string>& terms) {
        std::vector<Query> parts;
        std::string joined;
        for (const std::string& t : terms) {
            parts.push_back(stemmed("", t));
            joined += t;
        }
        parts.push_back(stemmed("", joined));
        return Query(Query::OP_OR, parts.begin(), parts.end());
    }

    void expand_abbreviation(Node& n, const std::string& word) {
        std::vector<std::string> forms = options_.long_forms(word);
        if (forms.size() != 1) return;  // unknown, or ambiguous
        std::vector<Query> parts;
        for (const Piece& p : split_terms(forms.front())) parts.push_back(stemmed("", p.term));
        if (parts.empty()) return;
        n.positive = Query(Query::OP_SYNONYM, n.positive, combine(Query::OP_AND, parts));
        std::string note = word + " = " + forms.front();
        if (std::find(expanded_.begin(), expanded_.end(), note) == expanded_.end()) expanded_.push_back(std::move(note));
    }

    // Byte spans of the words: split the raw text the same way and check it
    // lines up with the folded split; if not (a ligature, a compatibility
    // character), every word gets the token's span.
    void add_words(std::string_view raw, std::size_t raw_begin, const std::vector<std::string>& terms) {
        std::vector<Piece> raw_pieces = split_terms(raw);
        bool aligned = raw_pieces.size() == terms.size();
        for (std::size_t i = 0; aligned && i < terms.size(); ++i) aligned = fold(raw_pieces[i].term) == terms[i];
        for (std::size_t i = 0; i < terms.size(); ++i) {
            ParsedQuery::Word w;
            w.folded = terms[i];
            w.begin = raw_begin + (aligned ? raw_pieces[i].begin : 0);
            w.end = raw_begin + (aligned ? raw_pieces[i].end : raw.size());
            words_.push_back(std::move(w));
        }
    }

    void add_highlight(const std::string& w, int delta) {
        auto [it, inserted] = highlight_count_.try_emplace(w, 0);
        if (inserted) highlight_order_.push_back(w);
        it->second += delta;
    }

    // author:VALUE and VALUE[au]: for each reading of the name, the most
    // specific key the indexer is sure to have made: family + first initial
    // when initials are known, else the family alone.
    Node author_atom(const std::string& value, std::size_t byte, bool wildcard) {
        if (!budget_left(byte)) return {};
        Node n;
        n.filter = true;
        if (wildcard) {
            std::string key = collapse_space(fold(value));
            if (key.empty() || !spend(1, byte)) return {};
            n.positive = wildcard_of(schema::boolean_term(schema::kAuthorKey, key));
            n.shown = "author:" + quoted(key + "*");
            return n;
        }
        std::vector<std::string> keys;
        for (const PersonName& name : parse_author(value)) {
            std::string key = name.family;
            if (!name.initials.empty()) {
                Xapian::Utf8Iterator first(name.initials);
                key += ' ';
                Xapian::Unicode::append_utf8(key, *first);
            }
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
        }
        if (keys.empty() || !spend(keys.size(), byte)) return {};
        std::vector<Query> queries;
        std::vector<std::string> shown;
        for (const std::string& k : keys) {
            queries.emplace_back(schema::boolean_term(schema::kAuthorKey, k));
            shown.push_back("author:" + quoted(k));
        }
        n.positive = combine(Query::OP_OR, queries);
        n.shown = shown.size() == 1 ? shown[0] : "(" + join(shown, " OR ") + ")";
        return n;
    }

    // journal: and pubtype: match words of the field (the indexer keeps no
    // positions there), as filters: journal:radiology keeps radiology
    // journals without ranking by it.
    Node word_filter_atom(Field f, std::string_view prefix, std::string_view raw, const Token& t, bool phrase,
                          bool wildcard) {
        if (!budget_left(t.text_begin)) return {};
        std::vector<Piece> pieces = split_terms(fold(raw));
        if (pieces.empty() || !spend(pieces.size(), t.text_begin)) return {};
        std::vector<std::string> terms;
        for (Piece& p : pieces) terms.push_back(std::move(p.term));
        std::vector<Query> parts;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            bool last = i + 1 == terms.size();
            if (last && wildcard)
                parts.push_back(wildcard_of(std::string(prefix) + terms[i]));
            else if (terms.size() == 1 && !phrase)
                parts.push_back(stemmed(prefix, terms[i]));
            else
                parts.emplace_back(std::string(prefix) + terms[i]);
        }
        Node n;
        n.filter = true;
        n.positive = combine(Query::OP_AND, parts);
        n.shown = std::string(field_label(f)) + quoted(join(terms, " ") + (wildcard ? "*" : ""));
        return n;
    }

    // doi:, pmid:, type:, source: match one boolean term (or, with a
    // trailing *, the terms it starts).
    Node value_atom(Field f, std::string_view raw, const Token& t, bool wildcard) {
        std::string value;
        std::string_view prefix;
        switch (f) {
            case Field::doi: value = normalize_doi(raw); prefix = schema::kDoi; break;
            case Field::pmid: value = std::string(trim_ascii(raw)); prefix = schema::kPmid; break;
            case Field::type: value = type_code(collapse_space(fold(raw))); prefix = schema::kType; break;
            default: value = std::string(trim_ascii(raw)); prefix = schema::kSource; break;
        }
        if (value.empty() || !budget_left(t.text_begin) || !spend(1, t.text_begin)) return {};
        Node n;
        n.filter = true;
        std::string term = schema::boolean_term(prefix, value);
        n.positive = wildcard ? wildcard_of(term) : Query(term);
        n.shown = std::string(field_label(f)) + quoted(value + (wildcard ? "*" : ""));
        return n;
    }

    Node year_atom(std::string_view raw, const Token& t) {
        Years y = parse_years(raw, t.text_begin, problems_);
        if (!budget_left(t.text_begin) || !spend(1, t.text_begin)) return {};
        Node n;
        n.filter = true;
        auto slot = static_cast<Xapian::valueno>(schema::kSlotYear);
        if (!y.range) {
            n.positive = Query(std::string(schema::kYear) + std::to_string(*y.from));
            n.shown = "year:" + std::to_string(*y.from);
            return n;
        }
        if (y.from && y.to)
            n.positive = Query(Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(*y.from),
                               Xapian::sortable_serialise(*y.to));
        else if (y.from)
            n.positive = Query(Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(*y.from));
        else
            n.positive = Query(Query::OP_VALUE_LE, slot, Xapian::sortable_serialise(*y.to));
        n.shown = "year:" + (y.from ? std::to_string(*y.from) : "") + ".." + (y.to ? std::to_string(*y.to) : "");
        return n;
    }

    // Records holding every term score kAllTermsWeight (a constant from a
    // FixedWeightPostingSource, filtered by the AND of the terms) on top of
    // their score from the OR of the terms. kAllTermsWeight exceeds any sum
    // the query can reach, so the ordering is strict: all-terms records
    // first, each group in score order. (An OP_SCALE_WEIGHT boost on the AND
    // would only make that likely.)
    Query every_term_first(const std::vector<Query>& optional) {
        Query bonus((new Xapian::FixedWeightPostingSource(kAllTermsWeight))->release());
        std::vector<Query> parts{Query(Query::OP_FILTER, bonus, combine(Query::OP_AND, optional))};
        parts.insert(parts.end(), optional.begin(), optional.end());
        return Query(Query::OP_OR, parts.begin(), parts.end());
    }

    // Clauses written side by side: +x required, -x excluded, filters
    // required without weight, the rest optional and ranked (every term
    // first for a short top-level run, stopwords dropped from a long one).
    Node sequence(std::vector<Clause> clauses, bool top) {
        std::erase_if(clauses, [](const Clause& c) { return c.node.empty(); });
        if (clauses.empty()) return {};
        if (clauses.size() == 1 && clauses[0].occur == Occur::optional) return std::move(clauses[0].node);

        std::vector<Node*> required, optional, filters;
        std::vector<Query> excluded;
        std::vector<std::string> not_shown;
        for (Clause& c : clauses) {
            Node& n = c.node;
            if (c.occur == Occur::prohibited) {
                excluded.push_back(materialize(n));
                not_shown.push_back("NOT " + wrapped(n, kAtomLevel));
                continue;
            }
            if (n.positive.empty() || n.filter || c.occur == Occur::required) {
                // Required parts' exclusions apply to the whole run.
                excluded.insert(excluded.end(), n.excluded.begin(), n.excluded.end());
                if (n.positive.empty())
                    not_shown.push_back(n.shown);
                else
                    (n.filter ? filters : required).push_back(&n);
                continue;
            }
            optional.push_back(&n);
        }
        // A long run at the top is a bag of words (a pasted sentence).
        bool bag = top && optional.size() > options_.coordination_max_terms;
        if (bag) drop_stopwords(optional);

        auto shown_of = [](const std::vector<Node*>& nodes, int level, std::string_view separator, std::string_view sign) {
            std::vector<std::string> parts;
            for (const Node* n : nodes) parts.push_back(std::string(sign) + wrapped(*n, level));
            return join(parts, separator);
        };
        std::vector<Query> text;
        std::string shown;
        int level = kAtomLevel;
        std::vector<Query> optional_queries;
        for (const Node* n : optional)
            optional_queries.push_back(bag && n->loose && n->excluded.empty() ? *n->loose : materialize(*n));
        if (!required.empty()) {
            std::vector<Query> r;
            for (const Node* n : required) r.push_back(n->positive);
            Query q = combine(Query::OP_AND, r);
            if (optional.empty()) {
                shown = shown_of(required, kAndLevel, " AND ", "");
                level = required.size() == 1 ? required[0]->level : kAndLevel;
            } else {
                q = Query(Query::OP_AND_MAYBE, q, combine(Query::OP_OR, optional_queries));
                shown = shown_of(required, kAtomLevel, " ", "+") + " " + shown_of(optional, kAtomLevel, " ", "");
                level = kSequenceLevel;
            }
            text.push_back(q);
        } else if (top && optional.size() >= 2 && optional.size() <= options_.coordination_max_terms) {
            text.push_back(every_term_first(optional_queries));
            coordinated_ = true;
            shown = shown_of(optional, kAndLevel, " AND ", "");
            level = kRankedLevel;
        } else if (!optional.empty()) {
            if (bag) {
                add_exact_words(optional, optional_queries);
                add_proximity(optional, optional_queries);
            }
            text.push_back(combine(Query::OP_OR, optional_queries));
            shown = shown_of(optional, kOrLevel, " OR ", "");
            level = optional.size() == 1 ? optional[0]->level : kOrLevel;
        }
        std::vector<Query> filter_queries;
        for (const Node* n : filters) filter_queries.push_back(n->positive);
        if (!filters.empty()) {
            std::string f = shown_of(filters, kAndLevel, " AND ", "");
            if (shown.empty()) {
                shown = std::move(f);
                level = filters.size() == 1 ? filters[0]->level : kAndLevel;
            } else {
                shown = (level < kAndLevel ? "(" + shown + ")" : shown) + " AND " + f;
                level = kAndLevel;
            }
        }
        for (const std::string& s : not_shown) {
            shown = shown.empty() ? s : (level < kAndLevel ? "(" + shown + ")" : shown) + " " + s;
            level = kAndLevel;
        }
        if (shown.empty()) return {};

        Node out;
        out.positive = filtered(text, filter_queries);
        out.filter = text.empty();
        out.excluded = std::move(excluded);
        out.shown = std::move(shown);
        out.level = level;
        return out;
    }

    // Two plain words side by side in the bag: records holding them close
    // together, in order, score a little more (a small share of the words'
    // own weight, so the words still decide). Words with one other between
    // them ("tumour [growth] inhibition") too, at a smaller share: a claim
    // or a review title rarely puts a paper's own phrase word for word.
    static void add_proximity(const std::vector<Node*>& optional, std::vector<Query>& out) {
        for (std::size_t apart : {1, 2}) {
            for (std::size_t i = 0; i + apart < optional.size(); ++i) {
                const std::string& a = optional[i]->stopword_candidate;
                const std::string& b = optional[i + apart]->stopword_candidate;
                if (a.empty() || b.empty()) continue;
                std::vector<Query> pair{Query(a), Query(b)};
                out.emplace_back(Query::OP_SCALE_WEIGHT, Query(Query::OP_PHRASE, pair.begin(), pair.end(), kProximityWindow),
                                 apart == 1 ? kProximityWeight : kSkipProximityWeight);
            }
        }
    }

    // The words of a bag as written (the index holds every word unstemmed
    // beside its stem), at a small share of their weight.
    static void add_exact_words(const std::vector<Node*>& optional, std::vector<Query>& out) {
        for (const Node* n : optional) {
            const std::string& w = n->stopword_candidate;
            if (w.empty() || n->acronym || !should_stem(w)) continue;
            out.emplace_back(Query::OP_SCALE_WEIGHT, Query(w), kExactWordWeight);
        }
    }

    static bool droppable(const Node* n) {
        return !n->acronym && !n->stopword_candidate.empty() && is_stopword(n->stopword_candidate);
    }

    void drop_stopwords(std::vector<Node*>& optional) {
        std::vector<Node*> kept;
        for (Node* n : optional)
            if (!droppable(n)) kept.push_back(n);
        if (kept.empty() || kept.size() == optional.size()) return;
        for (Node* n : optional) {
            if (!droppable(n)) continue;
            for (const std::string& w : n->highlight_words) add_highlight(w, -1);
            if (std::find(dropped_stopwords_.begin(), dropped_stopwords_.end(), n->stopword_candidate) ==
                dropped_stopwords_.end())
                dropped_stopwords_.push_back(n->stopword_candidate);
        }
        optional = std::move(kept);
    }

    std::string_view in_;
    const std::vector<Token>& tokens_;
    const QueryOptions& options_;
    Problems& problems_;
    Xapian::Stem stemmer_;
    bool mixed_case_;  // the input has lower case: words in capitals are acronyms

    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
    Field field_ = Field::text;  // set by field:( ... )
    bool negated_ = false;       // inside an odd number of NOT/-
    std::size_t terms_ = 0;
    std::size_t wildcards_ = 0;
    bool coordinated_ = false;
    std::vector<std::string> expanded_;  // "hsc = hematopoietic stem cells"
    std::vector<std::string> dropped_stopwords_;
    std::vector<ParsedQuery::Word> words_;
    std::vector<std::string> highlight_order_;
    std::unordered_map<std::string, int> highlight_count_;
};

ParsedQuery identifier_query(const Identifier& id) {
    ParsedQuery out;
    if (id.kind == Field::doi) {
        out.exact = Query(schema::boolean_term(schema::kDoi, id.value));
        out.exact_understood = "doi:" + id.value;
    } else {
        out.exact = Query(schema::boolean_term(schema::kPmid, id.value));
        out.exact_understood = "pmid:" + id.value;
    }
    // The fallback: the identifier as text, as the indexer would have split
    // it had it appeared in a title or abstract.
    std::vector<std::string> terms;
    for (Piece& p : split_terms(fold(id.value))) terms.push_back(std::move(p.term));
    if (terms.size() == 1) {
        out.query = Query(terms[0]);
        out.understood = terms[0];
    } else if (!terms.empty()) {
        std::vector<Query> q;
        for (const std::string& t : terms) q.emplace_back(t);
        out.query = Query(Query::OP_PHRASE, q.begin(), q.end(), static_cast<Xapian::termcount>(terms.size()));
        out.understood = "\"" + join(terms, " ") + "\"";
    }
    return out;
}

}  // namespace

ParsedQuery parse_query(std::string_view text, const QueryOptions& options) {
    if (std::optional<Identifier> id = identify(text)) return identifier_query(*id);

    Problems problems(text, options.strict);
    std::vector<Token> tokens = repair(Lexer(text, problems).run(), text, options.max_depth, problems);

    auto parser = std::make_unique<Parser>(text, tokens, options, problems);
    Node root = parser->run();

    ParsedQuery out;
    out.query = materialize(root);
    if (!root.empty() && root.weightless()) out.query = weightless(out.query);
    out.highlight = parser->highlight();
    out.words = std::move(parser->words());
    out.reinterpreted = problems.reinterpreted();
    out.all_terms_weight = parser->coordinated() ? kAllTermsWeight : 0;

    std::vector<std::string> notes;
    if (parser->coordinated()) notes.push_back("records with every term first");
    if (!parser->expanded().empty()) notes.push_back("abbreviations: " + join(parser->expanded(), ", "));
    if (!parser->dropped_stopwords().empty()) notes.push_back("common words ignored: " + join(parser->dropped_stopwords(), ", "));
    for (std::string& n : problems.notes()) notes.push_back(std::move(n));
    std::string body = root.shown;
    if (root.empty() && !trim_ascii(text).empty()) {
        body = "all records";
        notes.push_back("nothing to search for");
    }
    out.understood = body;
    if (!notes.empty()) out.understood += (body.empty() ? "(" : " (") + join(notes, "; ") + ")";
    return out;
}

}  // namespace citesearch
