// libFuzzer target: arbitrary bytes as a citation export. The RIS reader's
// contract (indexer/ris_reader.h) is that no input makes it throw or crash:
// problems are diagnostics. The first records then go through identity,
// author keys and the stored-record JSON, the same path the indexer takes.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "author_name.h"
#include "normalize.h"
#include "record_key.h"
#include "ris_reader.h"
#include "stored_record.h"

namespace {

// The reader takes a path: the input lives in a memory file, reopened
// through /proc for each run (no disk I/O).
const std::string& memory_file(const uint8_t* data, size_t size) {
    static const int fd = memfd_create("citesearch-fuzz-ris", 0);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace citesearch;
    const std::string& path = memory_file(data, size);
    detect_format(path);
    RisReader reader(path);
    std::size_t ordinal = 0;
    while (std::optional<RisRecord> record = reader.next()) {
        const Citation& c = record->citation;
        if (!c.searchable()) std::abort();  // the reader rejects records with nothing to search
        if (ordinal >= 8) continue;  // the rest of the chain for the first few only: it is the slow part
        Provenance where{"fuzz.ris", ++ordinal, record->first_line, c.ris_id};
        StoredRecord stored;
        stored.key = record_key(c, where);
        stored.id = record_id(stored.key);
        stored.citation = c;
        stored.sources.push_back(where);
        for (const std::string& author : c.authors)
            for (const PersonName& name : parse_author(author)) name_keys(name);
        fold(c.title);
        StoredRecord back = stored_record_from_json(to_json_string(stored));
        if (back.citation.title != c.title || back.id != stored.id) std::abort();  // the JSON round trip is lossless
    }
    for (const Diagnostic& d : reader.take_diagnostics()) d.to_string();
    return 0;
}
