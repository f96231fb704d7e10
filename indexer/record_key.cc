#include "record_key.h"

#include <cstdint>
#include <cstdio>

#include "author_name.h"
#include "normalize.h"

namespace citesearch {

std::string title_fingerprint(std::string_view title) {
    std::string folded = fold(title);
    std::string out;
    bool space = false;
    for (unsigned char c : folded) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (!keep) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

std::string record_key(const Citation& c, const Provenance& where) {
    if (!c.doi.empty()) return "doi:" + c.doi;
    if (!c.pmid.empty()) return "pmid:" + c.pmid;
    if (!c.title.empty() && c.year != 0 && !c.authors.empty()) {
        std::vector<PersonName> names = parse_author(c.authors.front());
        std::string fp = title_fingerprint(c.title);
        if (!names.empty() && !fp.empty())
            return "fp:" + record_id(fp + "|" + std::to_string(c.year) + "|" + names.front().family);
    }
    std::string local = !c.ris_id.empty() ? "id:" + c.ris_id : "n:" + std::to_string(where.ordinal);
    return "src:" + where.file + "#" + local;
}

std::string record_id(std::string_view key) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace citesearch
