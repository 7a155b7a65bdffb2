/**
 * The committee dossier: a person's profile, their benchmark check, and their publications
 * (formatted citations), presentations and grants, each item marked with how it was verified. Pure.
 */
import type { PersonCheck } from "../benchmarks/check.ts";
import type { Evidence } from "../identity/evidence.ts";
import type { CandidateItem } from "../sources/candidate.ts";
import type { CitableWork } from "../reports/citations.ts";
import { escapeHtml, htmlPage } from "../reports/html.ts";
import { METRIC_LABELS } from "../reports/windows.ts";

export const DOSSIER_FORMATS = ["html", "pdf"] as const;
export type DossierFormat = (typeof DOSSIER_FORMATS)[number];

/** How an item was verified, strongest first. */
export type Verification =
  | { method: "confirmed"; by: string; at: string }
  | { method: "orcid" }
  | { method: "cv" }
  | { method: "anchored"; anchors: string[] }
  | { method: "automatic" };

export interface DossierItem {
  itemId: number;
  kind: "publication" | "presentation" | "grant";
  title: string;
  year: number | null;
  venue: string | null;
  /** The metric it counts for, or null when the ledger does not count it. */
  metric: string | null;
  authorPosition: string | null;
  role: string | null;
  /** The formatted citation (publications). */
  citation: string | null;
  verification: Verification;
}

export interface Dossier {
  profile: {
    facultyId: string;
    name: string;
    rank: string | null;
    track: string | null;
    division: string | null;
    hireDate: string | null;
    orcid: string | null;
  };
  benchmark: PersonCheck | null;
  publications: DossierItem[];
  presentations: DossierItem[];
  grants: DossierItem[];
  generatedAt: string;
}

/** The link facts verification reads. */
export interface VerifiedLink {
  decidedBy: string;
  decidedAt: Date;
  evidence: readonly Evidence[];
}

const ANCHOR_NAMES: Record<string, string> = {
  orcid_match: "ORCID iD on the record",
  email_match: "e-mail address",
  affiliation_match: "home affiliation",
  affiliation_past: "past employer's affiliation",
  grant_own: "their own grant",
  cluster_anchored: "co-authors of anchored items",
  coauthors_shared: "co-authors of anchored items",
  reporter_profile_id: "their RePORTER profile id",
};

const RANK: Record<Verification["method"], number> = {
  confirmed: 0,
  orcid: 1,
  cv: 2,
  anchored: 3,
  automatic: 4,
};

/** The strongest verification among the links behind one item (a merged item has several). */
export function verificationOf(links: readonly VerifiedLink[], systemDecider: string): Verification {
  const each = links.map((link): Verification => {
    if (link.decidedBy !== systemDecider) {
      return { method: "confirmed", by: link.decidedBy, at: link.decidedAt.toISOString().slice(0, 10) };
    }
    if (link.evidence.some((piece) => piece.kind === "orcid_record")) return { method: "orcid" };
    if (link.evidence.some((piece) => piece.kind === "cv_row")) return { method: "cv" };
    const anchors = [
      ...new Set(
        link.evidence.filter((piece) => piece.anchor).map((piece) => ANCHOR_NAMES[piece.kind] ?? piece.kind),
      ),
    ];
    return anchors.length > 0 ? { method: "anchored", anchors } : { method: "automatic" };
  });
  return each.sort((a, b) => RANK[a.method] - RANK[b.method])[0] ?? { method: "automatic" };
}

export function describeVerification(verification: Verification): string {
  switch (verification.method) {
    case "confirmed":
      return `confirmed by ${verification.by} on ${verification.at}`;
    case "orcid":
      return "on the person's ORCID record";
    case "cv":
      return "from the person's CV";
    case "anchored":
      return `accepted automatically, anchored by ${verification.anchors.join(", ")}`;
    case "automatic":
      return "accepted automatically";
  }
}

const BOOK_CHAPTER_TYPES = new Set(["book-chapter"]);
const BOOK_TYPES = new Set(["book"]);

/** The citation's facts from the item's stored records, the first record that has each field winning. */
export function citableOf(
  item: { itemId: number; title: string; year: number | null; venue: string | null },
  candidates: readonly CandidateItem[],
): CitableWork {
  const first = <T>(pick: (candidate: CandidateItem) => T | undefined): T | null => {
    for (const candidate of candidates) {
      const value = pick(candidate);
      if (value !== undefined && value !== "") return value;
    }
    return null;
  };
  const types = candidates.map((candidate) => candidate.sourceType ?? "");
  const kind: CitableWork["kind"] = types.some((type) => BOOK_CHAPTER_TYPES.has(type))
    ? "book-chapter"
    : types.some((type) => BOOK_TYPES.has(type))
      ? "book"
      : "journal-article";
  const authors =
    first((candidate) => {
      const names = candidate.contributors
        .filter((contributor) => contributor.role === undefined || contributor.role === "author")
        .map((contributor) => contributor.name);
      return names.length > 0 ? names : undefined;
    }) ?? [];
  return {
    id: item.itemId,
    kind,
    title: item.title,
    authors,
    container: item.venue ?? first((candidate) => candidate.venue),
    containerShort: first((candidate) => candidate.venueAbbreviation),
    year: item.year,
    volume: first((candidate) => candidate.volume),
    issue: first((candidate) => candidate.issue),
    pages: first((candidate) => candidate.pages),
    doi: first((candidate) => candidate.doi),
    pmid: first((candidate) => candidate.pmid),
  };
}

