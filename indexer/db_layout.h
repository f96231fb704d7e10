#pragma once
// The on-disk layout of a citesearch database folder DIR, the path users
// pass as --db to both programs. Two layouts, both opened by Xapian from DIR:
//
//   plain        DIR is a Xapian glass database (DIR/iamglass, DIR/*.glass).
//                What `citesearch-index add --jobs 1` creates.
//   generations  DIR/XAPIANDB is a Xapian stub file, one line "auto gen-000002",
//                naming the live generation DIR/gen-000002/ (a glass database).
//                Xapian opens a folder holding a XAPIANDB file through the stub,
//                for reading and for writing. What `sync` and `watch` create,
//                and `add` into a new or empty database (parallel_build.h).
//
// A rebuild writes DIR/build-N/, compacts it into DIR/gen-N/, and switches
// by renaming a new stub over DIR/XAPIANDB, which is atomic: a reader opens
// either the old generation or the new one, never a mix (a plain database is
// converted the same way: the stub is written, then DIR/iamglass removed).
// The server notices the new stub and reopens (server/searcher.h). DIR also
// holds writer.lock (writer_lock.h).
//
// A third layout spreads the records over N databases (shard_layout.h):
//
//   sharded      DIR/XAPIANDB lists "auto shard-0" ... "auto shard-(N-1)", and
//                each DIR/shard-K/ is a database in the generations layout,
//                with generations of its own. `--shards N` creates it.
//
// The functions below that take a database folder work on one database:
// DIR itself, or one DIR/shard-K of a sharded DIR.
//
// Callers hold the WriterLock of DIR for every change made here.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <vector>

namespace citesearch {

enum class DbLayout { missing, plain, generations, sharded };

DbLayout layout_of(const std::filesystem::path& dir);

// The live generation's number, when DIR has the generations layout.
std::optional<unsigned> live_generation(const std::filesystem::path& dir);

std::filesystem::path generation_path(const std::filesystem::path& dir, unsigned n);  // DIR/gen-00000N
std::filesystem::path build_path(const std::filesystem::path& dir, unsigned n);       // DIR/build-00000N

// A number above every generation or build folder in DIR.
unsigned next_generation(const std::filesystem::path& dir);

// Makes DIR a database if it is none: an empty generation 1 and the stub.
// Existing databases, plain or not, are left as they are.
void ensure_database(const std::filesystem::path& dir);

// The database asked for does not match the one on disk (a shard count that
// differs from the existing one's, shards asked of an unsharded database).
class LayoutMismatch : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// With `shards` > 0: makes DIR a sharded database of that many shards if it
// is none (each shard an empty database, then the stub listing them, so a
// stub always names complete shards), and throws LayoutMismatch when DIR is
// a database of another shard count or not sharded. With 0: ensure_database(dir).
void ensure_database(const std::filesystem::path& dir, std::size_t shards);

// The databases DIR is made of: its shards when sharded, else DIR alone.
std::vector<std::filesystem::path> database_parts(const std::filesystem::path& dir);

// Makes generation `n` (complete, closed) the live one: writes the stub
// beside the old one, fsyncs it and renames it over DIR/XAPIANDB; a plain
// database stops being one at that moment (DIR/iamglass is removed).
void switch_generation(const std::filesystem::path& dir, unsigned n);

// Removes everything of DIR that generation `keep` does not need: other
// generations, builds left by an interrupted rebuild, and the tables of a
// converted plain database. Readers that still have them open keep reading
// (POSIX unlink semantics); call it a grace period after the switch so that
// none is between reading the old stub and opening the old generation.
void remove_stale(const std::filesystem::path& dir, unsigned keep);

}  // namespace citesearch
