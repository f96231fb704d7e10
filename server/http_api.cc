#include "http_api.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api_json.h"
#include "export_formats.h"
#include "http_limits.h"
#include "openapi_json.h"
#include "request_guard.h"
#include "request_params.h"

namespace citesearch {
namespace {

using nlohmann::json;

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
    send_json(res, status, error_json(code, message));
}

// A record id is 16 lower-case hex digits (record_key.h).
bool valid_id(const std::string& id) {
    if (id.size() != 16) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string content_type_for(const std::filesystem::path& p) {
    static const std::map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},  {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},          {".svg", "image/svg+xml"},
        {".png", "image/png"},                  {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},  {".webmanifest", "application/manifest+json"},
    };
    auto it = kTypes.find(p.extension().string());
    return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Errors httplib answers itself (a request line it cannot parse, a Range it
// cannot read) get the JSON shape of ours. What follows a request httplib
// could not parse cannot be trusted to start the next one: the connection is
// closed. Unhandled: the body set here is sent, but no Range is applied to it.
httplib::Server::HandlerResponse answer_library_error(const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.content_length_ > 0) return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Connection", "close");
    switch (res.status) {
        case 400: send_error(res, 400, "bad_request", "the request is not valid HTTP/1.1"); break;
        case 404: send_error(res, 404, "not_found", "no such resource"); break;
        case 413:
            send_error(res, 413, "payload_too_large", "the request body is longer than " + std::to_string(kMaxBodyBytes) + " bytes");
            break;
        case 414:
            send_error(res, 414, "uri_too_long", "the request line is longer than " + std::to_string(kMaxRequestLineBytes) + " bytes");
            break;
        case 416: send_error(res, 416, "range_not_satisfiable", "the Range header is not one valid byte range"); break;
        default: send_error(res, res.status, "http_error", "the request failed with status " + std::to_string(res.status)); break;
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

}  // namespace

HttpApi::HttpApi(SearcherPool& searchers, const ServerConfig& config) : searchers_(searchers), config_(config) {
    std::error_code ec;
    web_root_ = std::filesystem::canonical(config.web_root, ec);
    if (ec) web_root_ = std::filesystem::absolute(config.web_root).lexically_normal();
}

HttpApi::Handler HttpApi::route(std::string name, Handler body) {
    return [this, name = std::move(name), body = std::move(body)](const httplib::Request& req, httplib::Response& res) {
        auto start = std::chrono::steady_clock::now();
        try {
            body(req, res);
        } catch (const BadRequest& e) {
            json err = error_json(e.code(), e.what());
            if (!e.parameter().empty()) err["error"]["parameter"] = e.parameter();
            if (e.position) err["error"]["position"] = *e.position;
            send_json(res, 400, err);
        } catch (const IndexUnavailable& e) {
            json err = error_json("unavailable", e.what());
            if (!e.shards().empty()) err["error"]["shards"] = e.shards();
            send_json(res, 503, err);
        } catch (const std::exception& e) {
            std::cerr << "error: " << req.method << " " << req.path << ": " << e.what() << std::endl;
            send_error(res, 500, "internal", "internal error; the cause is in the server log");
        } catch (...) {
            std::cerr << "error: " << req.method << " " << req.path << ": unknown exception" << std::endl;
            send_error(res, 500, "internal", "internal error; the cause is in the server log");
        }
        allow_origin(req, res);
        finish(name, req, res, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
}

void HttpApi::finish(const std::string& name, const httplib::Request& req, const httplib::Response& res, double secs) {
    metrics_.record(name, res.status, secs);
    // The path only: never the query string, the headers (Authorization) or the body.
    if (config_.access_log) {
        char line[64];
        std::snprintf(line, sizeof line, " %d %.2fms", res.status, secs * 1000);
        std::cout << req.method << " " << req.path.substr(0, 200) << line << "\n" << std::flush;
    }
}

// CORS is off unless origins are configured: then a request from one of them
// (or any, with "*") may read the answer from another site's script.
void HttpApi::allow_origin(const httplib::Request& req, httplib::Response& res) const {
    if (config_.cors_origins.empty() || !req.has_header("Origin")) return;
    std::string origin = req.get_header_value("Origin");
    for (const std::string& allowed : config_.cors_origins) {
        if (allowed == "*" || allowed == origin) {
            res.set_header("Access-Control-Allow-Origin", allowed == "*" ? "*" : origin);
            res.set_header("Vary", "Origin");
            return;
        }
    }
}

void HttpApi::install(httplib::Server& server) {
    auto bind = [this](void (HttpApi::*fn)(const httplib::Request&, httplib::Response&)) {
        return [this, fn](const httplib::Request& req, httplib::Response& res) { (this->*fn)(req, res); };
    };
    // The route table: every endpoint of docs/api.md.
    server.Get("/api/search", route("search", bind(&HttpApi::get_search)));
    server.Get(R"(/api/records/([^/]+)/similar)", route("similar", bind(&HttpApi::get_similar)));
    server.Get(R"(/api/records/([^/]+))", route("record", bind(&HttpApi::get_record)));
    server.Get("/api/export", route("export", bind(&HttpApi::get_export)));
    server.Get("/api/suggest", route("suggest", bind(&HttpApi::get_suggest)));
    server.Get("/api/stats", route("stats", bind(&HttpApi::get_stats)));
    server.Get("/api/openapi.json", route("openapi", bind(&HttpApi::get_openapi)));
    server.Get("/healthz", route("healthz", bind(&HttpApi::get_health)));
    server.Get("/metrics", route("metrics", bind(&HttpApi::get_metrics)));
    admin_.install(server, [this](std::string name, Handler body) { return route(std::move(name), std::move(body)); });
    server.Get(R"(/.*)", route("static", bind(&HttpApi::get_static)));

    auto not_allowed = route("method_not_allowed", [](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Allow", "GET, HEAD");
        send_error(res, 405, "method_not_allowed", req.method + " is not allowed; use GET or HEAD");
    });
    server.Post(R"(/.*)", not_allowed);
    server.Put(R"(/.*)", not_allowed);
    server.Patch(R"(/.*)", not_allowed);
    server.Delete(R"(/.*)", not_allowed);
    server.Options(R"(/.*)", not_allowed);

    server.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
         "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
    });
    // Last resort: an exception that escaped a handler never reaches the client's
    // headers (httplib without a handler copies e.what() into one, CVE-2026-28434).
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        std::cerr << "error: " << req.method << " " << req.path.substr(0, 200) << ": exception outside a handler" << std::endl;
        send_error(res, 500, "internal", "internal error; the cause is in the server log");
    });

