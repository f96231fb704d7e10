// perf-gen-corpus: writes a deterministic synthetic citation collection as RIS.
//
//   perf-gen-corpus --records 100000 --out DIR [--seed 42] [--per-file 10000]
//                   [--first-id 1] [--marker WORD]
//
// The same arguments give byte-identical files on every machine (own RNG,
// no std:: distributions). Records look like biomedical/CS journal exports:
// 1-15 authors with a skewed count, 150-300-word abstracts whose words
// follow a Zipf law (s = 1.1) over ~60,000 words (function words and common academic
// words at the head, pronounceable invented words with English suffixes in
// the tail, so stemming has work to do), topical multi-word terms
// ("immune checkpoint inhibitor") that make phrase queries meaningful,
// ~2,500 journals tied to topics, years skewed to recent, unique DOIs for 95%
// of records, 3-8 keywords. --marker adds WORD to every title and keyword
// list: the freshness test looks for it.

#include <cstring>
#include <iostream>
#include <set>

#include "bench_common.h"

namespace citesearch::perf {
namespace {

const char* const kFunctionWords[] = {
    "the",   "of",   "and",     "in",    "to",   "a",    "with", "for",    "was",   "were",    "is",    "by",
    "on",    "that", "as",      "from",  "at",   "this", "be",   "are",    "an",    "or",      "we",    "these",
    "which", "not",  "between", "after", "than", "our",  "also", "been",   "has",   "have",    "their", "its",
    "may",   "both", "all",     "more",  "had",  "can",  "but",  "during", "into",  "there",   "other", "such",
    "no",    "most", "however", "while", "each", "only", "two",  "one",    "three", "whether", "among"};

const char* const kAcademicWords[] = {
    "patients",      "study",        "results",      "analysis",    "data",        "effect",      "methods",
    "model",         "treatment",    "clinical",     "significant", "associated",  "compared",    "increased",
    "use",           "group",        "risk",         "outcomes",    "performance", "based",       "time",
    "level",         "higher",       "lower",        "high",        "low",         "different",   "first",
    "new",           "studies",      "effects",      "factors",     "years",       "age",         "control",
    "response",      "rate",         "cells",        "disease",     "health",      "system",      "approach",
    "evidence",      "total",        "mean",         "differences", "population",  "review",      "research",
    "showed",        "found",        "observed",     "reported",    "including",   "using",       "used",
    "patient",       "care",         "associated",   "conclusion",  "background",  "objective",   "design",
    "setting",       "participants", "measurements", "trial",       "randomized",  "cohort",      "cases",
    "samples",       "sample",       "months",       "follow",      "baseline",    "primary",     "secondary",
    "significantly", "respectively", "compared",     "reduced",     "improved",    "potential",   "important",
    "present",       "current",      "proposed",     "method",      "framework",   "evaluation",  "performance",
    "accuracy",      "efficient",    "algorithm",    "network",     "information", "process",     "structure",
    "function",      "activity",     "expression",   "levels",      "role",        "mechanism",   "factor",
    "specific",      "general",      "common",       "large",       "small",       "several",     "various",
    "overall",       "further",      "future",       "provide",     "provides",    "suggest",     "suggests",
    "indicate",      "demonstrate",  "evaluate",     "assess",      "determine",   "investigate", "examined",
    "identified",    "included",     "conducted",    "performed",   "measured",    "estimated",   "increase",
    "decrease",      "change",       "changes",      "impact",      "quality",     "support",     "practice",
    "management"};

// Real domain words: topics are built from these (plus invented words).
const char* const kDomainWords[] = {
    "liver",          "cancer",         "immune",         "checkpoint",   "tumor",
    "radiology",      "hepatic",        "carcinoma",      "inhibitor",    "therapy",
    "interventional", "oncology",       "systemic",       "chemotherapy", "radiation",
    "surgery",        "transplant",     "cirrhosis",      "hepatitis",    "fibrosis",
    "diabetes",       "insulin",        "glucose",        "obesity",      "cardiac",
    "cardiovascular", "heart",          "failure",        "hypertension", "stroke",
    "renal",          "kidney",         "dialysis",       "pulmonary",    "lung",
    "asthma",         "airway",         "infection",      "antibiotic",   "resistance",
    "bacterial",      "viral",          "vaccine",        "antibody",     "cytokine",
    "inflammation",   "receptor",       "kinase",         "protein",      "gene",
    "genetic",        "genome",         "sequencing",     "mutation",     "expression",
    "pathway",        "signaling",      "neuron",         "brain",        "cognitive",
    "dementia",       "alzheimer",      "depression",     "anxiety",      "schizophrenia",
    "psychiatric",    "pediatric",      "neonatal",       "pregnancy",    "maternal",
    "fertility",      "breast",         "prostate",       "colorectal",   "gastric",
    "pancreatic",     "melanoma",       "leukemia",       "lymphoma",     "metastasis",
    "biopsy",         "imaging",        "tomography",     "ultrasound",   "resonance",
    "magnetic",       "contrast",       "screening",      "diagnosis",    "prognosis",
    "survival",       "mortality",      "morbidity",      "dose",         "pharmacokinetics",
    "adverse",        "toxicity",       "placebo",        "efficacy",     "safety",
    "opioid",         "analgesic",      "pain",           "anesthesia",   "muscle",
    "skeletal",       "bone",           "fracture",       "osteoporosis", "arthritis",
    "rheumatoid",     "lupus",          "autoimmune",     "allergy",      "antihistamine",
    "estrogen",       "hormone",        "thyroid",        "adrenal",      "retrieval",
    "search",         "index",          "query",          "ranking",      "relevance",
    "learning",       "neural",         "deep",           "graph",        "database",
    "software",       "compiler",       "parallel",       "distributed",  "memory",
    "cache",          "storage",        "network",        "wireless",     "sensor",
    "security",       "privacy",        "encryption",     "protocol",     "optimization",
    "scheduling",     "robot",          "vision",         "language",     "semantic",
    "ontology",       "recommendation", "classification", "clustering",   "regression",
    "bayesian",       "stochastic",     "simulation",     "climate",      "emission",
    "carbon",         "soil",           "water",          "ecosystem",    "species",
    "biodiversity",   "agriculture",    "crop",           "nutrition",    "diet",
    "exercise",       "physical",       "rehabilitation", "nursing",      "education",
    "students",       "teaching",       "curriculum",     "library",      "citation",
    "bibliometric",   "systematic",     "meta",           "screening",    "elderly",
    "children",       "adolescent",     "smoking",        "alcohol",      "tobacco",
    "microbiome",     "intestinal",     "bowel",          "colitis",      "endoscopy",
    "laparoscopic",   "robotic",        "minimally",      "invasive",     "ablation",
    "embolization",   "stent",          "catheter",       "angiography",  "thrombosis",
    "anticoagulant",  "platelet",       "hemorrhage",     "trauma",       "emergency",
    "intensive",      "sepsis",         "ventilation",    "oxygen"};

const char* const kSurnames[] = {
    "Smith",    "Wang",      "Li",       "Zhang",    "Liu",         "Chen",      "Yang",    "Huang",    "Zhao",
    "Wu",       "Johnson",   "Williams", "Brown",    "Jones",       "Garcia",    "Miller",  "Davis",    "Rodriguez",
    "Martinez", "Hernandez", "Lopez",    "Gonzalez", "Wilson",      "Anderson",  "Thomas",  "Taylor",   "Moore",
    "Jackson",  "Martin",    "Lee",      "Perez",    "Thompson",    "White",     "Harris",  "Sanchez",  "Clark",
    "Ramirez",  "Lewis",     "Robinson", "Walker",   "Young",       "Allen",     "King",    "Wright",   "Scott",
    "Torres",   "Nguyen",    "Hill",     "Flores",   "Green",       "Adams",     "Nelson",  "Baker",    "Hall",
    "Rivera",   "Campbell",  "Mitchell", "Carter",   "Roberts",     "Kim",       "Park",    "Choi",     "Tanaka",
    "Suzuki",   "Sato",      "Watanabe", "Müller",   "Schmidt",     "Schneider", "Fischer", "Weber",    "Meyer",
    "Wagner",   "Becker",    "Schulz",   "Hoffmann", "Rossi",       "Russo",     "Ferrari", "Esposito", "Bianchi",
    "Romano",   "Colombo",   "Dubois",   "Durand",   "Moreau",      "Laurent",   "Bernard", "Petit",    "Jansen",
    "Visser",   "Smit",      "Bakker",   "Jost",     "Søndergaard", "Nielsen",   "Hansen",  "Andersen", "Larsen",
    "Kowalski", "Nowak",     "Novak",    "Ivanov",   "Popov",       "Silva",     "Santos",  "Oliveira", "Pereira",
    "Costa",    "Singh",     "Kumar",    "Sharma",   "Patel",       "Gupta",     "Khan",    "Ali",      "Ahmed",
    "Hussain",  "Cohen"};

const char* const kGivenNames[] = {
    "John",   "Mary",      "James",   "Patricia", "Robert",  "Jennifer", "Michael", "Linda",    "William", "Elizabeth",
    "David",  "Barbara",   "Richard", "Susan",    "Joseph",  "Jessica",  "Thomas",  "Sarah",    "Charles", "Karen",
    "Wei",    "Jing",      "Hiroshi", "Yuki",     "Raphaël", "Anna",     "Maria",   "Peter",    "Paul",    "Andrea",
    "Marco",  "Giulia",    "Hans",    "Eva",      "Lars",    "Ingrid",   "Pierre",  "Claire",   "Ahmed",   "Fatima",
    "Priya",  "Rahul",     "Olga",    "Ivan",     "Lucas",   "Sofia",    "Daniel",  "Laura",    "Martin",  "Julia",
    "Jan",    "Katarzyna", "Tomasz",  "Ji-woo",   "Min-jun", "Carlos",   "Ana",     "José",     "Emma",    "Noah",
    "Olivia", "Liam",      "Chloe",   "Ethan",    "Grace",   "Samuel",   "Hannah",  "Benjamin", "Zoe"};

const char* const kJournalFields[] = {"Research",  "Medicine",    "Science", "Studies",      "Reviews",  "Letters",
                                      "Reports",   "Engineering", "Biology", "Chemistry",    "Surgery",  "Oncology",
                                      "Radiology", "Informatics", "Systems", "Therapeutics", "Practice", "Sciences"};

template <typename T, std::size_t N>
constexpr std::size_t count_of(const T (&)[N]) {
    return N;
}

std::string capitalize(std::string w) {
    if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
    return w;
}

// Pronounceable invented words with English-looking endings.
std::string invent_word(Rng& rng, int min_syll, int max_syll) {
    static const char* const kOnsets[] = {"b",  "c",  "d",  "f",  "g",  "h",  "k",  "l",  "m",  "n",  "p",
                                          "r",  "s",  "t",  "v",  "z",  "br", "cr", "dr", "gr", "pr", "tr",
                                          "st", "sp", "ch", "th", "ph", "pl", "cl", "fl", "sc", "qu"};
    static const char* const kVowels[] = {"a", "e", "i", "o", "u", "a", "e", "i", "o", "ia", "eo", "ou", "y"};
    static const char* const kSuffixes[] = {"ic",   "al",     "osis",  "ation",  "ity",  "ase",  "ine", "ology", "ment",
                                            "ive",  "ous",    "ism",   "ial",    "ated", "ing",  "ers", "ide",   "oma",
                                            "itis", "ectomy", "genic", "metric", "ness", "ance", "ure", "s"};
    std::string w;
    int n = rng.between(min_syll, max_syll);
    for (int i = 0; i < n; ++i) {
        w += kOnsets[rng.below(count_of(kOnsets))];
        w += kVowels[rng.below(count_of(kVowels))];
    }
    if (rng.chance(0.6)) w += kSuffixes[rng.below(count_of(kSuffixes))];
    return w;
}

struct Topic {
    std::vector<std::string> words;               // single topical words
    std::vector<std::vector<std::string>> terms;  // multi-word terms
    std::vector<std::size_t> journals;            // journals that publish on it
};

struct Journal {
    std::string name;
    std::string abbrev;
    std::string doi_prefix;
};

class CorpusModel {
public:
    explicit CorpusModel(std::uint64_t seed) : background_zipf_(1, 1.0), surname_zipf_(1, 1.0), topic_zipf_(1, 1.0) {
        Rng rng(seed ^ 0x5EED5EED5EEDULL);  // the model depends on the seed only
        std::set<std::string> seen;
        for (const char* w : kFunctionWords) add_background(w, seen);
        for (const char* w : kAcademicWords) add_background(w, seen);
        std::size_t head = background_.size();
        for (const char* w : kDomainWords) add_background(w, seen);
        // Mix the domain words into the upper middle of the ranking.
        std::vector<std::string> tail;
        while (tail.size() < 60000) {
            std::string w = invent_word(rng, 1, 4);
            if (w.size() >= 3 && seen.insert(w).second) tail.push_back(std::move(w));
        }
        background_.insert(background_.end(), tail.begin(), tail.end());
        background_zipf_ = Zipf(background_.size(), 1.1);

        for (const char* s : kSurnames) surnames_.emplace_back(s);
        std::set<std::string> seen_names(surnames_.begin(), surnames_.end());
        while (surnames_.size() < 30000) {
            std::string s = capitalize(invent_word(rng, 2, 3));
            if (seen_names.insert(s).second) surnames_.push_back(std::move(s));
        }
        surname_zipf_ = Zipf(surnames_.size(), 0.9);

        std::set<std::string> journal_names;
        while (journals_.size() < 2500) {
            std::string subject = capitalize(rng.chance(0.6) ? kDomainWords[rng.below(count_of(kDomainWords))]
                                                             : background_[head + rng.below(20000)]);
            std::string field = kJournalFields[rng.below(count_of(kJournalFields))];
            Journal j;
            switch (rng.below(4)) {
                case 0:
                    j.name = "Journal of " + subject + " " + field;
                    break;
                case 1:
                    j.name = subject + " " + field;
                    break;
                case 2:
                    j.name = "International Journal of " + subject + " " + field;
                    break;
                default:
                    j.name = "Annals of " + subject + " " + field;
                    break;
            }
            if (!journal_names.insert(j.name).second) continue;
            for (std::size_t start = 0; start < j.name.size();) {
                std::size_t end = j.name.find(' ', start);
                if (end == std::string::npos) end = j.name.size();
                std::string word = j.name.substr(start, end - start);
                if (word != "of") {
                    if (!j.abbrev.empty()) j.abbrev += ' ';
                    j.abbrev += word.substr(0, std::min<std::size_t>(word.size(), 4));
                }
                start = end + 1;
            }
            j.doi_prefix = "10." + std::to_string(1000 + journals_.size());
            journals_.push_back(std::move(j));
        }

        for (int t = 0; t < 400; ++t) {
            Topic topic;
            for (int i = 0; i < 6; ++i) topic.words.emplace_back(kDomainWords[rng.below(count_of(kDomainWords))]);
            for (int i = 0; i < 20; ++i) topic.words.push_back(background_[head + 100 + rng.below(30000)]);
            for (int i = 0; i < 5; ++i) {
                std::vector<std::string> term;
                int len = rng.between(2, 3);
                for (int k = 0, tries = 0; static_cast<int>(term.size()) < len && tries < 50; ++tries) {
                    const std::string& w =
                        k < len - 1 || rng.chance(0.5) ? topic.words[rng.below(6)] : topic.words[6 + rng.below(20)];
                    if (std::find(term.begin(), term.end(), w) != term.end()) continue;
                    term.push_back(w);
                    ++k;
                }
                topic.terms.push_back(std::move(term));
            }
            for (int i = 0; i < 10; ++i) topic.journals.push_back(rng.below(journals_.size()));
            topics_.push_back(std::move(topic));
        }
        topic_zipf_ = Zipf(topics_.size(), 0.8);
    }

