#include "config.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace citesearch {

ServerConfig load_config(const std::filesystem::path& path, ServerConfig c) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path.string() + ": cannot be read");
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false, /*ignore_comments=*/true);
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error(path.string() + ": not a JSON object");
    // Relative paths in the file are relative to the file's folder.
    auto resolve = [&](const std::string& p) {
        std::filesystem::path fp(p);
        return fp.is_absolute() ? p : (path.parent_path() / fp).lexically_normal().string();
    };
    // A local path is relative to the file; a remote shard is not a path.
    auto location = [&](const std::string& l) { return l.starts_with("tcp://") ? l : resolve(l); };
    if (j.contains("db") && j.contains("databases"))
        throw std::runtime_error(path.string() + ": give either \"db\" (one database) or \"databases\" (several), not both");
    for (const auto& [key, value] : j.items()) {
        try {
            if (key == "db") {
                c.databases = {{location(value.get<std::string>()), 0}};
            } else if (key == "databases") {
                if (!value.is_array() || value.empty()) throw std::runtime_error("option \"databases\" must be a non-empty list");
                c.databases.clear();
                for (const auto& entry : value) {
                    // "tcp://host:port", or {"db": "tcp://host:port", "timeout": 2.5}
                    if (entry.is_string()) {
                        c.databases.push_back({location(entry.get<std::string>()), 0});
                        continue;
                    }
                    if (!entry.is_object() || !entry.contains("db"))
                        throw std::runtime_error("each of \"databases\" is a location or {\"db\": location, \"timeout\": seconds}");
                    for (const auto& [k, v] : entry.items())
                        if (k != "db" && k != "timeout") throw std::runtime_error("unknown option \"databases[]." + k + "\"");
                    double timeout = entry.value("timeout", 0.0);
                    if (timeout < 0) throw std::runtime_error("a database's timeout may not be negative");
                    c.databases.push_back({location(entry["db"].get<std::string>()), timeout});
                }
            }
            else if (key == "shard_timeout") c.shard_timeout = value.get<double>();
            else if (key == "partial_results") c.partial_results = value.get<bool>();
            else if (key == "host") c.host = value.get<std::string>();
            else if (key == "port") c.port = value.get<int>();
            else if (key == "threads") c.threads = value.get<std::size_t>();
            else if (key == "max_queued_connections") c.max_queued_connections = value.get<std::size_t>();
            else if (key == "request_timeout") c.request_timeout = value.get<double>();
            else if (key == "cors_origins") c.cors_origins = value.get<std::vector<std::string>>();
            else if (key == "web_root") c.web_root = resolve(value.get<std::string>());
            else if (key == "query_time_limit") c.query_time_limit = value.get<double>();
            else if (key == "facet_exact_limit") c.facet_exact_limit = value.get<std::size_t>();
            else if (key == "access_log") c.access_log = value.get<bool>();
            else if (key == "admin_token") c.admin_token = value.get<std::string>();
            else if (key == "drop_folder") c.drop_folder = value.get<std::string>().empty() ? "" : resolve(value.get<std::string>());
            else throw std::runtime_error("unknown option \"" + key + "\"");
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error(path.string() + ": option \"" + key + "\" has the wrong type");
        } catch (const std::runtime_error& e) {
            throw std::runtime_error(path.string() + ": " + e.what());
        }
    }
    return c;
}

}  // namespace citesearch
