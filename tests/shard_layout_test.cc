// Sharded indexes as citesearch-index writes them: every record in the
// shard of its id, one manifest, generations per shard.

#include <cstdio>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "shard_layout.h"
#include "test_support.h"

using namespace citesearch::test;
namespace fs = std::filesystem;

namespace {

RunResult index_sharded(const fs::path& db, std::size_t shards, const std::vector<fs::path>& paths) {
    std::vector<std::string> args{"add", "--db", db.string(), "--shards", std::to_string(shards)};
    for (const fs::path& p : paths) args.push_back(p.string());
    return run(indexer_exe(), args);
}

}  // namespace

TEST_CASE("add --shards N routes every record to the shard of its id, and a sharded folder is written as one",
          "[shards][indexer]") {
    TempDir tmp;
    RunResult r = index_sharded(tmp / "db", 2, {source_dir() / "data"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("(2 shards)"));
    CHECK(read_file(tmp / "db/XAPIANDB") == "auto shard-0\nauto shard-1\n");
    std::size_t total = 0;
    for (std::size_t k = 0; k < 2; ++k) {
        Xapian::Database shard((tmp / "db" / citesearch::shard_folder_name(k)).string());
        CHECK(shard.get_doccount() > 0);
        total += shard.get_doccount();
        for (Xapian::PostingIterator it = shard.postlist_begin(""); it != shard.postlist_end(""); ++it)
            CHECK(citesearch::shard_of(shard.get_document(*it).get_value(2), 2) == k);
        CHECK(shard.get_metadata("citesearch.schema") == "2");
    }
    // The stub opens both as one, and a record indexed twice is still one.
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == total);
    RunResult again = index_paths(tmp / "db", {source_dir() / "data"});  // no --shards: the layout is read
    REQUIRE(again.exit_code == 0);
    CHECK(Xapian::Database((tmp / "db").string()).get_doccount() == total);
    // The same records in one database.
    REQUIRE(index_paths(tmp / "single", {source_dir() / "data"}).exit_code == 0);
    CHECK(Xapian::Database((tmp / "single").string()).get_doccount() == total);
    // No resharding in place.
    RunResult other = index_sharded(tmp / "db", 3, {source_dir() / "data"});
    CHECK(other.exit_code == 2);
    CHECK_THAT(other.err, Catch::Contains("has 2 shards, not 3"));
    CHECK(index_sharded(tmp / "single", 2, {source_dir() / "data"}).exit_code == 2);
}

TEST_CASE("sync and rebuild keep a sharded index: the manifest in shard-0, a new generation in every shard",
          "[shards][drops]") {
    TempDir tmp;
    fs::path drop = tmp / "drop";
    fs::create_directories(drop);
    fs::copy(source_dir() / "data/sample", drop / "sample", fs::copy_options::recursive);
    fs::copy(source_dir() / "data/seed", drop / "seed", fs::copy_options::recursive);
    auto sync = [&](const std::string& verb, std::vector<std::string> more = {}) {
        std::vector<std::string> args{verb, "--db", (tmp / "db").string(), "--drop", drop.string(), "--settle", "0"};
        args.insert(args.end(), more.begin(), more.end());
        return run(indexer_exe(), args);
    };
    RunResult first = sync("sync", {"--shards", "3"});
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("documents in " + (tmp / "db").string() + " (3 shards)"));
    auto count = [&] { return Xapian::Database((tmp / "db").string()).get_doccount(); };
    std::size_t records = count();
    CHECK(records > 0);
    Xapian::Database shard0((tmp / "db/shard-0").string());
    CHECK(shard0.metadata_keys_begin("citesearch.file:") != shard0.metadata_keys_end("citesearch.file:"));
    for (const char* other : {"db/shard-1", "db/shard-2"}) {
        Xapian::Database shard((tmp / other).string());
        CHECK(shard.metadata_keys_begin("citesearch.file:") == shard.metadata_keys_end("citesearch.file:"));
    }
    // Nothing changed: nothing to do, in any shard.
    RunResult second = sync("sync");
    CHECK_THAT(second.out, Catch::Contains("unchanged: "));
    // A deleted file's records go from whichever shard holds them.
    fs::remove_all(drop / "seed");
    REQUIRE(sync("sync").exit_code == 0);
    CHECK(count() == records - 1);
    // A rebuild switches every shard to a new generation, same records.
    RunResult rebuilt = sync("rebuild");
    INFO(rebuilt.out << rebuilt.err);
    REQUIRE(rebuilt.exit_code == 0);
    CHECK_THAT(rebuilt.out, Catch::Contains("3 shards, gen-000002"));
    for (std::size_t k = 0; k < 3; ++k) {
        fs::path shard = tmp / "db" / citesearch::shard_folder_name(k);
        CHECK(read_file(shard / "XAPIANDB") == "auto gen-000002\n");
        CHECK_FALSE(fs::exists(shard / "gen-000001"));
    }
    CHECK(count() == records - 1);
    CHECK(sync("rebuild", {"--shards", "2"}).exit_code == 2);
}

TEST_CASE("a record's shard is a pure function of its id, and ids spread evenly", "[shards]") {
    CHECK(citesearch::shard_of("6c0b9d3b2b1b8e55", 1) == 0);
    CHECK(citesearch::shard_of("6c0b9d3b2b1b8e55", 4) == citesearch::shard_of("6c0b9d3b2b1b8e55", 4));
    std::vector<std::size_t> per_shard(4);
    for (int i = 0; i < 4000; ++i) {
        char id[17];
        std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(i) * 0x9e3779b97f4a7c15ULL);
        ++per_shard.at(citesearch::shard_of(id, 4));
    }
    for (std::size_t n : per_shard) CHECK((n > 850 && n < 1150));
}
