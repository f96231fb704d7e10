// Display names for RIS types, and the plain-text citation that
// "Copy citation" puts on the clipboard.

const TYPES = {
  JOUR: 'Journal article', JFULL: 'Journal', ABST: 'Abstract', BOOK: 'Book', CHAP: 'Book chapter',
  CONF: 'Conference proceedings', CPAPER: 'Conference paper', THES: 'Thesis', RPRT: 'Report', GEN: 'Generic',
  ELEC: 'Web page', EJOUR: 'Electronic article', NEWS: 'Newspaper article', MGZN: 'Magazine article',
  PAT: 'Patent', DATA: 'Dataset', COMP: 'Software', EDBOOK: 'Edited book', SER: 'Serial', STAND: 'Standard',
  UNPB: 'Unpublished work', INPR: 'In press', CASE: 'Case', PREPRINT: 'Preprint', REVIEW: 'Review',
};

export const typeLabel = (type) => TYPES[String(type).toUpperCase()] ?? type;

// "Jost, Raphaël" -> "Jost R"; "Al-Shatti, Nael Ahmad" -> "Al-Shatti NA";
// a name without a comma is kept as written.
export function shortAuthor(name) {
  const [family, given] = name.split(/,\s*/, 2);
  if (!given) return name.trim();
  const initials = given.split(/[\s.-]+/).filter(Boolean).map((part) => part[0].toUpperCase()).join('');
  return `${family.trim()} ${initials}`;
}

// A Vancouver-style reference, as PubMed shows it:
// Jost R, Al-Shatti N. Title. Journal. 2022;95(1140):20220548. doi:10.1259/bjr.20220548
export function formatCitation(c) {
  const parts = [];
  const authors = c.authors ?? [];
  if (authors.length) {
    const names = authors.slice(0, 6).map(shortAuthor).join(', ');
    parts.push(`${names}${authors.length > 6 ? ', et al' : ''}.`);
  }
  if (c.title) parts.push(/[.?!]$/.test(c.title) ? c.title : `${c.title}.`);
  const journal = c.journal_abbrev || c.journal;
  if (journal) parts.push(/[.?!]$/.test(journal) ? journal : `${journal}.`);
  let where = c.year ? String(c.year) : '';
  if (c.volume) where += `;${c.volume}`;
  if (c.issue) where += `(${c.issue})`;
  if (c.start_page) where += `:${c.start_page}${c.end_page && c.end_page !== c.start_page ? `-${c.end_page}` : ''}`;
  if (where) parts.push(`${where.replace(/^;/, '')}.`);
  if (c.doi) parts.push(`doi:${c.doi}`);
  if (c.pmid) parts.push(`PMID: ${c.pmid}.`);
  return parts.join(' ');
}
