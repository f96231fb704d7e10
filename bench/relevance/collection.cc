#include "collection.h"

#include <charconv>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ris_reader.h"

namespace citesearch::relevance {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, std::size_t line, const std::string& message) {
    throw std::runtime_error(file.string() + ":" + std::to_string(line) + ": error: " + message);
}

std::ifstream open(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file, 0, "cannot open");
    return in;
}

}  // namespace

std::vector<Query> read_queries(const std::filesystem::path& file) {
    std::ifstream in = open(file);
    std::vector<Query> out;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) fail(file, n, "not a JSON object");
        if (!j.contains("_id") || !j.contains("text") || !j["text"].is_string()) fail(file, n, "needs \"_id\" and \"text\"");
        const nlohmann::json& id = j["_id"];
        out.push_back({id.is_string() ? id.get<std::string>() : id.dump(), j["text"].get<std::string>()});
    }
    return out;
}

Qrels read_qrels(const std::filesystem::path& file) {
    std::ifstream in = open(file);
    Qrels out;
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || (n == 1 && line.rfind("query-id", 0) == 0)) continue;
        std::size_t a = line.find('\t');
        std::size_t b = a == std::string::npos ? a : line.find('\t', a + 1);
        if (b == std::string::npos) fail(file, n, "expected query-id<TAB>corpus-id<TAB>score");
        std::string score = line.substr(b + 1);
        int level = 0;
        auto [ptr, ec] = std::from_chars(score.data(), score.data() + score.size(), level);
        if (ec != std::errc() || ptr != score.data() + score.size()) fail(file, n, "score is not an integer: " + score);
        out[line.substr(0, a)][line.substr(a + 1, b - a - 1)] = level;
    }
    return out;
}

std::vector<Document> read_documents(const std::vector<std::filesystem::path>& ris_files, std::size_t* rejected) {
    std::vector<Document> out;
    if (rejected) *rejected = 0;
    for (const std::filesystem::path& file : ris_files) {
        RisReader reader(file);
        while (std::optional<RisRecord> r = reader.next())
            out.push_back({r->citation.ris_id, r->citation.title, r->citation.abstract_text});
        if (rejected) *rejected += reader.records_rejected();
    }
    return out;
}

}  // namespace citesearch::relevance
