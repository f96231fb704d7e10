// stored_record_summary_from_json: the stored record as a search hit needs
// it, read in one pass without building a JSON tree. A search reads ten or
// more records per request; building nlohmann's tree of each whole record
// (the `ris` lines repeat every field, the abstract included) was 30% of a
// search's instructions, and even nlohmann's SAX interface, which lexes every
// byte of what is skipped, 23% (docs/performance.md). This reader skips a
// value by looking only for its quotes and brackets (memchr), and decodes only
// the members it keeps.
//
// It reads the JSON that to_json_string writes (record_json.cc): UTF-8, any
// member order, unknown members skipped. It checks the structure, not every
// rule of JSON (raw control characters in strings, for one, pass).

#include <cstring>
#include <stdexcept>

#include "record_summary.h"

namespace citesearch {
namespace {

constexpr int kMaxDepth = 64;  // nesting of skipped values

class Reader {
public:
    explicit Reader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    bool record(StoredRecord& r) {
        bool id = false, key = false, citation = false, sources = false;
        auto found = [](bool& flag) { return flag = true; };
        bool ok = members([&](std::string_view name) {
            if (name == "id") return found(id) && string(&r.id);
            if (name == "key") return found(key) && string(&r.key);
            if (name == "citation") return found(citation) && citation_members(r.citation);
            if (name == "sources") return found(sources) && source_list(r.sources);
            return skip(0);  // "copies": per-source copies, needed only to re-merge when indexing
        });
        space();
        return ok && p_ == end_ && id && key && citation && sources;
    }

private:
    bool citation_members(Citation& c) {
        return members([&](std::string_view name) {
            if (std::string* s = string_member(c, name)) return string(s);
            if (std::vector<std::string>* list = list_member(c, name)) return string_list(*list);
            if (name == "year") return integer(c.year);
            if (name == "month") return integer(c.month);
            if (name == "day") return integer(c.day);
            return skip(0);  // "ris": the original lines, for the record view and exports
        });
    }

    static std::string* string_member(Citation& c, std::string_view name) {
        if (name == "type") return &c.type;
        if (name == "title") return &c.title;
        if (name == "journal") return &c.journal;
        if (name == "journal_abbrev") return &c.journal_abbrev;
        if (name == "abstract") return &c.abstract_text;
        if (name == "doi") return &c.doi;
        if (name == "pmid") return &c.pmid;
        if (name == "pmcid") return &c.pmcid;
        if (name == "issn") return &c.issn;
        if (name == "volume") return &c.volume;
        if (name == "issue") return &c.issue;
        if (name == "start_page") return &c.start_page;
        if (name == "end_page") return &c.end_page;
        if (name == "ris_id") return &c.ris_id;
        if (name == "language") return &c.language;
        if (name == "publisher") return &c.publisher;
        return nullptr;
    }

    static std::vector<std::string>* list_member(Citation& c, std::string_view name) {
        if (name == "authors") return &c.authors;
        if (name == "editors") return &c.editors;
        if (name == "keywords") return &c.keywords;
        if (name == "urls") return &c.urls;
        if (name == "notes") return &c.notes;
        return nullptr;
    }

    bool source_list(std::vector<Provenance>& sources) {
        return elements([&] {
            Provenance& p = sources.emplace_back();
            return members([&](std::string_view name) {
                if (name == "file") return string(&p.file);
                if (name == "ris_id") return string(&p.ris_id);
                if (name == "ordinal") return count(p.ordinal);
                if (name == "line") return count(p.line);
                return skip(0);
            });
        });
    }

    bool string_list(std::vector<std::string>& list) {
        return elements([&] { return string(&list.emplace_back()); });
    }

    // {"name": value, ...}: `member(name)` reads each value.
    template <typename F>
    bool members(F&& member) {
        if (!take('{')) return false;
        if (take('}')) return true;
        std::string name;
        do {
            name.clear();
            if (!string(&name) || !take(':') || !member(std::string_view(name))) return false;
        } while (take(','));
        return take('}');
    }

    // [value, ...]: `element()` reads each value.
    template <typename F>
    bool elements(F&& element) {
        if (!take('[')) return false;
        if (take(']')) return true;
        do {
            if (!element()) return false;
        } while (take(','));
        return take(']');
    }

    // A string into *out, or skipped when out is null.
    bool string(std::string* out) {
        if (!take('"')) return false;
        while (true) {
            const char* quote = static_cast<const char*>(std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_)));
            if (!quote) return false;
            const char* escape = static_cast<const char*>(std::memchr(p_, '\\', static_cast<std::size_t>(quote - p_)));
            const char* stop = escape ? escape : quote;
            if (out) out->append(p_, stop);
            p_ = stop + 1;
            if (!escape) return true;
            if (!unescape(out)) return false;
        }
    }

    // After a backslash.
    bool unescape(std::string* out) {
        if (p_ == end_) return false;
        char c = *p_++;
        char plain;
        switch (c) {
            case '"': plain = '"'; break;
            case '\\': plain = '\\'; break;
            case '/': plain = '/'; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u': return code_point(out);
            default: return false;
        }
        if (out) *out += plain;
        return true;
    }

    // After "\u": four hex digits, or a surrogate pair "\uD83D\uDE00".
    bool code_point(std::string* out) {
        unsigned cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
        }
        if (!out) return true;
        if (cp < 0x80) {
            *out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            *out += static_cast<char>(0xC0 | (cp >> 6));
            *out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            *out += static_cast<char>(0xE0 | (cp >> 12));
            *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            *out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            *out += static_cast<char>(0xF0 | (cp >> 18));
            *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            *out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        return true;
    }

    bool hex4(unsigned& v) {
        if (end_ - p_ < 4) return false;
        for (int k = 0; k < 4; ++k) {
            char c = *p_++;
            unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
            if (d == 16) return false;
            v = v * 16 + d;
        }
        return true;
    }

    // An integer that fits: years, months, days (may be negative), line numbers (not).
    template <typename N>
    bool number(N& out, bool allow_negative) {
        space();
        bool negative = p_ < end_ && *p_ == '-';
        if (negative && !allow_negative) return false;
        if (negative) ++p_;
        const char* digits = p_;
        unsigned long long v = 0;
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9' && p_ - digits < 18) v = v * 10 + static_cast<unsigned>(*p_++ - '0');
        if (p_ == digits || (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E'))) return false;
        out = negative ? static_cast<N>(-static_cast<long long>(v)) : static_cast<N>(v);
        return true;
    }
    bool integer(int& out) { return number(out, true); }
    bool count(std::size_t& out) { return number(out, false); }

    // Any value, unread.
    bool skip(int depth) {
        if (depth > kMaxDepth) return false;
        space();
        if (p_ == end_) return false;
        switch (*p_) {
            case '"': return string(nullptr);
            case '{': return members([&](std::string_view) { return skip(depth + 1); });
            case '[': return elements([&] { return skip(depth + 1); });
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: {
                const char* start = p_;
                auto numeric = [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; };
                while (p_ < end_ && numeric(*p_)) ++p_;
                return p_ != start;
            }
        }
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
        p_ += word.size();
        return true;
    }

    void space() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }

    // Skips white space, then consumes `c` if it is next.
    bool take(char c) {
        space();
        if (p_ == end_ || *p_ != c) return false;
        ++p_;
        return true;
    }

    const char* p_;
    const char* end_;
};

}  // namespace

StoredRecord stored_record_summary_from_json(std::string_view text) {
    StoredRecord r;
    if (!Reader(text).record(r)) throw std::runtime_error("document data is not a citesearch record");
    return r;
}

}  // namespace citesearch