    std::string record(Rng& rng, std::size_t id, const std::string& marker) const {
        const Topic& main = topics_[topic_zipf_.draw(rng)];
        const Topic& other = rng.chance(0.4) ? topics_[topic_zipf_.draw(rng)] : main;
        std::string out;
        out.reserve(3000);
        auto tag = [&](const char* t, const std::string& v) {
            out += t;
            out += "  - ";
            out += v;
            out += '\n';
        };

        double r = rng.unit();
        tag("TY", r < 0.88 ? "JOUR" : r < 0.94 ? "CONF" : r < 0.98 ? "CHAP" : "BOOK");

        std::string title = capitalize(text(rng, main, other, rng.between(6, 16), 0.3, 0.35, false));
        if (!marker.empty()) title += " " + marker;
        tag("TI", title);

        static const int kAuthorWeights[] = {8, 10, 12, 13, 12, 11, 9, 7, 5, 4, 3, 2, 2, 1, 1};
        int n_authors = 1 + static_cast<int>(weighted(rng, kAuthorWeights, count_of(kAuthorWeights)));
        for (int i = 0; i < n_authors; ++i) {
            std::string name = surnames_[surname_zipf_.draw(rng)] + ", ";
            std::string given = kGivenNames[rng.below(count_of(kGivenNames))];
            if (rng.chance(0.3))
                name += given.substr(0, 1) + ".";
            else
                name += given;
            if (rng.chance(0.35)) name += std::string(" ") + static_cast<char>('A' + rng.below(26)) + ".";
            tag("AU", name);
        }

        std::size_t journal_index =
            rng.chance(0.7) ? main.journals[rng.below(main.journals.size())] : rng.below(journals_.size());
        const Journal& journal = journals_[journal_index];
        tag("JO", journal.name);
        tag("J2", journal.abbrev);

        int year = 2024 - static_cast<int>(54 * std::pow(rng.unit(), 1.8));
        int month = rng.between(1, 12);
        int day = rng.between(1, 28);
        tag("PY", std::to_string(year));
        char date[32];
        std::snprintf(date, sizeof date, "%04d/%02d/%02d/", year, month, day);
        tag("DA", date);
        tag("VL", std::to_string(rng.between(1, 120)));
        tag("IS", std::to_string(rng.between(1, 12)));
        int page = rng.between(1, 2000);
        tag("SP", std::to_string(page));
        tag("EP", std::to_string(page + rng.between(3, 20)));

        tag("AB", text(rng, main, other, rng.between(150, 300), 0.08, 0.14, true));

        int n_keywords = rng.between(3, 8);
        std::set<std::string> kws;
        for (int i = 0; i < n_keywords * 2 && static_cast<int>(kws.size()) < n_keywords; ++i) {
            std::string kw;
            if (rng.chance(0.5)) {
                for (const std::string& w : main.terms[rng.below(main.terms.size())]) kw += (kw.empty() ? "" : " ") + w;
            } else {
                kw = main.words[rng.below(main.words.size())];
            }
            kws.insert(capitalize(kw));
        }
        if (!marker.empty()) kws.insert(marker);
        for (const std::string& kw : kws) tag("KW", kw);

        char idbuf[32];
        std::snprintf(idbuf, sizeof idbuf, "%09zu", id);
        if (rng.chance(0.95)) {
            std::string doi = journal.doi_prefix + "/";
            for (char c : journal.abbrev)
                if (c != ' ') doi += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            doi += "." + std::to_string(year) + "." + idbuf;
            tag("DO", doi);
            if (rng.chance(0.5)) tag("UR", "https://doi.org/" + doi);
        }
        tag("LA", "eng");
        std::string record_id = "syn";
        record_id += idbuf;
        tag("ID", record_id);
        out += "ER  - \n\n";
        return out;
    }

private:
    void add_background(const std::string& w, std::set<std::string>& seen) {
        if (seen.insert(w).second) background_.push_back(w);
    }

