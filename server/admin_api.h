#pragma once
// The operator endpoints under /api/admin (docs/api.md): trigger a sync or a
// rebuild of the index from the drop folder, reload the index, see the last
// job. HTTP only: authorisation, then one call into Maintenance or the
// searcher pool, then JSON. Errors the handlers do not answer themselves go
// through the caller's error boundary (HttpApi::route).
//
// Guarded by a bearer token from the configuration (ServerConfig::admin_token):
// with none set, every admin endpoint answers 404 as if it did not exist; a
// missing or wrong token gets 401 with `WWW-Authenticate: Bearer`. The token
// is compared in constant time and never logged.

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>

#include "config.h"
#include "maintenance.h"
#include "searcher.h"

namespace citesearch {

class AdminApi {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
    // Wraps a named handler with the HTTP layer's error boundary, timing and logs.
    using Wrap = std::function<Handler(std::string, Handler)>;

    AdminApi(SearcherPool& searchers, const ServerConfig& config);

    // Registers the admin routes; call before any catch-all route.
    void install(httplib::Server& server, const Wrap& wrap);

private:
    // Answers 404 or 401 and returns false unless the request carries the token.
    bool authorized(const httplib::Request& req, httplib::Response& res) const;

    void post_sync(const httplib::Request& req, httplib::Response& res);
    void post_rebuild(const httplib::Request& req, httplib::Response& res);
    void post_reload(const httplib::Request& req, httplib::Response& res);
    void get_status(const httplib::Request& req, httplib::Response& res);
    void start(JobKind kind, const httplib::Request& req, httplib::Response& res);

    SearcherPool& searchers_;
    std::string token_;
    std::unique_ptr<Maintenance> maintenance_;
};

// Whether `given` equals `expected`, in a time that depends only on the
// length of `expected`.
bool constant_time_equal(std::string_view given, std::string_view expected);

}  // namespace citesearch
