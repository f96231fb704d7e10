// Change detection for drop folders (indexer/drop_scan.h): which names are
// ignored, when a file is ready, and how the folder compares with the manifest.

#include "drop_scan.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <set>

#include "test_support.h"

using namespace citesearch;
using namespace citesearch::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

FileLook look(const std::string& path, std::uint64_t size, std::int64_t mtime_ns) { return {path, size, mtime_ns}; }

IngestedFile recorded(const std::string& path, std::uint64_t size, std::int64_t mtime_ns, const std::string& hash) {
    IngestedFile f;
    f.path = path;
    f.size = size;
    f.mtime_ns = mtime_ns;
    f.hash = hash;
    return f;
}

// plan_drop with every file ready and hashes from a table; counts hashing.
struct Planner {
    std::map<std::string, IngestedFile> manifest;
    std::map<std::string, std::string> hashes;  // path -> content hash now
    std::set<std::string> busy;                 // paths not ready
    int hashed = 0;

    DropPlan plan(std::vector<FileLook> looks) {
        PlanInputs in;
        in.looks = std::move(looks);
        in.manifest = &manifest;
        in.ready = [&](const FileLook& f) { return !busy.count(f.path); };
        in.hash = [&](const FileLook& f) -> std::optional<std::string> {
            ++hashed;
            auto it = hashes.find(f.path);
            return it == hashes.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
        return plan_drop(in);
    }
};

std::vector<std::string> paths(const std::vector<FileLook>& v) {
    std::vector<std::string> out;
    for (const FileLook& f : v) out.push_back(f.path);
    return out;
}

std::vector<std::string> paths(const std::vector<std::pair<FileLook, std::string>>& v) {
    std::vector<std::string> out;
    for (const auto& [f, h] : v) out.push_back(f.path);
    return out;
}

}  // namespace

TEST_CASE("partial downloads, temporary and hidden names are ignored", "[drops][scan]") {
    for (const char* name :
         {".hidden.ris", "export.ris.part", "export.ris.PART", "export.tmp", "x.crdownload", "notes.ris~", ".", ""})
        CHECK(ignored_name(name));
    for (const char* name : {"export.ris", "pubmed.nbib", "scopus export (1).ris", "partial.ris", "tmp.ris", "README"})
        CHECK_FALSE(ignored_name(name));
}

TEST_CASE("a scan lists every candidate file below the folder with its size, by relative path", "[drops][scan]") {
    TempDir tmp;
    write_file(tmp / "drop/b.ris", "TY  - JOUR\n");
    write_file(tmp / "drop/a/nested.nbib", "PMID- 1\n");
    write_file(tmp / "drop/a/c.ris.part", "half");
    write_file(tmp / "drop/.git/config", "x");
    write_file(tmp / "drop/.hidden/inside.ris", "x");
    write_file(tmp / "drop/notes.txt", "not an export, still a candidate: it will be reported");
    std::vector<FileLook> found = scan_drop(tmp / "drop");
    CHECK(paths(found) == std::vector<std::string>{"a/nested.nbib", "b.ris", "notes.txt"});
    CHECK(found[1].size == 11);
    CHECK(found[1].mtime_ns > 0);
    CHECK_THROWS_WITH(scan_drop(tmp / "missing"), Catch::Contains("not a readable folder"));
}

