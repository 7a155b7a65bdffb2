import type { Db } from "../db/client.ts";
import { decide, describeScore, scoreEvidence, type Thresholds } from "../disambiguation/index.ts";
import { UserError } from "../errors.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import { storedEvidence, type Evidence } from "../identity/evidence.ts";

export interface LinkExplanation {
  facultyId: string;
  facultyName: string;
  itemId: number;
  kind: string;
  title: string;
  year: number | null;
  venue: string | null;
  pmid: string | null;
  doi: string | null;
  sources: string[];
  status: string;
  decidedBy: string;
  decidedAt: Date;
  note: string | null;
  authorIndex: number | null;
  authorPosition: string | null;
  evidence: Evidence[];
  /** The arithmetic: base, each weight, the total and any clamping. */
  arithmetic: string;
  score: number;
  /** What the score alone says, with the thresholds it was read against. */
  automaticStatus: string;
  thresholds: Thresholds;
}

/** Everything behind one link: each piece of evidence with its weight, the total, and who decided. */
export async function explainLink(
  db: Db,
  facultyId: string,
  itemId: number,
  thresholds: Thresholds,
): Promise<LinkExplanation> {
  const link = await db.facultyItem.findUnique({
    where: { facultyId_itemId: { facultyId, itemId } },
    include: {
      faculty: { select: { lastName: true, firstName: true } },
      item: { include: { sourceRecords: { select: { source: true }, orderBy: { source: "asc" } } } },
    },
  });
  if (!link) {
    const [person, item] = await Promise.all([
      db.faculty.findUnique({ where: { id: facultyId }, select: { id: true } }),
      db.item.findUnique({ where: { id: itemId }, select: { id: true } }),
    ]);
    if (!person) throw new UserError(`No faculty member with id "${facultyId}"`);
    if (!item) throw new UserError(`No item with id ${itemId}`);
    throw new UserError(`Item ${itemId} is not linked to ${facultyId}`);
  }
  const evidence = storedEvidence(link.evidence);
  const { score } = scoreEvidence(evidence);
  return {
    facultyId,
    facultyName: `${link.faculty.lastName}, ${link.faculty.firstName}`,
    itemId,
    kind: link.item.kind,
    title: link.item.title,
    year: link.item.year,
    venue: link.item.venue,
    pmid: link.item.pmid,
    doi: link.item.doi,
    sources: [...new Set(link.item.sourceRecords.map((record) => record.source))],
    status: link.status,
    decidedBy: link.decidedBy,
    decidedAt: link.decidedAt,
    note: link.note,
    authorIndex: link.authorIndex,
    authorPosition: link.authorPosition,
    evidence,
    arithmetic: describeScore(evidence),
    score,
    automaticStatus: decide(score, thresholds),
    thresholds,
  };
}

export function renderExplanation(explanation: LinkExplanation): string {
  const e = explanation;
  const lines = [
    `${e.facultyId} (${e.facultyName}) and item ${e.itemId}, a ${e.kind}${e.year ? ` of ${e.year}` : ""}:`,
    `  "${e.title}"${e.venue ? `, ${e.venue}` : ""}`,
    `  ${[
      e.pmid ? `PMID ${e.pmid}` : "",
      e.doi ? `DOI ${e.doi}` : "",
      `sources: ${e.sources.join(", ") || "none"}`,
    ]
      .filter(Boolean)
      .join("; ")}`,
  ];
  if (e.authorIndex !== null) {
    lines.push(
      `  matched author: number ${e.authorIndex + 1}${e.authorPosition ? ` (${e.authorPosition})` : ""}`,
    );
  }
  lines.push("", "Evidence:");
  if (e.evidence.length === 0) lines.push("  (none recorded)");
  const width = Math.max(4, ...e.evidence.map((piece) => signed(piece.weight).length));
  for (const piece of e.evidence) lines.push(`  ${signed(piece.weight).padStart(width)}  ${piece.reason}`);
  lines.push(
    "",
    `Score: ${e.arithmetic}`,
    `  by the score alone: ${e.automaticStatus} (accepted at ${e.thresholds.accept} or more, rejected at ${e.thresholds.reject} or less)`,
  );
  const decided = e.decidedAt.toISOString().slice(0, 10);
  lines.push(
    e.decidedBy === SYSTEM_DECIDER
      ? `Status: ${e.status} (automatic, ${decided})`
      : `Status: ${e.status}, decided by ${e.decidedBy} on ${decided}${e.note ? `: ${e.note}` : ""} (a person's decision wins over the score)`,
  );
  return lines.join("\n");
}

function signed(weight: number): string {
  return weight > 0 ? `+${weight}` : String(weight);
}
