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
    for (const auto& [key, value] : j.items()) {
        try {
            if (key == "db") c.db = resolve(value.get<std::string>());
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