TEST_CASE("a file is ready once old enough, or unchanged across two looks a settle interval apart", "[drops][settle]") {
    SettleTracker tracker(2s);
    const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    const std::int64_t wall = 1'700'000'000'000'000'000;
    const std::int64_t second = 1'000'000'000;

    // Older than the interval: ready at the first look.
    CHECK(tracker.ready(look("old.ris", 10, wall - 3 * second), t0, wall));
    CHECK_FALSE(tracker.next_check());

    // Young: not ready; unchanged 1 s later: still not; unchanged 2 s after the first look: ready.
    FileLook young = look("young.ris", 10, wall - second / 2);
    CHECK_FALSE(tracker.ready(young, t0, wall));
    REQUIRE(tracker.next_check());
    CHECK(*tracker.next_check() == t0 + 2s);
    CHECK_FALSE(tracker.ready(young, t0 + 1s, wall + second));
    CHECK(tracker.ready(young, t0 + 2s, wall + second + second / 4));  // its mtime alone would not yet say so
    CHECK_FALSE(tracker.next_check());

    // Still growing: every change starts the wait again.
    FileLook growing = look("growing.ris", 10, wall);
    CHECK_FALSE(tracker.ready(growing, t0, wall));
    growing.size = 20;
    growing.mtime_ns = wall + second;
    CHECK_FALSE(tracker.ready(growing, t0 + 2s, wall + second));  // changed since the first look
    CHECK_FALSE(tracker.ready(growing, t0 + 3s, wall + second));  // 1 s unchanged
    CHECK(tracker.ready(growing, t0 + 4s, wall + second));        // 2 s unchanged

    // An mtime in the future (a clock ahead on a file server) still settles by looks.
    FileLook future = look("future.ris", 5, wall + 3600 * second);
    CHECK_FALSE(tracker.ready(future, t0, wall));
    CHECK(tracker.ready(future, t0 + 2s, wall + 2 * second));

    // A file that went away before it settled waits for nothing any more.
    CHECK_FALSE(tracker.ready(look("vanished.ris", 5, wall), t0, wall));
    REQUIRE(tracker.next_check());
    tracker.retain({});
    CHECK_FALSE(tracker.next_check());

    // A zero interval makes every file ready.
    SettleTracker none(0s);
    CHECK(none.ready(look("now.ris", 1, wall), t0, wall));
}

TEST_CASE("a file that arrived whole is ready at once, until it is written in place again", "[drops][settle]") {
    SettleTracker tracker(2s);
    const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    const std::int64_t wall = 1'700'000'000'000'000'000;
    FileLook renamed = look("sub/renamed.ris", 10, wall);
    tracker.arrived_whole("sub/renamed.ris");
    CHECK(tracker.ready(renamed, t0, wall));
    CHECK(tracker.ready(renamed, t0, wall));  // until a pass takes it
    tracker.written_in_place("sub/renamed.ris");
    CHECK_FALSE(tracker.ready(renamed, t0, wall));  // appended to after the rename: it settles like any other
    CHECK(tracker.ready(renamed, t0 + 2s, wall));
    // Taken by a pass (not left busy): a later rewrite in place must settle again.
    tracker.arrived_whole("sub/renamed.ris");
    tracker.retain({});
    CHECK_FALSE(tracker.ready(look("sub/renamed.ris", 20, wall), t0 + 3s, wall));
}

TEST_CASE("the plan sorts files into unchanged, touched, changed, new, renamed, deleted and busy", "[drops][plan]") {
    Planner p;
    p.manifest["same.ris"] = recorded("same.ris", 100, 1000, "h-same");
    p.manifest["touched.ris"] = recorded("touched.ris", 100, 1000, "h-touched");
    p.manifest["changed.ris"] = recorded("changed.ris", 100, 1000, "h-old");
    p.manifest["old-name.ris"] = recorded("old-name.ris", 300, 1000, "h-moved");
    p.manifest["gone.ris"] = recorded("gone.ris", 100, 1000, "h-gone");
    p.manifest["rewriting.ris"] = recorded("rewriting.ris", 100, 1000, "h-rw");
    p.hashes = {
        {"touched.ris", "h-touched"}, {"changed.ris", "h-new"}, {"new-name.ris", "h-moved"}, {"fresh.ris", "h-fresh"}};
    p.busy = {"rewriting.ris", "arriving.ris"};

    DropPlan plan = p.plan({look("arriving.ris", 5, 3000), look("changed.ris", 120, 2000), look("fresh.ris", 50, 2000),
                            look("new-name.ris", 300, 2000), look("rewriting.ris", 40, 3000),
                            look("same.ris", 100, 1000), look("touched.ris", 100, 2000)});
    CHECK(paths(plan.unchanged) == std::vector<std::string>{"same.ris"});
    CHECK(paths(plan.touched) == std::vector<std::string>{"touched.ris"});
    CHECK(paths(plan.changed) == std::vector<std::string>{"changed.ris"});
    CHECK(plan.changed[0].second == "h-new");
    CHECK(paths(plan.added) == std::vector<std::string>{"fresh.ris"});
    REQUIRE(plan.renamed.size() == 1);
    CHECK(plan.renamed[0].from == "old-name.ris");
    CHECK(plan.renamed[0].to.path == "new-name.ris");
    CHECK(plan.deleted == std::vector<std::string>{"gone.ris"});
    // A recorded file being rewritten is neither changed nor deleted yet.
    CHECK(paths(plan.busy) == std::vector<std::string>{"arriving.ris", "rewriting.ris"});
    // Only files whose size or mtime moved, and were ready, were read.
    CHECK(p.hashed == 4);
    CHECK_FALSE(plan.nothing_to_do());
}

