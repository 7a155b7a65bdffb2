import type { Thresholds } from "../disambiguation/score.ts";
import { SYSTEM_DECIDER, type Evidence } from "../identity/evidence.ts";

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
  for (const piece of e.evidence) {
    lines.push(
      `  ${signed(piece.weight).padStart(width)}  ${piece.reason}${piece.anchor ? " (anchor)" : ""}`,
    );
    const from = sourceItems(piece);
    if (from) lines.push(`  ${" ".repeat(width)}    from ${from}`);
  }
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

/** "items 12 (PMID 31234567), 40 (PMID 32345678)": where an evidence line comes from. */
function sourceItems(piece: Evidence): string | undefined {
  const pmids = piece.items ?? [];
  if (pmids.length === 0) return undefined;
  const ids = piece.itemIds ?? [];
  const described = pmids.map((pmid, at) =>
    ids.length === pmids.length ? `${ids[at]} (PMID ${pmid})` : `PMID ${pmid}`,
  );
  return `${ids.length === pmids.length ? "items" : "records"} ${described.join(", ")}`;
}

function signed(weight: number): string {
  return weight > 0 ? `+${weight}` : String(weight);
}
