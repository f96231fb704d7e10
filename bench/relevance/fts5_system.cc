// SQLite FTS5, as many users would set it up: one table over title and
// abstract with the porter tokenizer, ranked by bm25() with its defaults.
// FTS5's own query syntax ANDs words and chokes on punctuation, so the
// query's words are quoted and OR-ed (what a bag-of-words search means).

#include <sqlite3.h>

#include <stdexcept>

#include "collection.h"
#include "systems.h"

namespace citesearch::relevance {
namespace {

bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// `"w1" OR "w2" ...`; each quoted string is tokenized again by FTS5.
std::string or_query(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t start = i;
        while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
        if (i == start) break;
        out += (out.empty() ? "\"" : " OR \"") + text.substr(start, i - start) + "\"";
    }
    return out;
}

class Fts5 : public System {
public:
    Fts5() {
        if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open failed");
    }
    ~Fts5() override { sqlite3_close(db_); }

    std::string name() const override { return "fts5"; }

    void index(const std::vector<std::filesystem::path>& ris_files) override {
        exec("DROP TABLE IF EXISTS docs");
        exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, abstract, tokenize = 'porter unicode61')");
        exec("BEGIN");
        sqlite3_stmt* insert = prepare("INSERT INTO docs (id, title, abstract) VALUES (?, ?, ?)");
        for (const Document& d : read_documents(ris_files)) {
            sqlite3_bind_text(insert, 1, d.id.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, d.title.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 3, d.abstract_text.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(insert) != SQLITE_DONE) fail("insert");
            sqlite3_reset(insert);
        }
        sqlite3_finalize(insert);
        exec("COMMIT");
    }

    Ranking search(const std::string& text, std::size_t depth) override {
        Ranking out;
        std::string match = or_query(text);
        if (match.empty()) return out;
        sqlite3_stmt* select = prepare("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
        sqlite3_bind_text(select, 1, match.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(select, 2, static_cast<sqlite3_int64>(depth));
        int rc = 0;
        while ((rc = sqlite3_step(select)) == SQLITE_ROW)
            out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select, 0)));
        sqlite3_finalize(select);
        if (rc != SQLITE_DONE) fail("query " + match);
        return out;
    }

private:
    [[noreturn]] void fail(const std::string& what) {
        throw std::runtime_error("sqlite: " + what + ": " + sqlite3_errmsg(db_));
    }
    void exec(const char* sql) {
        if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
    }
    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) fail(sql);
        return s;
    }

    sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<System> make_fts5() { return std::make_unique<Fts5>(); }

}  // namespace citesearch::relevance
