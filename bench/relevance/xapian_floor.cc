// The "untuned" floor: what a first Xapian program would do, and nothing
// more (docs/relevance.md). Kept deliberately plain; do not tune it.

#include <xapian.h>

#include <optional>

#include "collection.h"
#include "systems.h"

namespace citesearch::relevance {
namespace {

class XapianFloor : public System {
public:
    explicit XapianFloor(std::filesystem::path work) : path_(std::move(work) / "floor-db") {}

    std::string name() const override { return "floor"; }

    void index(const std::vector<std::filesystem::path>& ris_files) override {
        db_.reset();
        {
            Xapian::WritableDatabase db(path_.string(), Xapian::DB_CREATE_OR_OVERWRITE);
            Xapian::TermGenerator generator;
            generator.set_stemmer(Xapian::Stem("english"));
            for (const Document& d : read_documents(ris_files)) {
                Xapian::Document doc;
                generator.set_document(doc);
                generator.index_text(d.title);
                generator.increase_termpos();
                generator.index_text(d.abstract_text);
                doc.set_data(d.id);
                db.add_document(doc);
            }
            db.commit();
        }
        db_.emplace(path_.string());
    }

    Ranking search(const std::string& text, std::size_t depth) override {
        Xapian::QueryParser parser;
        parser.set_stemmer(Xapian::Stem("english"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_database(*db_);
        Xapian::Query query;
        try {
            query = parser.parse_query(text);
        } catch (const Xapian::QueryParserError&) {
            query = parser.parse_query(text, 0);  // pasted text with stray syntax: words only
        }
        Xapian::Enquire enquire(*db_);
        enquire.set_query(query);
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth));
        Ranking out;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) out.push_back(it.get_document().get_data());
        return out;
    }

private:
    std::filesystem::path path_;
    std::optional<Xapian::Database> db_;
};

}  // namespace

std::unique_ptr<System> make_xapian_floor(const std::filesystem::path& work) { return std::make_unique<XapianFloor>(work); }

}  // namespace citesearch::relevance
