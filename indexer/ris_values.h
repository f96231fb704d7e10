#pragma once
// Internal to the RIS reader: single values inside a field. Identifiers
// (DOI, PMID, PMCID) found in the many places exports put them, and page
// ranges. normalise_doi() and parse_date() are public: see ris_reader.h.

#include <string>
#include <string_view>

namespace citesearch::ris_internal {

// A DOI inside a longer text: a doi.org URL or "doi:" anywhere in it (link
// resolver URLs carry "id=doi:10.1016%2F...&issn=...").
std::string find_doi(std::string_view text);

// "PMID: 123" -> "123": the text after a PubMed label ("PMID:", "PMID",
// "PubMed ID:", "PubMed:"), trimmed; the text itself when it has no label.
std::string_view strip_pubmed_label(std::string_view s);

// "PMID: 123", "PMID 123" or "123[pmid]" / "123 [PMID]"; bare digits are not
// accepted here (the caller decides whether a tag's bare digits are a PMID).
std::string labelled_pmid(std::string_view v);

// "PMC123", "Pmc123", "PMC123[pmcid]", "PMCID: PMC123" -> "PMC123".
std::string pmcid_in(std::string_view v);

// The digits right after `marker` (matched ignoring case), or "" when none
// follow or they run on into letters. For PubMed and PMC URLs:
// ".../pubmed/123", "pubmed.ncbi.nlm.nih.gov/123", ".../pmc/articles/PMC123".
std::string digits_after(std::string_view text, std::string_view marker);

// The PMID in a PubMed URL. Also Ovid's record links: in its MEDLINE databases
// (D=medl, medp, prem, mesz...) the accession number AN= is the PMID; in Embase
// or PsycINFO it is not.
std::string pmid_in_url(std::string_view url);

// "1023-35" means 1023-1035 in PubMed's page style.
void expand_end_page(std::string_view start, std::string& end);

// "53-65", "53–65", "53--65" -> start "53", end "65" (end only when still empty);
// without a dash the whole text is the start page.
void split_pages(std::string_view pages, std::string& start, std::string& end);

}  // namespace citesearch::ris_internal