    static std::size_t weighted(Rng& rng, const int* weights, std::size_t n) {
        int total = 0;
        for (std::size_t i = 0; i < n; ++i) total += weights[i];
        int pick = static_cast<int>(rng.below(static_cast<std::size_t>(total)));
        for (std::size_t i = 0; i < n; ++i) {
            if (pick < weights[i]) return i;
            pick -= weights[i];
        }
        return n - 1;
    }

    // `words` words: topical terms with probability p_term, topic words with
    // p_word, otherwise Zipf background; sentences when `sentences`.
    std::string text(Rng& rng, const Topic& main, const Topic& other, int words, double p_term, double p_word,
                     bool sentences) const {
        std::string out;
        int emitted = 0;
        int sentence_left = rng.between(12, 25);
        bool sentence_start = true;
        auto emit = [&](const std::string& w) {
            if (!out.empty()) out += ' ';
            out += sentence_start && sentences ? capitalize(w) : w;
            sentence_start = false;
            ++emitted;
            if (sentences && --sentence_left <= 0) {
                out += '.';
                sentence_left = rng.between(12, 25);
                sentence_start = true;
            }
        };
        while (emitted < words) {
            const Topic& t = rng.chance(0.75) ? main : other;
            double r = rng.unit();
            if (r < p_term) {
                for (const std::string& w : t.terms[rng.below(t.terms.size())]) emit(w);
            } else if (r < p_term + p_word) {
                emit(t.words[rng.below(t.words.size())]);
            } else if (r < p_term + p_word + 0.01) {
                emit(std::to_string(rng.between(2, 999)));
            } else {
                emit(background_[background_zipf_.draw(rng)]);
            }
        }
        if (sentences && !sentence_start) out += '.';
        return out;
    }

