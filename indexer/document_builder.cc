#include "document_builder.h"

#include <unordered_map>
#include <utility>

#include "abbreviations.h"
#include "author_name.h"
#include "normalize.h"
#include "schema.h"
#include "stemming.h"

namespace citesearch {
namespace {

// Remembers the stemmer's answers. Stemming was 12% of citesearch-index's
// instructions (callgrind, docs/performance.md): every word of every field is
// stemmed twice (unprefixed and under its prefix), while a collection's
// vocabulary is small next to its word count. The stems are the same, word
// for word, so the index is too. Not thread-safe, like the builder that owns it.
class CachingStem : public Xapian::StemImplementation {
public:
    explicit CachingStem(Xapian::Stem stem) : stem_(std::move(stem)) {}

    std::string operator()(const std::string& word) override {
        if (auto it = cache_.find(word); it != cache_.end()) return it->second;
        std::string stem = stem_(word);
        if (cache_.size() >= kMaxWords) cache_.clear();  // bounded memory: a few tens of MB at most
        cache_.emplace(word, stem);
        return stem;
    }

    std::string get_description() const override { return "CachingStem(" + stem_.get_description() + ")"; }

private:
    static constexpr std::size_t kMaxWords = std::size_t{1} << 18;
    Xapian::Stem stem_;
    std::unordered_map<std::string, std::string> cache_;
};

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
        if (!out.empty()) out += schema::kListSeparator;
        out += s;
    }
    return out;
}

// The spelling words of one field, read back from its prefixed terms.
// TermGenerator::FLAG_SPELLING would add each unstemmed word once per
// occurrence as it indexes the field; the field's prefixed terms are those
// same words (same text, same tokenizer), each with wdf = occurrences x the
// field's wdf. Collected here rather than by the flag, because the flag
// writes to the database from the thread that builds.
void add_spelling_words(const Xapian::Document& doc, std::string_view prefix, Xapian::termcount wdf,
                        std::vector<std::pair<std::string, Xapian::termcount>>& out) {
    Xapian::TermIterator it = doc.termlist_begin();
    it.skip_to(std::string(prefix));
    for (; it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        if (!term.starts_with(prefix)) break;
        out.emplace_back(term.substr(prefix.size()), it.get_wdf() / wdf);
    }
}

}  // namespace

