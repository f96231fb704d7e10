// perf-fts5: the SQLite FTS5 peer: bulk loading and the in-process bm25
// query loop.
//
//   perf-fts5 index --db FILE DIR_OR_FILES...
//   perf-fts5 query --db FILE --queries FILE [--threads 1] [--seconds 20]
//                   [--max-queries 100000] [--warmup 20] [--label NAME]
//
// One FTS5 table over the fields the other engines index (porter stemming
// over unicode61), loaded in one transaction with a prepared INSERT (the
// fast way to bulk-load SQLite), then optimized (merged into one b-tree, the
// equivalent of a compaction). Queries use FTS5's own syntax for the same
// query lines: each word and phrase quoted, "title:" and "author:" mapped to
// column filters, terms joined by FTS5's implicit AND (its natural
// default, and the cheaper reading for it); top 10 by bm25 with the same
// column weights as the Xapian wdf (title 3, keywords 2), fetching the
// stored columns and a snippet() of the abstract for each hit.

#include <sqlite3.h>

#include <cstring>
#include <iostream>

#include "bench_common.h"

namespace citesearch::perf {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out += "; ";
        out += s;
    }
    return out;
}

bool exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::cerr << "perf-fts5: " << sql << ": " << (err ? err : "?") << "\n";
        sqlite3_free(err);
        return false;
    }
    return true;
}

// One query line (bench_common.h, "Query files") in FTS5 syntax.
std::string fts5_match(const std::string& q) {
    std::string out;
    std::size_t i = 0;
    auto add = [&](const std::string& column, const std::string& text) {
        if (text.empty()) return;
        if (!out.empty()) out += ' ';
        if (!column.empty()) out += column + " : ";
        out += '"';
        for (char c : text) {
            if (c == '"')
                out += "\"\"";
            else
                out += c;
        }
        out += '"';
    };
    while (i < q.size()) {
        while (i < q.size() && q[i] == ' ') ++i;
        if (i >= q.size()) break;
        std::string column;
        for (const char* field : {"title:", "author:"}) {
            std::size_t n = std::strlen(field);
            if (q.compare(i, n, field) == 0) {
                column = field[0] == 't' ? "title" : "authors";
                i += n;
            }
        }
        std::string text;
        if (i < q.size() && q[i] == '"') {
            std::size_t end = q.find('"', i + 1);
            if (end == std::string::npos) end = q.size();
            text = q.substr(i + 1, end - i - 1);
            i = end + 1;
        } else {
            std::size_t end = q.find(' ', i);
            if (end == std::string::npos) end = q.size();
            text = q.substr(i, end - i);
            i = end;
        }
        add(column, text);
    }
    return out;
}

int run_index(const std::string& path, const std::vector<std::string>& inputs) {
    std::filesystem::remove(path);
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        std::cerr << "perf-fts5: cannot open " << path << "\n";
        return 1;
    }
    auto start = Clock::now();
    bool ok = exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;") &&
              exec(db,
                   "CREATE VIRTUAL TABLE docs USING fts5(title, authors, abstract, journal, keywords, "
                   "key UNINDEXED, type UNINDEXED, year UNINDEXED, doi UNINDEXED, tokenize='porter unicode61')") &&
              exec(db, "BEGIN");
    sqlite3_stmt* insert = nullptr;
    ok = ok && sqlite3_prepare_v2(db, "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)", -1, &insert, nullptr) == SQLITE_OK;
    std::size_t records = 0;
    for (const std::string& input : inputs) {
        for (const auto& file : ris_files(input)) {
            std::size_t ordinal = 0;
            std::string rel = source_name(file, input);
            for_each_ris_record(file, [&](RisRecord& r) {
                if (!ok) return;
                SimpleCitation c = simple_citation(r, rel + "#" + std::to_string(++ordinal));
                std::string authors = joined(c.authors), keywords = joined(c.keywords);
                std::string journal = c.journal + " " + c.journal_abbrev;
                const std::string* cols[] = {&c.title, &authors, &c.abstract_text, &journal, &keywords,
                                             &c.key,   &c.type,  &c.year,          &c.doi};
                for (int k = 0; k < 9; ++k)
                    sqlite3_bind_text(insert, k + 1, cols[k]->data(), static_cast<int>(cols[k]->size()), SQLITE_STATIC);
                if (sqlite3_step(insert) != SQLITE_DONE) {
                    std::cerr << "perf-fts5: insert: " << sqlite3_errmsg(db) << "\n";
                    ok = false;
                }
                sqlite3_reset(insert);
                ++records;
            });
        }
    }
    sqlite3_finalize(insert);
    ok = ok && exec(db, "COMMIT");
    double load_secs = seconds_since(start);
    ok = ok && exec(db, "INSERT INTO docs(docs) VALUES('optimize')");
    double secs = seconds_since(start);
    sqlite3_close(db);
    if (!ok) return 1;
    std::printf("perf-fts5: %zu records, %.2fs (%.0f records/s; %.2fs before optimize)\n", records, secs,
                records / secs, load_secs);
    return 0;
}

