// libFuzzer target: arbitrary text as a query, in forgiving and strict mode.
// The parser's contract (server/query_parser.h): no input crashes it or
// makes it throw anything but QuerySyntaxError (strict mode, or a malformed
// year range); the query it builds stays within its term budget.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace citesearch;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool strict : {false, true}) {
        QueryOptions options;
        options.strict = strict;
        try {
            ParsedQuery p = parse_query(text, options);
            p.query.get_description();
            // A kept term appears a bounded number of times (fields, phrases, all-terms-first); wildcards are not expanded yet.
            if (p.query.get_length() > 16 * options.max_terms) std::abort();
            for (const ParsedQuery::Word& w : p.words)
                if (w.begin > w.end || w.end > size) std::abort();  // spans point into the input
        } catch (const QuerySyntaxError& e) {
            if (e.position() > size) std::abort();
        }
    }
    return 0;
}
