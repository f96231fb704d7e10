#include "shard_layout.h"

#include <cstdint>
#include <fstream>

namespace citesearch {
namespace fs = std::filesystem;

std::string shard_folder_name(std::size_t k) { return "shard-" + std::to_string(k); }

std::size_t shard_of(std::string_view record_id, std::size_t shard_count) {
    if (shard_count <= 1) return 0;
    std::uint64_t h = 0;
    for (char c : record_id) {
        unsigned digit = c >= '0' && c <= '9' ? static_cast<unsigned>(c - '0')
                         : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                         : static_cast<unsigned char>(c);  // not an id: still stable
        h = (h << 4) ^ (h >> 60) ^ digit;
    }
    // The id is already a hash, but of its low bits alone nothing is promised.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return static_cast<std::size_t>(h % shard_count);
}

std::optional<std::vector<fs::path>> shard_folders(const fs::path& dir) {
    std::ifstream in(dir / "XAPIANDB");
    if (!in) return std::nullopt;
    std::vector<fs::path> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line != "auto " + shard_folder_name(out.size())) return std::nullopt;
        out.push_back(dir / shard_folder_name(out.size()));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

std::string shard_stub_text(std::size_t shard_count) {
    std::string text;
    for (std::size_t k = 0; k < shard_count; ++k) text += "auto " + shard_folder_name(k) + "\n";
    return text;
}

}  // namespace citesearch
