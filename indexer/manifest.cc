#include "manifest.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace citesearch {

using nlohmann::json;

std::string to_json_string(const IngestedFile& f) {
    json j = {{"path", f.path},       {"size", f.size},         {"mtime_ns", f.mtime_ns},    {"hash", f.hash},
              {"records", f.records}, {"rejected", f.rejected}, {"indexed_at", f.indexed_at}};
    if (!f.rejected_lines.empty()) j["rejected_lines"] = f.rejected_lines;
    if (!f.error.empty()) j["error"] = f.error;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

IngestedFile ingested_file_from_json(std::string_view text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error("metadata is not a manifest entry");
    try {
        IngestedFile f;
        f.path = j.at("path").get<std::string>();
        f.size = j.at("size").get<std::uint64_t>();
        f.mtime_ns = j.at("mtime_ns").get<std::int64_t>();
        f.hash = j.at("hash").get<std::string>();
        f.records = j.at("records").get<std::size_t>();
        f.rejected = j.at("rejected").get<std::size_t>();
        f.indexed_at = j.value("indexed_at", std::string());
        f.rejected_lines = j.value("rejected_lines", std::vector<std::string>());
        f.error = j.value("error", std::string());
        return f;
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("metadata is not a manifest entry: ") + e.what());
    }
}

std::string manifest_key(std::string_view path) {
    constexpr std::size_t kMaxKeyBytes = 200;  // well inside Xapian's limit
    std::string key(kManifestKeyPrefix);
    if (key.size() + path.size() <= kMaxKeyBytes) return key.append(path);
    ContentHash h;
    h.feed(path);
    return key + "#" + h.hex();
}

void ContentHash::feed(std::string_view bytes) {
    std::uint64_t h = h_;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    h_ = h;
}

std::string ContentHash::hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
}

}  // namespace citesearch