TEST_CASE("an unchanged folder plans nothing and reads no file", "[drops][plan]") {
    Planner p;
    std::vector<FileLook> looks;
    for (int i = 0; i < 300; ++i) {
        std::string path = "f" + std::to_string(i) + ".ris";
        p.manifest[path] = recorded(path, 100 + i, 1000 + i, "h" + std::to_string(i));
        looks.push_back(look(path, 100 + i, 1000 + i));
    }
    DropPlan plan = p.plan(looks);
    CHECK(plan.nothing_to_do());
    CHECK(plan.unchanged.size() == 300);
    CHECK(p.hashed == 0);
}

TEST_CASE("a new file with a gone file's content but another size is not a rename", "[drops][plan]") {
    Planner p;
    p.manifest["a.ris"] = recorded("a.ris", 100, 1000, "h");
    p.hashes = {{"b.ris", "h"}};
    DropPlan plan = p.plan({look("b.ris", 101, 2000)});
    CHECK(plan.renamed.empty());
    CHECK(paths(plan.added) == std::vector<std::string>{"b.ris"});
    CHECK(plan.deleted == std::vector<std::string>{"a.ris"});
}

TEST_CASE("a copy of a file that is still there is a new file, not a rename", "[drops][plan]") {
    Planner p;
    p.manifest["a.ris"] = recorded("a.ris", 100, 1000, "h");
    p.hashes = {{"copy.ris", "h"}};
    DropPlan plan = p.plan({look("a.ris", 100, 1000), look("copy.ris", 100, 2000)});
    CHECK(plan.renamed.empty());
    CHECK(paths(plan.added) == std::vector<std::string>{"copy.ris"});
    CHECK(plan.deleted.empty());
}

TEST_CASE("a file that cannot be read when hashed is left for a later look", "[drops][plan]") {
    Planner p;
    DropPlan plan = p.plan({look("vanishing.ris", 10, 2000)});  // no hash: unreadable
    CHECK(paths(plan.busy) == std::vector<std::string>{"vanishing.ris"});
    CHECK(plan.nothing_to_do());
}

TEST_CASE("the content hash is 64-bit FNV-1a and follows the bytes, not the name or time", "[drops][hash]") {
    ContentHash empty;
    CHECK(empty.hex() == "cbf29ce484222325");
    ContentHash a;
    a.feed("a");
    CHECK(a.hex() == "af63dc4c8601ec8c");
    ContentHash pieces;
    pieces.feed("foo");
    pieces.feed("bar");
    ContentHash whole;
    whole.feed("foobar");
    CHECK(pieces.hex() == whole.hex());

    TempDir tmp;
    std::string big(200000, 'x');
    big[123456] = 'y';
    write_file(tmp / "one.ris", big);
    write_file(tmp / "two.ris", big);
    ContentHash direct;
    direct.feed(big);
    CHECK(file_content_hash(tmp / "one.ris") == direct.hex());
    CHECK(file_content_hash(tmp / "two.ris") == direct.hex());
    CHECK_FALSE(file_content_hash(tmp / "missing.ris"));
}
