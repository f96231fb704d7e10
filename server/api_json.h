#pragma once
// JSON views of the searching layer's structs, as documented in docs/api.md.

#include <nlohmann/json.hpp>

#include "search_types.h"

namespace citesearch {

nlohmann::json hit_json(const Hit& hit);
nlohmann::json record_json(const StoredRecord& record);
nlohmann::json results_json(const SearchRequest& request, const SearchResults& results, double took_ms);
// The manifest in /api/stats: one object per ingested drop file.
nlohmann::json files_json(const std::vector<IngestedFile>& files);
nlohmann::json error_json(const std::string& code, const std::string& message);
// Each configured database: {"name", "status": "up"|"down", "records", "error"}.
nlohmann::json shards_json(const std::vector<ShardReport>& shards);
// Sets "partial" (whether shards are missing) and "missing_shards" (their names).
void add_partial(nlohmann::json& body, const std::vector<std::string>& missing_shards);

}  // namespace citesearch
