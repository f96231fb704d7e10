#pragma once
// The manifest: what the database remembers about every file it ingested
// from a drop folder, so an unchanged file is never parsed again, even after
// a restart. Each entry is one Xapian user-metadata value (JSON) under
// manifest_key(path), written in the same transaction as the file's records:
// manifest and records always commit together (docs/index-schema.md).
//
// Plain data and JSON here; the index writer stores entries and the server's
// /api/stats reads them back.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace citesearch {

// Metadata keys of manifest entries start with this.
inline constexpr std::string_view kManifestKeyPrefix = "citesearch.file:";
// The drop folder the manifest's paths are relative to (absolute, canonical).
inline constexpr std::string_view kDropFolderKey = "citesearch.drop_folder";
// At most this many rejected-line messages are kept per file.
inline constexpr std::size_t kMaxRejectedLines = 20;

struct IngestedFile {
    std::string path;                         // relative to the drop folder, '/'-separated
    std::uint64_t size = 0;                   // bytes, when read
    std::int64_t mtime_ns = 0;                // modification time, nanoseconds since the epoch, when read
    std::string hash;                         // content hash, 16 hex digits (ContentHash)
    std::size_t records = 0;                  // good records read
    std::size_t rejected = 0;                 // records rejected (each has a message)
    std::vector<std::string> rejected_lines;  // "path:line: error: message", the first kMaxRejectedLines
    std::string error;       // why the whole file was rejected ("binary file", "empty file"); empty when read
    std::string indexed_at;  // ISO-8601 UTC time it was applied

    bool operator==(const IngestedFile&) const = default;
};

std::string to_json_string(const IngestedFile& f);
// Throws std::runtime_error when `json` is not a manifest entry.
IngestedFile ingested_file_from_json(std::string_view json);

// The metadata key of the entry for `path`. Xapian keys are limited to about
// 240 bytes, so a very long path is keyed by its hash (the entry still holds
// the whole path).
std::string manifest_key(std::string_view path);

// 64-bit FNV-1a as 16 lower-case hex digits: the content hash of the
// manifest, computed incrementally (feed() any number of times).
class ContentHash {
public:
    void feed(std::string_view bytes);
    std::string hex() const;

private:
    std::uint64_t h_ = 14695981039346656037ull;
};

}  // namespace citesearch
