#pragma once
// The HTTP layer: routes, parameters, JSON, static files. It is the one error
// boundary of the server: BadRequest -> 400, IndexUnavailable -> 503, an
// unknown record -> 404, anything else -> 500 with the cause logged (never
// sent). It builds no queries: it reads parameters into request structs and
// hands them to the Searcher. Before routing, it refuses what cpp-httplib
// would mishandle (request_guard.h); errors httplib answers itself get the
// same JSON shape. Meant for a GuardedServer (guarded_server.h).

#include <filesystem>
#include <string>

#include <httplib.h>

#include "admin_api.h"
#include "config.h"
#include "metrics.h"
#include "searcher.h"

namespace citesearch {

class HttpApi {
public:
    HttpApi(SearcherPool& searchers, const ServerConfig& config);

    // Registers every route and handler on `server`.
    void install(httplib::Server& server);

private:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
    // Wraps a handler with the error boundary, timing, access log and metrics.
    Handler route(std::string name, Handler body);
    // Counts the request in the metrics and writes the access log line.
    void finish(const std::string& name, const httplib::Request& req, const httplib::Response& res, double secs);
    void allow_origin(const httplib::Request& req, httplib::Response& res) const;
    httplib::Server::HandlerResponse guard(const httplib::Request& req, httplib::Response& res);

    void get_search(const httplib::Request& req, httplib::Response& res);
    void get_record(const httplib::Request& req, httplib::Response& res);
    void get_similar(const httplib::Request& req, httplib::Response& res);
    void get_export(const httplib::Request& req, httplib::Response& res);
    void get_suggest(const httplib::Request& req, httplib::Response& res);
    void get_stats(const httplib::Request& req, httplib::Response& res);
    void get_health(const httplib::Request& req, httplib::Response& res);
    void get_metrics(const httplib::Request& req, httplib::Response& res);
    void get_openapi(const httplib::Request& req, httplib::Response& res);
    void get_static(const httplib::Request& req, httplib::Response& res);

    SearcherPool& searchers_;
    ServerConfig config_;
    std::filesystem::path web_root_;  // canonical
    Metrics metrics_;
    AdminApi admin_{searchers_, config_};  // the /api/admin routes
};

}  // namespace citesearch