    // Before the body is read and before the route table (request_guard.h).
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return guard(req, res); });
    server.set_error_handler(httplib::Server::HandlerWithResponse(answer_library_error));
}

// Refuses what httplib would mishandle further on. The connection is closed
// after the answer, since a refused request's body is left unread.
httplib::Server::HandlerResponse HttpApi::guard(const httplib::Request& req, httplib::Response& res) {
    std::optional<Rejection> r = check_request(req.method, req.path, req.headers, {kMaxBodyBytes, kMaxPathBytes});
    if (!r) return httplib::Server::HandlerResponse::Unhandled;
    for (const auto& [name, value] : r->headers) res.set_header(name, value);
    res.set_header("Connection", "close");
    // httplib would cut the refusal itself into the requested byte ranges (a
    // multipart answer for several). The Request is httplib's own non-const
    // object, handed to us as const: clearing its ranges is well-defined.
    const_cast<httplib::Request&>(req).ranges.clear();
    send_error(res, r->status, r->code, r->message);
    finish("rejected", req, res, 0);
    return httplib::Server::HandlerResponse::Handled;
}

void HttpApi::get_search(const httplib::Request& req, httplib::Response& res) {
    auto start = std::chrono::steady_clock::now();
    SearchRequest request = parse_search_params(req.params);
    SearchResults results = searchers_.acquire()->search(request);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    send_json(res, 200, results_json(request, results, ms));
}

