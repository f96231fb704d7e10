// perf-xapian-index: the smallest honest raw-Xapian indexer of the fields
// citesearch indexes: the "limit" row of the indexing table.
//
//   perf-xapian-index --db DIR [--no-spelling] [--add] DIR_OR_FILES...
//
// --no-spelling and --add (add_document instead of replace_document by the Q
// term: no unique-key look-up) are there to measure what each costs.
//
// Same layout as indexer/schema.h, minus what needs citesearch's own code
// (ICU folding, author name keys, record merging, JSON): every free-text
// field indexed unprefixed (positional) and under its prefix, title wdf 3,
// keywords 2, fields 100 positions apart, English STEM_SOME, spelling data
// from titles and abstracts, boolean terms (Q, Y, XT, XD, XF, XO, XK), value
// slots for year, id, journal, authors and keywords, and the record as
// "name=value" lines of document data. One record per document, replaced by
// its Q term (DOI, else file#ordinal) as citesearch and scriptindex do.
// Default Xapian settings: no explicit commits until the end, so Xapian
// flushes every XAPIAN_FLUSH_THRESHOLD (10,000) changes.

#include <xapian.h>

#include <iostream>

#include "bench_common.h"

namespace citesearch::perf {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out += '\x1f';
        out += s;
    }
    return out;
}

std::string term(const char* prefix, const std::string& value) {
    std::string t = prefix + value;
    if (t.size() > 240) t.resize(240);
    return t;
}

class RawIndexer {
public:
    RawIndexer(const std::string& db_path, bool spelling, bool add_only)
        : db_(db_path, Xapian::DB_CREATE_OR_OVERWRITE), spelling_(spelling), add_only_(add_only) {
        tg_.set_stemmer(Xapian::Stem("english"));
        tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        tg_.set_database(db_);
    }

    void add(const SimpleCitation& c) {
        Xapian::Document doc;
        tg_.set_document(doc);
        field(c.title, "S", 3, true, true);
        for (const std::string& k : c.keywords) field(k, "K", 2, false, false);
        field(c.abstract_text, "XA", 1, false, true);
        for (const std::string& a : c.authors) field(a, "A", 1, false, false);
        field(c.journal + " " + c.journal_abbrev, "XJ", 1, false, false);

        std::string id_term = term("Q", c.key);
        doc.add_boolean_term(id_term);
        if (!c.year.empty()) doc.add_boolean_term(term("Y", c.year));
        if (!c.type.empty()) doc.add_boolean_term(term("XT", lower_ascii(c.type)));
        if (!c.doi.empty()) doc.add_boolean_term(term("XD", c.doi));
        for (const std::string& a : c.authors) doc.add_boolean_term(term("XF", lower_ascii(a)));
        if (!c.journal.empty()) doc.add_boolean_term(term("XO", lower_ascii(c.journal)));
        for (const std::string& k : c.keywords) doc.add_boolean_term(term("XK", lower_ascii(k)));

        if (!c.year.empty()) doc.add_value(0, Xapian::sortable_serialise(std::atoi(c.year.c_str())));
        doc.add_value(2, c.key);
        if (!c.journal.empty()) doc.add_value(4, c.journal);
        if (!c.authors.empty()) doc.add_value(5, joined(c.authors));
        if (!c.keywords.empty()) doc.add_value(6, joined(c.keywords));

        std::string data = "key=" + c.key + "\ntype=" + c.type + "\ntitle=" + c.title +
                           "\nauthors=" + joined(c.authors) + "\njournal=" + c.journal + "\nyear=" + c.year +
                           "\ndoi=" + c.doi + "\nkeywords=" + joined(c.keywords) + "\nabstract=" + c.abstract_text +
                           "\n";
        doc.set_data(data);
        if (add_only_)
            db_.add_document(doc);
        else
            db_.replace_document(id_term, doc);
    }

    void commit() { db_.commit(); }
    Xapian::doccount count() const { return db_.get_doccount(); }

private:
    void field(const std::string& text, const char* prefix, Xapian::termcount wdf, bool positional_prefix, bool spell) {
        if (text.empty() || text == " ") return;
        tg_.set_flags(spell && spelling_ ? Xapian::TermGenerator::FLAG_SPELLING : 0);
        tg_.index_text(text, wdf);
        tg_.set_flags(0);
        if (positional_prefix)
            tg_.index_text(text, wdf, prefix);
        else
            tg_.index_text_without_positions(text, wdf, prefix);
        tg_.increase_termpos(100);
    }

    Xapian::WritableDatabase db_;
    Xapian::TermGenerator tg_;
    bool spelling_;
    bool add_only_;
};

}  // namespace
}  // namespace citesearch::perf

int main(int argc, char** argv) {
    using namespace citesearch::perf;
    std::string db;
    bool spelling = true, add_only = false;
    std::vector<std::string> inputs;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--db" && i + 1 < argc)
            db = argv[++i];
        else if (a == "--no-spelling")
            spelling = false;
        else if (a == "--add")
            add_only = true;
        else
            inputs.push_back(a);
    }
    if (db.empty() || inputs.empty()) {
        std::cerr << "usage: perf-xapian-index --db DIR [--no-spelling] [--add] DIR_OR_FILES...\n";
        return 2;
    }
    try {
        auto start = Clock::now();
        RawIndexer indexer(db, spelling, add_only);
        std::size_t records = 0;
        for (const std::string& input : inputs) {
            for (const auto& file : ris_files(input)) {
                std::size_t ordinal = 0;
                std::string rel = source_name(file, input);
                for_each_ris_record(file, [&](RisRecord& r) {
                    indexer.add(simple_citation(r, rel + "#" + std::to_string(++ordinal)));
                    ++records;
                });
            }
        }
        indexer.commit();
        double secs = seconds_since(start);
        std::printf("perf-xapian-index: %zu records, %u documents, %.2fs (%.0f records/s)\n", records, indexer.count(),
                    secs, records / secs);
    } catch (const Xapian::Error& e) {
        std::cerr << "perf-xapian-index: " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}
