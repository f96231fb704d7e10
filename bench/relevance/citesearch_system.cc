// The real thing: citesearch-index builds the index, citesearch-server
// answers /api/search over loopback.

#include <chrono>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "process.h"
#include "systems.h"

namespace citesearch::relevance {
namespace {

namespace fs = std::filesystem;

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

class Citesearch : public System {
public:
    explicit Citesearch(CitesearchPaths paths) : paths_(std::move(paths)) { fs::create_directories(paths_.work); }
    ~Citesearch() override { stop_server(); }

    std::string name() const override { return paths_.params.empty() ? "citesearch" : "citesearch?" + paths_.params; }

    void index(const std::vector<fs::path>& ris_files) override {
        stop_server();
        fs::path db = paths_.work / "db";
        fs::remove_all(db);
        std::vector<std::string> args{"add", "--db", db.string()};
        for (const fs::path& f : ris_files) args.push_back(f.string());
        ChildProcess indexer(paths_.indexer, args, paths_.work / "index.out", paths_.work / "index.err");
        int code = indexer.wait(std::chrono::minutes(10));
        // 4: finished, some records rejected (the reader's file:line messages say which).
        if (code != 0 && code != 4)
            throw std::runtime_error("citesearch-index failed (" + std::to_string(code) +
                                     "): " + read_text(paths_.work / "index.err"));
        start_server(db);
    }

    Ranking search(const std::string& text, std::size_t depth) override {
        std::string path = "/api/search?q=" + url_encode(text) + "&size=" + std::to_string(depth) + "&snippets=false";
        if (!paths_.params.empty()) path += "&" + paths_.params;
        httplib::Result res = client_->Get(path.c_str());
        if (!res || res->status != 200)
            throw std::runtime_error("GET " + path + " failed: " + (res ? std::to_string(res->status) + " " + res->body
                                                                        : httplib::to_string(res.error())));
        nlohmann::json body = nlohmann::json::parse(res->body);
        Ranking out;
        for (const nlohmann::json& hit : body["hits"])
            for (const nlohmann::json& id : hit["ris_ids"])
                if (!id.get<std::string>().empty()) out.push_back(id.get<std::string>());
        return out;
    }

private:
    void start_server(const fs::path& db) {
        fs::path config = paths_.work / "server.json";
        std::ofstream(config) << "{}\n";
        fs::create_directories(paths_.work / "web");
        fs::path log = paths_.work / "server.out";
        server_.emplace(paths_.server,
                        std::vector<std::string>{"--config", config.string(), "--db", db.string(), "--host",
                                                 "127.0.0.1", "--port", "0", "--threads", "2", "--web-root",
                                                 (paths_.work / "web").string(), "--no-access-log"},
                        log, paths_.work / "server.err");
        // The start-up line names the port: "listening on http://127.0.0.1:PORT ...".
        const std::string marker = "listening on http://127.0.0.1:";
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            std::string text = read_text(log);
            std::size_t at = text.find(marker);
            if (at != std::string::npos) {
                int port = std::stoi(text.substr(at + marker.size()));
                client_ = std::make_unique<httplib::Client>("127.0.0.1", port);
                client_->set_keep_alive(true);
                client_->set_read_timeout(60, 0);
                return;
            }
            if (!server_->running())
                throw std::runtime_error("citesearch-server exited at start: " + read_text(paths_.work / "server.err"));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("citesearch-server did not start within 30 s");
    }

    void stop_server() {
        client_.reset();
        if (server_) server_->stop();
        server_.reset();
    }

    CitesearchPaths paths_;
    std::optional<ChildProcess> server_;
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace

std::unique_ptr<System> make_citesearch(const CitesearchPaths& paths) { return std::make_unique<Citesearch>(paths); }

}  // namespace citesearch::relevance