function itemText(item: DossierItem): string {
  if (item.citation !== null) return item.citation;
  const where = [item.venue, item.year === null ? null : String(item.year)].filter(Boolean).join(", ");
  return `${item.title}${where ? `. ${where}` : ""}.`;
}

function counts(item: DossierItem): string {
  const parts = [
    item.metric === null
      ? "not counted"
      : (METRIC_LABELS[item.metric as keyof typeof METRIC_LABELS] ?? item.metric),
    item.authorPosition ? `${item.authorPosition} author` : null,
    item.role ? `role: ${item.role.replace(/_/g, " ")}` : null,
  ];
  return parts.filter(Boolean).join("; ");
}

function itemList(items: readonly DossierItem[]): string {
  if (items.length === 0) return "<p>None.</p>";
  return `<ol>${items
    .map(
      (item) =>
        `<li>${escapeHtml(itemText(item))}<br><small>${escapeHtml(counts(item))} · ` +
        `${escapeHtml(describeVerification(item.verification))} · item ${item.itemId}</small></li>`,
    )
    .join("\n")}</ol>`;
}

function benchmarkSection(check: PersonCheck | null): string {
  if (check === null) return "<p>No benchmark check.</p>";
  if (check.noCriteria !== null)
    return `<p>No criteria to check against: ${escapeHtml(check.noCriteria)}.</p>`;
  const rows = check.requirements
    .map(
      (requirement) =>
        `<tr><td class="text">${escapeHtml(requirement.label)}</td><td>${requirement.required}</td>` +
        `<td>${requirement.count}</td><td class="text">${requirement.met ? "met" : escapeHtml(requirement.gap ?? "not met")}</td>` +
        `<td class="text">${escapeHtml(requirement.itemIds.join(", "))}</td></tr>`,
    )
    .join("\n");
  const window = check.window ? `${check.window.from}-${check.window.to}` : "n/a";
  return [
    `<p>Toward ${escapeHtml(check.targetRank ?? "the next rank")} on the ${escapeHtml(check.track ?? "")} track, ` +
      `look-back ${window}, as of ${escapeHtml(check.asOf)} (criteria ${escapeHtml(check.criteriaVersion)}): ` +
      `<strong>${check.met ? "every requirement met" : "not every requirement met"}</strong>.</p>`,
    `<table><thead><tr><th>requirement</th><th>required</th><th>count</th><th class="text">met or gap</th><th class="text">items</th></tr></thead>`,
    `<tbody>${rows}</tbody></table>`,
  ].join("\n");
}

export function renderDossierHtml(dossier: Dossier): string {
  const { profile } = dossier;
  const facts = [
    ["Faculty id", profile.facultyId],
    ["Rank", profile.rank],
    ["Track", profile.track],
    ["Division", profile.division],
    ["Hired", profile.hireDate],
    ["ORCID iD", profile.orcid],
  ]
    .map(
      ([label, value]) =>
        `<tr><th class="text">${escapeHtml(label ?? "")}</th><td class="text">${escapeHtml(value ?? "n/a")}</td></tr>`,
    )
    .join("\n");
  const body = [
    `<h1>Dossier: ${escapeHtml(profile.name)}</h1>`,
    `<section><h2>Profile</h2><table><tbody>${facts}</tbody></table></section>`,
    `<section><h2>Benchmark check</h2>${benchmarkSection(dossier.benchmark)}</section>`,
    `<section><h2>Publications (${dossier.publications.length})</h2>${itemList(dossier.publications)}</section>`,
    `<section><h2>Presentations (${dossier.presentations.length})</h2>${itemList(dossier.presentations)}</section>`,
    `<section><h2>Grants (${dossier.grants.length})</h2>${itemList(dossier.grants)}</section>`,
    `<p><small>Generated ${escapeHtml(dossier.generatedAt)}. Citations in NLM/Vancouver style. Each item says ` +
      `how it was verified: confirmed by a person, on the person's ORCID record or CV, or accepted ` +
      `automatically with the anchoring evidence named.</small></p>`,
  ].join("\n");
  return htmlPage(`Dossier: ${profile.name}`, body);
}