    std::vector<std::string> background_;
    Zipf background_zipf_;
    std::vector<std::string> surnames_;
    Zipf surname_zipf_;
    std::vector<Journal> journals_;
    std::vector<Topic> topics_;
    Zipf topic_zipf_;
};

int usage() {
    std::cerr
        << "usage: perf-gen-corpus --records N --out DIR [--seed S] [--per-file N] [--first-id N] [--marker WORD]\n";
    return 2;
}

}  // namespace
}  // namespace citesearch::perf

int main(int argc, char** argv) {
    using namespace citesearch::perf;
    std::size_t records = 0, per_file = 10000, first_id = 1;
    std::uint64_t seed = 42;
    std::string out_dir, marker;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--records")
            records = std::stoull(value());
        else if (a == "--out")
            out_dir = value();
        else if (a == "--seed")
            seed = std::stoull(value());
        else if (a == "--per-file")
            per_file = std::stoull(value());
        else if (a == "--first-id")
            first_id = std::stoull(value());
        else if (a == "--marker")
            marker = value();
        else
            return usage();
    }
    if (records == 0 || out_dir.empty() || per_file == 0) return usage();

    CorpusModel model(seed);
    Rng rng(seed);
    std::filesystem::create_directories(out_dir);
    std::size_t bytes = 0;
    for (std::size_t done = 0, file_no = 0; done < records; ++file_no) {
        char name[32];
        std::snprintf(name, sizeof name, "part-%05zu.ris", file_no);
        std::ofstream out(std::filesystem::path(out_dir) / name, std::ios::binary);
        std::size_t in_file = std::min(per_file, records - done);
        for (std::size_t k = 0; k < in_file; ++k, ++done) {
            std::string rec = model.record(rng, first_id + done, marker);
            bytes += rec.size();
            out << rec;
        }
        if (!out) {
            std::cerr << "perf-gen-corpus: cannot write " << out_dir << "/" << name << "\n";
            return 1;
        }
    }
    std::printf("perf-gen-corpus: %zu records, %.1f MB in %s\n", records, static_cast<double>(bytes) / 1e6,
                out_dir.c_str());
    return 0;
}
