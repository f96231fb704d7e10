#pragma once
// Turns a stored record into a Xapian document laid out as indexer/schema.h
// says. One builder per thread (it owns a Xapian::TermGenerator).

#include <string_view>

#include <xapian.h>

#include "stored_record.h"

namespace citesearch {

class DocumentBuilder {
public:
    DocumentBuilder();

    // The stemmer of the index being written (stemming.h); the default's until set.
    void set_stemmer(std::string_view name);

    // When a database is given, words of titles and abstracts are added to
    // its spelling dictionary (for "did you mean"), and the abbreviations
    // they define to its synonym table (indexer/abbreviations.h).
    void set_spelling_database(Xapian::WritableDatabase* db);

    Xapian::Document build(const StoredRecord& record);

private:
    void index_field(const std::string& folded, std::string_view prefix, Xapian::termcount wdf, bool positional_prefix,
                     bool spelling);

    Xapian::TermGenerator generator_;
    Xapian::WritableDatabase* spelling_db_ = nullptr;
};

}  // namespace citesearch
