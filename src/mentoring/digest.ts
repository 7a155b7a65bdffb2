/**
 * A mentor's digest: for each current mentee, what was accepted since the last digest, the links
 * awaiting the mentee's review, and how far the mentee is from the next rank's criteria. The shape,
 * and its text and HTML renderings (pure).
 */
import type { PersonCheck } from "../benchmarks/check.ts";
import { escapeHtml, htmlPage } from "../reports/html.ts";

export const DIGEST_FORMATS = ["text", "html", "json"] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

export interface DigestItem {
  itemId: number;
  kind: "publication" | "presentation" | "grant";
  title: string;
  year: number | null;
  venue: string | null;
}

export interface DigestMentee {
  facultyId: string;
  name: string;
  /** Links accepted since the digest's start, oldest first, with when they were accepted. */
  newItems: Array<DigestItem & { acceptedAt: string }>;
  /** Links awaiting the mentee's decision. */
  awaitingReview: Array<DigestItem & { score: number | null }>;
  /** The check against the next rank's criteria, as `benchmarks check` gives it. */
  benchmark: PersonCheck | null;
}

export interface MentorDigest {
  mentorId: string;
  mentorName: string;
  /** What the digest covers: accepted on or after `since`, before `until` (ISO date-times). */
  since: string;
  until: string;
  /** Where `since` came from: the --since option, the last digest sent, or the default week. */
  sinceFrom: "option" | "last-digest" | "default";
  mentees: DigestMentee[];
}

export function digestSubject(digest: MentorDigest): string {
  const fresh = digest.mentees.reduce((sum, mentee) => sum + mentee.newItems.length, 0);
  return `ScholarTrack: your mentees since ${digest.since.slice(0, 10)} (${fresh} new item${fresh === 1 ? "" : "s"})`;
}

export function renderDigest(digest: MentorDigest, format: DigestFormat): string {
  switch (format) {
    case "text":
      return digestText(digest);
    case "html":
      return digestHtml(digest);
    case "json":
      return JSON.stringify(digest, null, 2);
  }
}

function itemLine(item: DigestItem): string {
  const where = [item.venue, item.year === null ? null : String(item.year)].filter(Boolean).join(", ");
  return `${item.kind}: ${item.title}${where ? ` (${where})` : ""} [item ${item.itemId}]`;
}

function progressLines(check: PersonCheck | null): string[] {
  if (check === null) return ["no benchmark check"];
  if (check.noCriteria !== null) return [`no criteria to check against: ${check.noCriteria}`];
  const window = check.window ? `, ${check.window.from}-${check.window.to}` : "";
  const head = `toward ${check.targetRank ?? "the next rank"} (${check.met ? "every requirement met" : "not yet met"}${window})`;
  return [
    head,
    ...check.requirements.map(
      (requirement) =>
        `${requirement.label}: ${requirement.count} of ${requirement.required}${requirement.met ? " (met)" : `; ${requirement.gap ?? ""}`}`,
    ),
  ];
}

function digestText(digest: MentorDigest): string {
  const lines = [
    `Digest for ${digest.mentorName} (${digest.mentorId})`,
    `New items accepted from ${digest.since} to ${digest.until}`,
    "",
  ];
  if (digest.mentees.length === 0) lines.push("You have no current mentees.");
  for (const mentee of digest.mentees) {
    lines.push(`== ${mentee.name} (${mentee.facultyId})`);
    lines.push(`New since ${digest.since.slice(0, 10)}: ${mentee.newItems.length}`);
    for (const item of mentee.newItems) lines.push(`  - ${itemLine(item)}`);
    lines.push(`Awaiting ${mentee.name}'s review: ${mentee.awaitingReview.length}`);
    for (const item of mentee.awaitingReview) lines.push(`  - ${itemLine(item)}`);
    const [head, ...requirements] = progressLines(mentee.benchmark);
    lines.push(`Benchmarks ${head ?? ""}`);
    for (const requirement of requirements) lines.push(`  - ${requirement}`);
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}

function list(items: readonly DigestItem[]): string {
  if (items.length === 0) return "<p>None.</p>";
  return `<ul>${items.map((item) => `<li>${escapeHtml(itemLine(item))}</li>`).join("")}</ul>`;
}

function digestHtml(digest: MentorDigest): string {
  const sections = digest.mentees.map((mentee) => {
    const [head, ...requirements] = progressLines(mentee.benchmark);
    return [
      `<section>`,
      `<h2>${escapeHtml(mentee.name)} (${escapeHtml(mentee.facultyId)})</h2>`,
      `<h3>New since ${escapeHtml(digest.since.slice(0, 10))}: ${mentee.newItems.length}</h3>`,
      list(mentee.newItems),
      `<h3>Awaiting review: ${mentee.awaitingReview.length}</h3>`,
      list(mentee.awaitingReview),
      `<h3>Benchmarks ${escapeHtml(head ?? "")}</h3>`,
      requirements.length > 0
        ? `<ul>${requirements.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`
        : "",
      `</section>`,
    ].join("\n");
  });
  const body = [
    `<h1>Digest for ${escapeHtml(digest.mentorName)}</h1>`,
    `<p>New items accepted from ${escapeHtml(digest.since)} to ${escapeHtml(digest.until)}.</p>`,
    digest.mentees.length === 0 ? "<p>You have no current mentees.</p>" : "",
    ...sections,
  ].join("\n");
  return htmlPage(`Digest for ${digest.mentorName}`, body);
}