int run_query(const std::string& path, const std::string& queries_file, std::size_t threads, double seconds,
              std::size_t max_queries, std::size_t warmup, const std::string& label) {
    std::vector<std::string> queries = read_lines(queries_file);
    if (queries.empty()) {
        std::cerr << "perf-fts5: no queries in " << queries_file << "\n";
        return 2;
    }
    std::size_t errors = 0;
    LatencySummary s = run_query_loop(
        threads, queries, seconds, max_queries, warmup,
        [&](std::size_t) -> QueryFn {
            struct State {
                sqlite3* db = nullptr;
                sqlite3_stmt* stmt = nullptr;
                ~State() {
                    sqlite3_finalize(stmt);
                    sqlite3_close(db);
                }
            };
            auto st = std::make_shared<State>();
            if (sqlite3_open_v2(path.c_str(), &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
                    SQLITE_OK ||
                sqlite3_prepare_v2(
                    st->db,
                    "SELECT key, title, authors, journal, year, doi, "
                    "snippet(docs, 2, '<mark>', '</mark>', '…', 40), "
                    "highlight(docs, 0, '<mark>', '</mark>') "
                    "FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs, 3.0, 1.0, 1.0, 1.0, 2.0) LIMIT 10",
                    -1, &st->stmt, nullptr) != SQLITE_OK) {
                std::cerr << "perf-fts5: " << sqlite3_errmsg(st->db) << "\n";
                return [](const std::string&) { return false; };
            }
            exec(st->db, "PRAGMA cache_size=-20000");
            return [st](const std::string& q) {
                std::string match = fts5_match(q);
                sqlite3_bind_text(st->stmt, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
                int rc;
                std::size_t bytes = 0;
                while ((rc = sqlite3_step(st->stmt)) == SQLITE_ROW)
                    for (int k = 0; k < 8; ++k) bytes += static_cast<std::size_t>(sqlite3_column_bytes(st->stmt, k));
                sqlite3_reset(st->stmt);
                return rc == SQLITE_DONE;
            };
        },
        errors);
    print_result(label + " threads=" + std::to_string(threads), s, errors);
    return 0;
}

}  // namespace
}  // namespace citesearch::perf

int main(int argc, char** argv) {
    using namespace citesearch::perf;
    if (argc < 2) {
        std::cerr
            << "usage: perf-fts5 index --db FILE INPUTS... | perf-fts5 query --db FILE --queries FILE [options]\n";
        return 2;
    }
    std::string mode = argv[1], db, queries, label = "fts5";
    std::size_t threads = 1, max_queries = 100000, warmup = 20;
    double seconds = 20;
    std::vector<std::string> inputs;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--db")
            db = value();
        else if (a == "--queries")
            queries = value();
        else if (a == "--threads")
            threads = std::stoull(value());
        else if (a == "--seconds")
            seconds = std::stod(value());
        else if (a == "--max-queries")
            max_queries = std::stoull(value());
        else if (a == "--warmup")
            warmup = std::stoull(value());
        else if (a == "--label")
            label = value();
        else
            inputs.push_back(a);
    }
    if (mode == "index" && !db.empty() && !inputs.empty()) return run_index(db, inputs);
    if (mode == "query" && !db.empty() && !queries.empty() && threads > 0)
        return run_query(db, queries, threads, seconds, max_queries, warmup, label);
    std::cerr << "perf-fts5: bad arguments\n";
    return 2;
}
