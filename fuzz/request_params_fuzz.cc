// libFuzzer target: an arbitrary request as the HTTP layer sees it before a
// handler runs. Input: a first line "METHOD TARGET", then "Name: value"
// header lines. The target's query string goes through httplib's own
// decoding into the API's parameter parsing; method, path and headers go
// through the request guard. Only BadRequest may come out of the parameter
// parsing; nothing may come out of the guard.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include <httplib.h>

#include "request_guard.h"
#include "request_params.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace citesearch;
    std::string input(reinterpret_cast<const char*>(data), size);
    std::istringstream lines(input);
    std::string first;
    std::getline(lines, first);
    std::size_t space = first.find(' ');
    std::string method = space == std::string::npos ? "GET" : first.substr(0, space);
    std::string target = space == std::string::npos ? first : first.substr(space + 1);
    std::size_t question = target.find('?');
    std::string path = httplib::detail::decode_url(target.substr(0, question), false);
    std::string query = question == std::string::npos ? std::string() : target.substr(question + 1);

    httplib::Headers headers;
    for (std::string line; std::getline(lines, line);) {
        std::size_t colon = line.find(':');
        if (colon != std::string::npos) headers.emplace(line.substr(0, colon), line.substr(colon + 1));
    }
    std::optional<Rejection> rejection = check_request(method, path, headers);
    if (rejection && (rejection->status < 400 || rejection->status > 499 || rejection->message.empty())) std::abort();

    httplib::Params params;
    httplib::detail::parse_query_text(query, params);
    try {
        SearchRequest r = parse_search_params(params);
        if (r.size < 1 || r.size > kMaxPageSize || r.page < 1 || (r.page - 1) * r.size + r.size > kMaxOffset) std::abort();
        if (r.q.size() > 4096) std::abort();
    } catch (const BadRequest& e) {
        if (e.code().empty()) std::abort();
    }
    try {
        parse_count(params, "limit", 10, 1, 10000);
    } catch (const BadRequest&) {
    }
    return 0;
}