void HttpApi::get_record(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    if (!valid_id(id)) return send_error(res, 404, "not_found", "no record with id \"" + id.substr(0, 40) + "\" (ids are 16 hex digits)");
    std::optional<StoredRecord> r = searchers_.acquire()->record(id);
    if (!r) return send_error(res, 404, "not_found", "no record with id " + id);
    send_json(res, 200, record_json(*r));
}

void HttpApi::get_similar(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    std::size_t size = parse_count(req.params, "size", 10, 1, kMaxPageSize);
    if (!valid_id(id)) return send_error(res, 404, "not_found", "no record with id \"" + id.substr(0, 40) + "\" (ids are 16 hex digits)");
    std::optional<SimilarResults> similar = searchers_.acquire()->similar(id, size);
    if (!similar) return send_error(res, 404, "not_found", "no record with id " + id);
    json list = json::array();
    for (const Hit& h : similar->hits) list.push_back(hit_json(h));
    json body = {{"id", id}, {"hits", list}};
    add_partial(body, similar->missing_shards);
    send_json(res, 200, body);
}

void HttpApi::get_export(const httplib::Request& req, httplib::Response& res) {
    Params params = req.params;
    auto take = [&](const std::string& name) -> std::optional<std::string> {
        auto it = params.find(name);
        if (it == params.end()) return std::nullopt;
        std::string v = it->second;
        params.erase(name);
        return v;
    };
    std::optional<std::string> format_name = take("format");
    std::optional<ExportFormat> format = parse_export_format(format_name.value_or("ris"));
    if (!format)
        throw BadRequest("bad_parameter", "format", "format must be ris, bibtex, csljson or csv, got \"" + format_name->substr(0, 40) + "\"");
    std::size_t limit = parse_count(params, "limit", kMaxOffset, 1, kMaxOffset);
    params.erase("limit");
    std::optional<std::string> ids = take("ids");

    std::vector<StoredRecord> records;
    std::vector<std::string> missing;
    auto searcher = searchers_.acquire();
    if (ids) {
        std::stringstream list(*ids);
        std::string id;
        while (std::getline(list, id, ',') && records.size() < limit) {
            if (!valid_id(id)) throw BadRequest("bad_parameter", "ids", "\"" + id.substr(0, 40) + "\" is not a record id");
            if (auto r = searcher->record(id)) records.push_back(std::move(*r));
        }
    } else {
        params.erase("page");
        params.erase("size");
        SearchRequest request = parse_search_params(params);
        missing = searcher->for_each_match(request, limit, [&](const StoredRecord& r) { records.push_back(r); });
    }
    // A file has no field to say it is partial: a header does.
    if (!missing.empty()) res.set_header("Citesearch-Missing-Shards", join_names(missing));

    // Streamed in chunks so a 10,000-record export never sits in one buffer.
    auto shared = std::make_shared<std::vector<StoredRecord>>(std::move(records));
    auto next = std::make_shared<std::size_t>(0);
    ExportFormat f = *format;
    res.set_header("Content-Disposition", "attachment; filename=\"citesearch-export." + std::string(file_extension(f)) + "\"");
    res.set_chunked_content_provider(std::string(content_type(f)), [shared, next, f](std::size_t, httplib::DataSink& sink) {
        std::string chunk;
        if (*next == 0) begin_export(f, chunk);
        std::size_t end = std::min(shared->size(), *next + 200);
        for (; *next < end; ++*next) append_record(f, (*shared)[*next], *next, chunk);
        bool done = *next >= shared->size();
        if (done) end_export(f, chunk);
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (done) sink.done();
        return true;
    });
}

