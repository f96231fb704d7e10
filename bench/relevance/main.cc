// citesearch-relevance: measures ranking quality on a judged collection.
// Indexes the collection's RIS with each system (the real citesearch-index
// and citesearch-server, the plain-Xapian floor, SQLite FTS5), sends every
// query of a queries file, and scores the rankings against a qrels file
// with nDCG@10, Recall@100 and MAP@100 (metrics.h). docs/relevance.md
// describes the command and bench/relevance/run.sh runs every collection.
//
// Exit codes: 0 done; 1 a regression against --check; 2 usage or input error.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "collection.h"
#include "metrics.h"
#include "systems.h"

namespace fs = std::filesystem;
using namespace citesearch::relevance;

namespace {

struct Options {
    std::string name = "collection";
    std::vector<fs::path> corpus;
    fs::path corpus_dir;
    fs::path queries;
    fs::path qrels;
    std::vector<std::string> systems{"floor", "fts5", "citesearch"};
    std::size_t max_queries = 0;
    fs::path bin = "build";
    fs::path work;
    fs::path tsv;
    fs::path runs;
    fs::path check;
    double tolerance = 0.01;
};

// One index build: the RIS files and the queries answered from them.
struct Group {
    std::vector<fs::path> corpus;
    std::vector<Query> queries;
};

std::vector<Group> groups_of(const Options& o, const std::vector<Query>& queries) {
    if (o.corpus_dir.empty()) return {Group{o.corpus, queries}};
    std::vector<Group> out;
    for (const Query& q : queries) {
        fs::path file = o.corpus_dir / (q.id + ".ris");
        if (!fs::exists(file)) throw std::runtime_error(file.string() + ": error: no corpus for query " + q.id);
        out.push_back(Group{{file}, {q}});
    }
    return out;
}

std::unique_ptr<System> make_system(const std::string& name, const Options& o, const fs::path& work) {
    if (name == "citesearch" || name.rfind("citesearch?", 0) == 0) {
        std::string params = name.size() > 11 ? name.substr(11) : std::string();
        return make_citesearch({o.bin / "indexer" / "citesearch-index", o.bin / "server" / "citesearch-server",
                                work / "citesearch", params});
    }
    if (name == "floor") return make_xapian_floor(work);
    if (name == "fts5") return make_fts5();
    throw std::runtime_error("unknown system " + name + "; use citesearch, citesearch?PARAMS, floor or fts5");
}

void write_run(const fs::path& file, const std::map<std::string, Ranking>& runs, const std::string& system) {
    std::ofstream out(file);
    for (const auto& [query, ranking] : runs)
        for (std::size_t i = 0; i < ranking.size(); ++i)
            out << query << " Q0 " << ranking[i] << ' ' << i + 1 << ' ' << ranking.size() - i << ' ' << system << '\n';
}

// Baseline lines: name<TAB>system<TAB>nDCG@10.
std::map<std::pair<std::string, std::string>, double> read_baseline(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": error: cannot open");
    std::map<std::pair<std::string, std::string>, double> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string name, system;
        double ndcg = 0;
        if (fields >> name >> system >> ndcg) out[{name, system}] = ndcg;
    }
    return out;
}

