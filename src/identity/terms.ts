import { foldName } from "./names.ts";

/**
 * Affiliation terms, and whether a term says anything about where a person works. ORCID
 * employments bring department names ("Department of Medicine", "Epidemiology") that appear in
 * half of PubMed's affiliations: a match on them is no evidence, so they are left out.
 */

// Words of department and unit names, in the languages affiliations are commonly written in.
const GENERIC_WORDS = new Set(
  [
    "and of the for in at de del la le les der und y e da do di",
    "department dept division section unit service program programme faculty school college",
    "institute center centre clinic hospital laboratory lab group university universidad universidade",
    "universite universitat universita va veterans affairs system",
    "medicine medical internal general family clinical health public care primary research",
    "epidemiology biostatistics statistics policy services outcomes sciences science",
    "cardiology nephrology oncology radiology psychiatry neurology pediatrics paediatrics surgery",
    "nursing pharmacy pharmacology emergency geriatrics gerontology hospitalist infectious diseases",
    "gastroenterology endocrinology pulmonary critical rheumatology hematology dermatology",
    "medicina interna medizin innere allgemeinmedizin medecine interne sante publique",
    "clinica medica salud publica ic hastaliklari",
  ]
    .join(" ")
    .split(" "),
);

/** False for a term made only of department and unit words. */
export function isDistinctiveTerm(term: string): boolean {
  return foldName(term)
    .split(" ")
    .some((word) => word !== "" && !GENERIC_WORDS.has(word));
}

/** Distinctive terms, each once (by folded form), in the order given. */
export function distinctiveTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of terms) {
    const term = raw.replace(/\s+/g, " ").trim();
    const key = foldName(term);
    if (key === "" || seen.has(key) || !isDistinctiveTerm(term)) continue;
    seen.add(key);
    kept.push(term);
  }
  return kept;
}

/** The first term the text names as whole words (after folding), if any. */
export function findTerm(text: string, terms: readonly string[]): string | undefined {
  const folded = ` ${foldName(text)} `;
  return terms.find((term) => {
    const key = foldName(term);
    return key !== "" && folded.includes(` ${key} `);
  });
}