void HttpApi::get_suggest(const httplib::Request& req, httplib::Response& res) {
    std::string q;
    if (auto it = req.params.find("q"); it != req.params.end()) q = it->second;
    require_text("q", q);
    if (q.size() > 200) throw BadRequest("bad_parameter", "q", "q is longer than 200 bytes");
    std::size_t size = parse_count(req.params, "size", 8, 1, 50);
    SuggestResults found = searchers_.acquire()->suggest(q, size);
    json list = json::array();
    for (const Suggestion& s : found.suggestions) list.push_back({{"text", s.text}, {"kind", s.kind}});
    json body = {{"query", q}, {"suggestions", list}};
    add_partial(body, found.missing_shards);
    send_json(res, 200, body);
}

void HttpApi::get_stats(const httplib::Request&, httplib::Response& res) {
    IndexStats s = searchers_.acquire()->stats();
    json sources = json::array();
    for (const FacetValue& v : s.sources) sources.push_back({{"file", v.value}, {"records", v.count}});
    json body = {{"records", s.records}, {"revision", s.revision}, {"last_indexed", s.last_indexed}, {"sources", sources},
                 {"files", files_json(s.files)}, {"shards", shards_json(s.shards)}};
    add_partial(body, s.missing_shards);
    send_json(res, 200, body);
}

// 200 "ok" when every shard answers; with a shard down, 503 "unavailable"
// (searches fail) or, with partial results, 200 "degraded" (they are partial).
void HttpApi::get_health(const httplib::Request&, httplib::Response& res) {
    try {
        IndexStats s = searchers_.acquire()->stats();
        bool complete = s.missing_shards.empty();
        json body = {{"status", complete ? "ok" : config_.partial_results ? "degraded" : "unavailable"},
                     {"records", s.records},
                     {"revision", s.revision},
                     {"shards", shards_json(s.shards)}};
        add_partial(body, s.missing_shards);
        send_json(res, complete || config_.partial_results ? 200 : 503, body);
    } catch (const IndexUnavailable& e) {
        send_json(res, 503, {{"status", "unavailable"},
                             {"error", {{"code", "unavailable"}, {"message", e.what()}}},
                             {"shards", shards_json(searchers_.shard_status())}});
    }
}

void HttpApi::get_metrics(const httplib::Request&, httplib::Response& res) {
    std::size_t records = 0;
    unsigned long long revision = 0;
    std::vector<ShardReport> shards = searchers_.shard_status();
    try {
        IndexStats s = searchers_.acquire()->stats();
        records = s.records;
        revision = s.revision;
        shards = s.shards;
    } catch (const IndexUnavailable&) {
        // Metrics stay available while the index is not.
    }
    std::vector<std::pair<std::string, bool>> up;
    for (const ShardReport& r : shards) up.emplace_back(r.name, r.up);
    res.set_content(metrics_.prometheus_text(records, revision, up), "text/plain; version=0.0.4; charset=utf-8");
}

void HttpApi::get_openapi(const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(kOpenApiJson), "application/json; charset=utf-8");
}

void HttpApi::get_static(const httplib::Request& req, httplib::Response& res) {
    namespace fs = std::filesystem;
    const std::string& path = req.path;
    if (path.starts_with("/api/")) return send_error(res, 404, "not_found", "no API endpoint " + path.substr(0, 100));
    // httplib has already percent-decoded the path: "%2e%2e%2f" arrives as "../".
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos)
        return send_error(res, 400, "bad_path", "the path holds a NUL byte or a backslash");
    if (path.find("..") != std::string::npos) return send_error(res, 404, "not_found", "no such file");
    std::string rel = path == "/" ? "index.html" : path.substr(1);
    std::error_code ec;
    fs::path file = fs::weakly_canonical(web_root_ / rel, ec);
    // Only regular files inside the web root (a symlink pointing out is refused).
    auto [root_end, _] = std::mismatch(web_root_.begin(), web_root_.end(), file.begin(), file.end());
    if (ec || root_end != web_root_.end() || !fs::is_regular_file(file, ec))
        return send_error(res, 404, "not_found", "no such file: " + path.substr(0, 100));
    std::ifstream in(file, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    res.set_header("Cache-Control", "no-cache");
    res.set_content(body.str(), content_type_for(file).c_str());
}

}  // namespace citesearch
