// perf-ris-to-dump: RIS -> scriptindex's dump format ("name=value" lines,
// records separated by a blank line), for Omega's scriptindex with
// omega/citations.script. The same fields and unique key as
// perf-xapian-index.
//
//   perf-ris-to-dump DIR_OR_FILE > corpus.dump
//
// This conversion is not timed: scriptindex is measured on input it can
// read, which gives Omega the benefit of a pre-parsed format.

#include <iostream>

#include "bench_common.h"

int main(int argc, char** argv) {
    using namespace citesearch::perf;
    if (argc != 2) {
        std::cerr << "usage: perf-ris-to-dump DIR_OR_FILE > out.dump\n";
        return 2;
    }
    std::string input = argv[1];
    std::size_t records = 0;
    std::string out;
    auto put = [&](const char* name, const std::string& v) {
        if (v.empty()) return;
        out += name;
        out += '=';
        out += v;  // values are single lines in our RIS
        out += '\n';
    };
    for (const auto& file : ris_files(input)) {
        std::size_t ordinal = 0;
        std::string rel = source_name(file, input);
        for_each_ris_record(file, [&](RisRecord& r) {
            SimpleCitation c = simple_citation(r, rel + "#" + std::to_string(++ordinal));
            out.clear();
            put("id", c.key);
            put("type", c.type);
            put("title", c.title);
            for (const std::string& a : c.authors) put("author", a);
            put("journal", c.journal);
            put("journal_abbrev", c.journal_abbrev);
            put("year", c.year);
            put("doi", c.doi);
            for (const std::string& k : c.keywords) put("keyword", k);
            put("abstract", c.abstract_text);
            out += '\n';
            std::fwrite(out.data(), 1, out.size(), stdout);
            ++records;
        });
    }
    std::fprintf(stderr, "perf-ris-to-dump: %zu records\n", records);
    return 0;
}
