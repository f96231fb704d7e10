// perf-xapian-query: the raw-Xapian in-process query loop: the "limit" row
// of the query table.
//
//   perf-xapian-query --db DIR --queries FILE [--threads 1] [--seconds 20]
//                     [--max-queries 100000] [--warmup 100] [--default-op and|or]
//                     [--label NAME] [--no-snippets] [--snippet-flags N]
//
// Each thread owns its Database, Enquire and QueryParser (Xapian objects are
// not thread-safe), parses each query with Xapian's QueryParser (title: and
// author: prefixes as perf-xapian-index writes them; English STEM_SOME),
// asks for the top 10 by BM25, and for each hit fetches the document data
// and makes the snippets a results page shows: the title with its matches
// marked and a window of the abstract (MSet::snippet). That is the same
// work citesearch-server does per hit, without HTTP and JSON.
//
// MSet::snippet is costly: on the 10k corpus one thread answers ~1,100
// queries/s without snippets, ~260 with snippet flags 0 (the default here:
// no background model, not exhaustive) and ~60-115 with Xapian's default
// flags (SNIPPET_BACKGROUND_MODEL | SNIPPET_EXHAUSTIVE = 3). run.sh reports
// the loop with flags 0 and without snippets, so the limit is not inflated.

#include <xapian.h>

#include <iostream>

#include "bench_common.h"

namespace citesearch::perf {
namespace {

std::string data_field(const std::string& data, std::string_view name) {
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t end = data.find('\n', pos);
        if (end == std::string::npos) end = data.size();
        std::string_view line(data.data() + pos, end - pos);
        if (line.size() > name.size() && line.substr(0, name.size()) == name && line[name.size()] == '=')
            return std::string(line.substr(name.size() + 1));
        pos = end + 1;
    }
    return {};
}

}  // namespace
}  // namespace citesearch::perf

int main(int argc, char** argv) {
    using namespace citesearch::perf;
    std::string db, queries_file, label = "xapian", op = "and";
    bool snippets = true;
    unsigned snippet_flags = 0;
    std::size_t threads = 1, max_queries = 100000, warmup = 100;
    double seconds = 20;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--db")
            db = value();
        else if (a == "--queries")
            queries_file = value();
        else if (a == "--threads")
            threads = std::stoull(value());
        else if (a == "--seconds")
            seconds = std::stod(value());
        else if (a == "--max-queries")
            max_queries = std::stoull(value());
        else if (a == "--warmup")
            warmup = std::stoull(value());
        else if (a == "--default-op")
            op = value();
        else if (a == "--label")
            label = value();
        else if (a == "--no-snippets")
            snippets = false;
        else if (a == "--snippet-flags")
            snippet_flags = static_cast<unsigned>(std::stoul(value()));
        else {
            std::cerr << "usage: perf-xapian-query --db DIR --queries FILE [--threads N] [--seconds S] "
                         "[--max-queries N] [--warmup N] [--default-op and|or] [--label NAME] [--no-snippets] "
                         "[--snippet-flags N]\n";
            return 2;
        }
    }
    std::vector<std::string> queries = read_lines(queries_file);
    if (db.empty() || queries.empty() || threads == 0) {
        std::cerr << "perf-xapian-query: need --db and a non-empty --queries file\n";
        return 2;
    }
    std::size_t hits_total = 0;
    std::mutex hits_mutex;
    std::size_t errors = 0;
    LatencySummary s = run_query_loop(
        threads, queries, seconds, max_queries, warmup,
        [&](std::size_t) -> QueryFn {
            // Shared by the closure below, used on this worker's thread only.
            struct State {
                Xapian::Database database;
                Xapian::Enquire enquire;
                Xapian::QueryParser parser;
                Xapian::Stem stem{"english"};
                explicit State(const std::string& path) : database(path), enquire(database) {}
            };
            auto st = std::make_shared<State>(db);
            st->parser.set_database(st->database);
            st->parser.set_stemmer(st->stem);
            st->parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
            st->parser.add_prefix("title", "S");
            st->parser.add_prefix("author", "A");
            st->parser.set_default_op(op == "or" ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
            return [st, snippets, snippet_flags, &hits_total, &hits_mutex](const std::string& q) {
                try {
                    Xapian::Query query = st->parser.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT);
                    st->enquire.set_query(query);
                    Xapian::MSet mset = st->enquire.get_mset(0, 10);
                    std::size_t bytes = 0;
                    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
                        std::string data = it.get_document().get_data();
                        if (!snippets) {
                            bytes += data.size();
                            continue;
                        }
                        bytes += mset.snippet(data_field(data, "title"), 1000, st->stem, snippet_flags).size();
                        bytes += mset.snippet(data_field(data, "abstract"), 300, st->stem, snippet_flags).size();
                    }
                    std::lock_guard<std::mutex> lock(hits_mutex);
                    hits_total += mset.size();
                    return bytes > 0 || mset.empty();
                } catch (const Xapian::Error& e) {
                    std::cerr << "perf-xapian-query: " << q << ": " << e.get_description() << "\n";
                    return false;
                }
            };
        },
        errors);
    print_result(label + " threads=" + std::to_string(threads), s, errors);
    std::fprintf(
        stderr, "perf-xapian-query: %.2f hits per query\n",
        static_cast<double>(hits_total) / static_cast<double>(std::max<std::size_t>(1, s.count + threads * warmup)));
    return 0;
}
