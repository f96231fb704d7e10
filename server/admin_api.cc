#include "admin_api.h"

#include <cctype>

#include "api_json.h"

namespace citesearch {
namespace {

using nlohmann::json;

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

json status_json(const JobStatus& s) {
    json j = {{"job", s.job.empty() ? json(nullptr) : json(s.job)}, {"running", s.running}};
    if (s.job.empty()) return j;
    j["started_at"] = s.started_at;
    j["finished_at"] = s.finished_at.empty() ? json(nullptr) : json(s.finished_at);
    if (!s.running) {
        j["ok"] = s.ok;
        j["summary"] = s.summary;
        j["problems"] = s.problems;
        j["error"] = s.error.empty() ? json(nullptr) : json(s.error);
    }
    return j;
}

}  // namespace

bool constant_time_equal(std::string_view given, std::string_view expected) {
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>((i < given.size() ? given[i] : 0) ^ expected[i]);
    return diff == 0;
}

AdminApi::AdminApi(SearcherPool& searchers, const ServerConfig& config)
    : searchers_(searchers), token_(config.admin_token) {
    MaintenanceOptions options;
    // Admin jobs write the index: only when the server reads one local database.
    if (config.databases.size() == 1 && !config.databases.front().location.starts_with("tcp://"))
        options.db = config.databases.front().location;
    options.drop = config.drop_folder;
    maintenance_ = std::make_unique<Maintenance>(std::move(options));
}

void AdminApi::install(httplib::Server& server, const Wrap& wrap) {
    auto bind = [this](void (AdminApi::*fn)(const httplib::Request&, httplib::Response&)) {
        return [this, fn](const httplib::Request& req, httplib::Response& res) { (this->*fn)(req, res); };
    };
    server.Post("/api/admin/sync", wrap("admin_sync", bind(&AdminApi::post_sync)));
    server.Post("/api/admin/rebuild", wrap("admin_rebuild", bind(&AdminApi::post_rebuild)));
    server.Post("/api/admin/reload", wrap("admin_reload", bind(&AdminApi::post_reload)));
    server.Get("/api/admin/status", wrap("admin_status", bind(&AdminApi::get_status)));
}

bool AdminApi::authorized(const httplib::Request& req, httplib::Response& res) const {
    if (token_.empty()) {
        send_json(res, 404, error_json("not_found", "no API endpoint " + req.path));
        return false;
    }
    std::string header = req.get_header_value("Authorization");
    std::string_view given = header;
    constexpr std::string_view kScheme = "bearer ";  // the scheme is case-insensitive (RFC 7235)
    bool scheme_ok = given.size() > kScheme.size();
    for (std::size_t i = 0; scheme_ok && i < kScheme.size(); ++i)
        scheme_ok = static_cast<char>(std::tolower(static_cast<unsigned char>(given[i]))) == kScheme[i];
    bool ok = scheme_ok && constant_time_equal(given.substr(kScheme.size()), token_);
    if (!ok) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"citesearch admin\"");
        send_json(res, 401,
                  error_json("unauthorized", "this endpoint needs the admin bearer token (Authorization: Bearer ...)"));
    }
    return ok;
}

void AdminApi::start(JobKind kind, const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    if (std::optional<JobRefusal> refused = maintenance_->start(kind))
        return send_json(res, 409, error_json(refused->code, refused->message));
    send_json(res, 202, {{"started", job_name(kind)}, {"status", "/api/admin/status"}});
}

void AdminApi::post_sync(const httplib::Request& req, httplib::Response& res) { start(JobKind::sync, req, res); }
void AdminApi::post_rebuild(const httplib::Request& req, httplib::Response& res) { start(JobKind::rebuild, req, res); }

void AdminApi::post_reload(const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    searchers_.reopen_all();
    IndexStats s = searchers_.acquire()->stats();
    send_json(res, 200, {{"reloaded", true}, {"records", s.records}, {"revision", s.revision}});
}

void AdminApi::get_status(const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    send_json(res, 200, status_json(maintenance_->status()));
}

}  // namespace citesearch
