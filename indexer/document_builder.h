#pragma once
// Turns a stored record into a Xapian document laid out as indexer/schema.h
// says, with what the record adds to the database's spelling dictionary and
// synonym table. It touches no database, so documents can be built on one
// thread while another writes (index_writer.cc). A builder is used by one
// thread at a time (it owns a Xapian::TermGenerator and a stem cache).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "stored_record.h"

namespace citesearch {

struct BuiltDocument {
    Xapian::Document document;
    // Words of the title and abstract with how often each occurs, for the
    // spelling dictionary ("did you mean"): exactly what Xapian's
    // TermGenerator::FLAG_SPELLING would add (WritableDatabase::add_spelling).
    std::vector<std::pair<std::string, Xapian::termcount>> spelling;
    // Abbreviations the record defines, for the synonym table
    // (indexer/abbreviations.h): (key, long form) for add_synonym.
    std::vector<std::pair<std::string, std::string>> synonyms;
};

class DocumentBuilder {
public:
    DocumentBuilder();

    // The stemmer of the index being written (stemming.h); the default's until set.
    void set_stemmer(std::string_view name);

    // The returned document shares nothing with the builder: it may be handed
    // to another thread.
    BuiltDocument build(const StoredRecord& record);

private:
    void index_field(const std::string& folded, std::string_view prefix, Xapian::termcount wdf, bool positional_prefix);

    Xapian::TermGenerator generator_;
};

}  // namespace citesearch