int run(const Options& o) {
    std::vector<Query> queries = read_queries(o.queries);
    if (o.max_queries > 0 && queries.size() > o.max_queries) queries.resize(o.max_queries);
    Qrels all_qrels = read_qrels(o.qrels);
    // Only the queries sent are judged: a subset is scored as a subset.
    Qrels qrels;
    for (const Query& q : queries)
        if (auto it = all_qrels.find(q.id); it != all_qrels.end()) qrels.insert(*it);
    std::vector<Group> groups = groups_of(o, queries);

    fs::path work = o.work;
    bool own_work = work.empty();
    if (own_work) {
        std::random_device rd;
        work = fs::temp_directory_path() / ("citesearch-relevance-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    }
    fs::create_directories(work);

    std::size_t rejected = 0, records = 0;
    for (const Group& g : groups) {
        std::size_t r = 0;
        records += read_documents(g.corpus, &r).size();
        rejected += r;
    }
    std::printf("%s: %zu queries (%zu judged), %zu corpus file set(s), %zu records", o.name.c_str(), queries.size(),
                qrels.size(), groups.size(), records);
    if (rejected) std::printf(", %zu rejected by the RIS reader", rejected);
    std::printf("\n%-32s %8s %8s %8s %8s\n", "system", "nDCG@10", "R@100", "MAP@100", "seconds");

    int status = 0;
    std::map<std::pair<std::string, std::string>, double> baseline;
    if (!o.check.empty()) baseline = read_baseline(o.check);
    for (const std::string& name : o.systems) {
        auto started = std::chrono::steady_clock::now();
        std::unique_ptr<System> system = make_system(name, o, work);
        std::map<std::string, Ranking> runs;
        for (const Group& g : groups) {
            system->index(g.corpus);
            for (const Query& q : g.queries) runs[q.id] = system->search(q.text, 100);
        }
        system.reset();
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        Summary s = summarize(runs, qrels);
        std::printf("%-32s %8.4f %8.4f %8.4f %8.1f\n", name.c_str(), s.mean.ndcg10, s.mean.recall100, s.mean.map100,
                    seconds);
        std::fflush(stdout);
        if (!o.tsv.empty()) {
            std::ofstream out(o.tsv, std::ios::app);
            out << o.name << '\t' << name << '\t' << s.queries << '\t' << s.mean.ndcg10 << '\t' << s.mean.recall100
                << '\t' << s.mean.map100 << '\t' << seconds << '\n';
        }
        if (!o.runs.empty()) {
            fs::create_directories(o.runs);
            std::string label = name;
            for (char& c : label)
                if (c == '?' || c == '&' || c == '=') c = '_';
            write_run(o.runs / (o.name + "." + label + ".run"), runs, label);
        }
        if (auto it = baseline.find({o.name, name}); it != baseline.end()) {
            double delta = s.mean.ndcg10 - it->second;
            if (delta < -o.tolerance) {
                std::printf("REGRESSION: %s %s nDCG@10 %.4f is %.4f below the baseline %.4f (tolerance %.2f)\n",
                            o.name.c_str(), name.c_str(), s.mean.ndcg10, -delta, it->second, o.tolerance);
                status = 1;
            } else {
                std::printf("ok: %s %s nDCG@10 %.4f vs baseline %.4f (%+.4f)\n", o.name.c_str(), name.c_str(),
                            s.mean.ndcg10, it->second, delta);
            }
        }
    }
    if (own_work) fs::remove_all(work);
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"citesearch-relevance: nDCG@10, Recall@100 and MAP@100 of citesearch and reference systems "
                 "on a judged collection (docs/relevance.md)."};
    Options o;
    app.add_option("--name", o.name, "Collection name used in the output");
    auto* corpus = app.add_option("--corpus", o.corpus, "RIS file(s) searched by every query")->check(CLI::ExistingFile);
    auto* dir = app.add_option("--corpus-dir", o.corpus_dir, "Folder holding <query-id>.ris, the corpus of each query")
                    ->check(CLI::ExistingDirectory);
    corpus->excludes(dir);
    app.add_option("--queries", o.queries, "Queries, BEIR JSONL")->required()->check(CLI::ExistingFile);
    app.add_option("--qrels", o.qrels, "Judgments, BEIR qrels TSV")->required()->check(CLI::ExistingFile);
    app.add_option("--systems", o.systems,
                   "Systems to run, in order: floor, fts5, citesearch, or citesearch?PARAMS (extra /api/search "
                   "parameters, e.g. citesearch?feedback=true)")
        ->delimiter(',');
    app.add_option("--max-queries", o.max_queries, "Use only the first N queries of the file (0 = all)");
    app.add_option("--bin", o.bin, "Build folder holding indexer/citesearch-index and server/citesearch-server");
    app.add_option("--work", o.work, "Scratch folder (default: a temporary one, removed at the end)");
    app.add_option("--tsv", o.tsv, "Append name, system, queries, nDCG@10, R@100, MAP@100, seconds to this file");
    app.add_option("--runs", o.runs, "Write each ranking as a TREC run file into this folder");
    app.add_option("--check", o.check, "Baseline file (name, system, nDCG@10 per line): exit 1 when a score drops")
        ->check(CLI::ExistingFile);
    app.add_option("--tolerance", o.tolerance, "Allowed nDCG@10 drop below the baseline (default 0.01)");
    CLI11_PARSE(app, argc, argv);
    if (o.corpus.empty() && o.corpus_dir.empty()) {
        std::cerr << "citesearch-relevance: give --corpus or --corpus-dir\n";
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "citesearch-relevance: " << e.what() << "\n";
        return 2;
    }
}
