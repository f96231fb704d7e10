#pragma once
// Sharded databases: how citesearch-index spreads records over N Xapian
// databases and how both programs find them again. The writer routes by
// shard_of(); the server opens each shard on its own (server/shard_set.h) so
// it can name one that is down. docs/deployment.md tells the operator's side.
//
//   DIR/XAPIANDB    a Xapian stub file, one line per shard: "auto shard-0",
//                   "auto shard-1", ... (relative to DIR). Xapian opens DIR
//                   through it as one database holding every shard.
//   DIR/shard-K/    a citesearch database of its own (indexer/db_layout.h,
//                   generations layout), servable by xapian-tcpsrv as it is.
//   DIR/writer.lock one writer for the whole set.
//
// A record lives in shard shard_of(id, N), a pure function of its id, so a
// record always lands in the same shard, its copies from several files meet
// there and merge. The drop-folder manifest and the drop folder's name live
// in shard-0 only; every shard carries the schema version and its own
// last-indexed time.
//
// Standard library only; pure functions but for the file reads: thread-safe.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citesearch {

// The shard counts `--shards` accepts.
inline constexpr std::size_t kMaxShards = 256;

// "shard-K".
std::string shard_folder_name(std::size_t k);

// The shard of a record: its 64-bit id (16 hex digits, record_key.h) mixed
// (MurmurHash3's finaliser, so every bit counts) modulo `shard_count`.
// Stable: never depends on anything but the id and the count.
std::size_t shard_of(std::string_view record_id, std::size_t shard_count);

// The shard folders of DIR (DIR/shard-0, ...) when DIR is a sharded database:
// DIR/XAPIANDB lists exactly "auto shard-0" ... "auto shard-(N-1)". nullopt
// otherwise (a plain database, a single generations stub, nothing).
std::optional<std::vector<std::filesystem::path>> shard_folders(const std::filesystem::path& dir);

// The content of the stub of a sharded DIR with `shard_count` shards.
std::string shard_stub_text(std::size_t shard_count);

}  // namespace citesearch
