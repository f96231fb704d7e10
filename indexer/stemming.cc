#include "stemming.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "spelling_rules.h"

namespace citesearch {
namespace {

// kVariants (British -> American, sorted) and kUnchanged (sorted), generated
// at build time from Debian's word lists by spelling_variants_gen.cc.
#include "spelling_variants_table.inc"

std::optional<std::string> variant_of(std::string_view word) {
    auto it = std::lower_bound(std::begin(kVariants), std::end(kVariants), word,
                               [](const auto& entry, std::string_view w) { return entry.first < w; });
    if (it == std::end(kVariants) || it->first != word) return std::nullopt;
    return std::string(it->second);
}

class AmericanPorterStem : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override { return porter_(american_spelling(word)); }
    std::string get_description() const override { return "porter-us"; }

private:
    Xapian::Stem porter_{"porter"};
};

}  // namespace

std::string american_spelling(const std::string& word) {
    if (std::optional<std::string> american = variant_of(word)) return *american;
    if (std::binary_search(std::begin(kUnchanged), std::end(kUnchanged), std::string_view(word))) return word;
    return spelling_rules::unknown_word_spelling(word, [](const std::string& w) { return variant_of(w); });
}

Xapian::Stem make_stemmer(std::string_view name) {
    if (name == kDefaultStemmer) return Xapian::Stem(new AmericanPorterStem);
    return Xapian::Stem(std::string(name));
}

}  // namespace citesearch
