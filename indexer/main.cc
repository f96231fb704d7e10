// citesearch-index: builds and maintains a citesearch index from RIS/MEDLINE files.
// Thin: parses the command line, wires the library together, maps errors to exit codes.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "index_writer.h"

namespace {

// Exit codes, documented in --help; scripts rely on them.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // database or I/O error
constexpr int kExitUsage = 2;     // bad command line
constexpr int kExitLocked = 3;    // another writer holds the database
constexpr int kExitRejected = 4;  // finished, but some records or files were rejected

constexpr const char* kExitHelp =
    "Exit codes: 0 all good; 1 database or I/O error; 2 usage error; 3 database locked by another writer;\n"
    "4 finished, but some records or files were rejected (see the file:line messages).";

std::string human_bytes(double b) {
    char buf[32];
    if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
    else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f kB", b / 1e3);
    return buf;
}

int run_add(const std::string& db, const std::vector<std::string>& paths, std::size_t batch) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    const bool tty = isatty(STDERR_FILENO);
    bool progress_shown = false;

    citesearch::WriterOptions options;
    options.batch_records = batch;
    options.on_diagnostic = [&](const citesearch::Diagnostic& d) {
        if (progress_shown) std::cerr << "\r\033[K";
        progress_shown = false;
        std::cerr << d.to_string() << "\n";
    };
    if (tty) {
        options.on_progress = [&](const citesearch::IndexProgress& p) {
            double secs = std::chrono::duration<double>(clock::now() - start).count();
            double rate = secs > 0 ? p.records / secs : 0;
            std::fprintf(stderr, "\r\033[K%zu records, %.0f records/s, %s", p.records, rate, human_bytes(p.bytes_done).c_str());
            if (p.bytes_total > 0 && p.bytes_done > 0) {
                double eta = secs * (static_cast<double>(p.bytes_total) / p.bytes_done - 1);
                std::fprintf(stderr, " of %s, ETA %.0fs", human_bytes(p.bytes_total).c_str(), eta > 0 ? eta : 0);
            }
            progress_shown = true;
        };
    }

    std::vector<std::pair<std::filesystem::path, std::string>> files;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec)) {
            std::cerr << "citesearch-index: " << p << ": no such file or directory\n";
            return kExitUsage;
        }
        auto found = citesearch::collect_input_files(p);
        files.insert(files.end(), found.begin(), found.end());
    }
    std::size_t total_bytes = 0;
    for (const auto& f : files) {
        std::error_code ec;
        auto size = std::filesystem::file_size(f.first, ec);
        if (!ec) total_bytes += size;
    }

    citesearch::IndexWriter writer(db, options);
    writer.set_total_bytes(total_bytes);
    citesearch::IndexCounts total;
    for (const auto& [file, source] : files) total += writer.add_file(file, source);
    writer.commit();
    if (progress_shown) std::cerr << "\r\033[K";

    double secs = std::chrono::duration<double>(clock::now() - start).count();
    std::printf("%zu files, %zu records: %zu added, %zu replaced, %zu merged, %zu rejected, %zu files rejected; "
                "%zu documents in %s; %.2fs (%.0f records/s)\n",
                total.files, total.records, total.added, total.replaced, total.merged, total.rejected, total.failed_files,
                writer.document_count(), db.c_str(), secs, secs > 0 ? total.records / secs : 0.0);
    return (total.rejected || total.failed_files) ? kExitRejected : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"citesearch-index: index RIS and MEDLINE citation exports into a citesearch database."};
    app.footer(kExitHelp);
    app.require_subcommand(1);

    std::string db;
    std::vector<std::string> paths;
    std::size_t batch = 50000;
    CLI::App* add = app.add_subcommand("add", "Index RIS/MEDLINE files and folders (recursively, recognised by content).");
    add->add_option("--db", db, "Database folder (created if missing)")->required();
    add->add_option("--batch", batch, "Commit after at least this many records (between files)")->check(CLI::PositiveNumber);
    add->add_option("paths", paths, "Files or folders to index")->required();
    add->footer(kExitHelp);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return e.get_exit_code() == 0 ? rc : kExitUsage;
    }

    try {
        if (*add) return run_add(db, paths, batch);
    } catch (const citesearch::DatabaseLockedError& e) {
        std::cerr << "citesearch-index: " << e.what() << "\n";
        return kExitLocked;
    } catch (const std::exception& e) {
        std::cerr << "citesearch-index: error: " << e.what() << "\n";
        return kExitFailure;
    }
    return kExitUsage;
}