DocumentBuilder::DocumentBuilder() {
    set_stemmer(kDefaultStemmer);
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

void DocumentBuilder::set_stemmer(std::string_view name) { generator_.set_stemmer(Xapian::Stem(new CachingStem(make_stemmer(name)))); }

void DocumentBuilder::index_field(const std::string& folded, std::string_view prefix, Xapian::termcount wdf,
                                  bool positional_prefix) {
    if (folded.empty()) return;
    // Unprefixed (free text, positional) ...
    generator_.index_text(folded, wdf);
    // ... and under the field's own prefix.
    if (positional_prefix)
        generator_.index_text(folded, wdf, std::string(prefix));
    else
        generator_.index_text_without_positions(folded, wdf, std::string(prefix));
    // Keep phrases from matching across field boundaries.
    generator_.increase_termpos(100);
}

BuiltDocument DocumentBuilder::build(const StoredRecord& record) {
    const Citation& c = record.citation;
    BuiltDocument built;
    Xapian::Document& doc = built.document;
    generator_.set_document(doc);

    std::string title = fold(c.title);
    index_field(title, schema::kTitle, schema::kTitleWdf, true);
    for (const std::string& kw : c.keywords) index_field(fold(kw), schema::kKeywordText, schema::kKeywordWdf, false);
    std::string abstract_text = fold(c.abstract_text);
    index_field(abstract_text, schema::kAbstract, schema::kAbstractWdf, false);
    // Abbreviations the record defines ("hepatocellular carcinoma (HCC)")
    // join the database's synonym table, for searches with abbreviations=true.
    for (const AbbreviationDefinition& d : find_abbreviations(title + " . " + abstract_text))
        built.synonyms.emplace_back(abbreviation_key(d.short_form), d.long_form);
    for (const std::string& a : c.authors) index_field(fold(a), schema::kAuthorText, schema::kAuthorWdf, false);
    std::string journal = c.journal;
    if (!c.journal_abbrev.empty()) journal += " " + c.journal_abbrev;
    index_field(fold(journal), schema::kJournalText, schema::kJournalWdf, false);
    // Publication types ("Review article", "Randomized Controlled Trial") only
    // under their prefix: they serve review[pt], not free text.
    for (const RisField& f : c.fields)
        if (f.tag == "M3" || f.tag == "PT") generator_.index_text_without_positions(fold(f.value), 1, std::string(schema::kPubType));

    // Boolean terms for filters, facets and exact look-ups.
    doc.add_boolean_term(schema::boolean_term(schema::kId, record.id));
    if (c.year) doc.add_boolean_term(schema::boolean_term(schema::kYear, std::to_string(c.year)));
    if (!c.type.empty()) doc.add_boolean_term(schema::boolean_term(schema::kType, fold(c.type)));
    if (!c.doi.empty()) doc.add_boolean_term(schema::boolean_term(schema::kDoi, c.doi));
    if (!c.pmid.empty()) doc.add_boolean_term(schema::boolean_term(schema::kPmid, c.pmid));
    std::vector<std::string> author_display;
    for (const std::string& a : c.authors) {
        std::vector<PersonName> readings = parse_author(a);
        if (readings.empty()) continue;
        for (const std::string& key : name_keys(readings.front())) doc.add_boolean_term(schema::boolean_term(schema::kAuthorKey, key));
        std::string shown = display_name(a);
        doc.add_boolean_term(schema::boolean_term(schema::kAuthorFacet, fold(shown)));
        author_display.push_back(std::move(shown));
    }
    if (!c.journal.empty()) doc.add_boolean_term(schema::boolean_term(schema::kJournal, fold(c.journal)));
    for (const std::string& kw : c.keywords) doc.add_boolean_term(schema::boolean_term(schema::kKeyword, fold(kw)));
    std::vector<std::string> source_files;
    for (const Provenance& p : record.sources) {
        doc.add_boolean_term(schema::boolean_term(schema::kSource, p.file));
        source_files.push_back(p.file);
    }

    // Values for sorting and facet counting.
    if (c.year) {
        doc.add_value(schema::kSlotYear, Xapian::sortable_serialise(c.year));
        doc.add_value(schema::kSlotDate, Xapian::sortable_serialise(c.year * 10000 + c.month * 100 + c.day));
    }
    doc.add_value(schema::kSlotRecordId, record.id);
    int yyyymmdd = c.year ? c.year * 10000 + c.month * 100 + c.day : 0;
    doc.add_value(schema::kSlotNewestKey, schema::newest_first_key(yyyymmdd, record.id));
    doc.add_value(schema::kSlotOldestKey, schema::oldest_first_key(yyyymmdd, record.id));
    if (!c.type.empty()) doc.add_value(schema::kSlotType, c.type);
    if (!c.journal.empty()) doc.add_value(schema::kSlotJournal, c.journal);
    if (!author_display.empty()) doc.add_value(schema::kSlotAuthors, join_list(author_display));
    if (!c.keywords.empty()) doc.add_value(schema::kSlotKeywords, join_list(c.keywords));
    if (!source_files.empty()) doc.add_value(schema::kSlotSources, join_list(source_files));

    doc.set_data(to_json_string(record));
    // "Did you mean" draws on the words of titles and abstracts only.
    add_spelling_words(doc, schema::kTitle, schema::kTitleWdf, built.spelling);
    add_spelling_words(doc, schema::kAbstract, schema::kAbstractWdf, built.spelling);
    // The generator keeps a handle on the last document it wrote to; let go
    // of it, so the document's reference count is touched only by whoever
    // holds it next (Xapian's counts are not atomic).
    generator_.set_document(Xapian::Document());
    return built;
}

}  // namespace citesearch
