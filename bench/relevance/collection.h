#pragma once
// The judged collections' files (see ../shared/data/README.md): queries as
// BEIR JSONL ({"_id": ..., "text": ...} per line), judgments as BEIR qrels
// TSV (header "query-id<TAB>corpus-id<TAB>score"), and the documents' title
// and abstract read from RIS with the project's own reader, so the reference
// systems see exactly the records citesearch sees.
//
// Input problems throw std::runtime_error with "file:line: error: ..."
// (these are our own files: a bad line is a bug to fix, not data to skip).

#include <filesystem>
#include <string>
#include <vector>

#include "metrics.h"

namespace citesearch::relevance {

struct Query {
    std::string id;
    std::string text;
};

std::vector<Query> read_queries(const std::filesystem::path& file);
Qrels read_qrels(const std::filesystem::path& file);

// What the reference systems index of a record: the RIS ID and the text of
// the title and abstract.
struct Document {
    std::string id;
    std::string title;
    std::string abstract_text;
};

// Every record the RIS reader accepts, in file order. Records it rejects are
// counted in `rejected` (citesearch-index rejects the same ones).
std::vector<Document> read_documents(const std::vector<std::filesystem::path>& ris_files, std::size_t* rejected = nullptr);

}  // namespace citesearch::relevance
