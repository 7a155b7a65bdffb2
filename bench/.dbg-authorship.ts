import { generateDivision } from "../sandbox/division/index.ts";
import { generateAltDivision } from "../sandbox/division-alt/index.ts";
const [gen, seedS, fid] = process.argv.slice(2);
const d = gen === "alt" ? generateAltDivision({ facultyCount: 100, seed: Number(seedS) }) : generateDivision({ facultyCount: 100, seed: Number(seedS), realistic: true });
const row = d.faculty.find((r) => r.faculty_id === fid)!;
console.log(JSON.stringify(row));
const byPmid = new Map(d.articles.map((a) => [a.pmid, a]));
const rows: [number, string][] = [];
for (const t of d.truth.filter((t) => t.facultyId === fid)) {
  const a = byPmid.get(t.pmid)!; const au = a.authors[t.authorIndex]!;
  rows.push([0, `TRUE ${a.pmid} ${a.publicationDate?.year} ${au.lastName} ${au.foreName ?? ""}|${au.initials} orcid=${au.orcid ?? ""} aff=${(au.affiliations[0] ?? "").slice(0, 80)} co=${a.authors.filter((_, i) => i !== t.authorIndex).map((x) => x.lastName + " " + x.initials).join(",").slice(0, 150)}`]);
}
for (const t of d.namesakes.filter((t) => t.facultyId === fid)) {
  const a = byPmid.get(t.pmid)!; const au = a.authors[t.authorIndex]!;
  rows.push([0, `NAME ${a.pmid} ${a.publicationDate?.year} ${au.lastName} ${au.foreName ?? ""}|${au.initials} orcid=${au.orcid ?? ""} aff=${(au.affiliations[0] ?? "").slice(0, 80)} co=${a.authors.filter((_, i) => i !== t.authorIndex).map((x) => x.lastName + " " + x.initials).join(",").slice(0, 150)}`]);
}
for (const [, line] of rows) console.log(line);
