import type { Db } from "../db/client.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import { storedEvidence, type Evidence } from "../identity/evidence.ts";
import type { Thresholds } from "./thresholds.ts";

export interface ReviewQueueRow {
  facultyId: string;
  facultyName: string;
  itemId: number;
  kind: string;
  title: string;
  year: number | null;
  venue: string | null;
  pmid: string | null;
  status: string;
  score: number | null;
  /** The piece of evidence that weighs most, either way. */
  strongest: string | null;
}

export interface ReviewQueueQuery {
  facultyId?: string;
  /** pending by default; rejected shows what was set aside automatically. */
  status?: "pending" | "accepted" | "rejected";
  limit?: number;
}

/**
 * Links awaiting a person's decision, most uncertain first: the nearer a score is to the middle of
 * the review band, the less the evidence says either way. Links with no score come first.
 */
export async function reviewQueue(
  db: Db,
  thresholds: Thresholds,
  query: ReviewQueueQuery = {},
): Promise<ReviewQueueRow[]> {
  const status = query.status ?? "pending";
  const links = await db.facultyItem.findMany({
    where: {
      status,
      ...(query.facultyId ? { facultyId: query.facultyId } : {}),
      ...(status === "pending" ? {} : { decidedBy: SYSTEM_DECIDER }),
    },
    include: {
      item: { select: { kind: true, title: true, year: true, venue: true, pmid: true } },
      faculty: { select: { lastName: true, firstName: true } },
    },
  });
  const middle = (thresholds.accept + thresholds.reject) / 2;
  const uncertainty = (score: number | null) => (score === null ? -1 : Math.abs(score - middle));
  const rows = links
    .map((link): ReviewQueueRow => ({
      facultyId: link.facultyId,
      facultyName: `${link.faculty.lastName}, ${link.faculty.firstName}`,
      itemId: link.itemId,
      kind: link.item.kind,
      title: link.item.title,
      year: link.item.year,
      venue: link.item.venue,
      pmid: link.item.pmid,
      status: link.status,
      score: link.score,
      strongest: strongestReason(link.evidence),
    }))
    .sort(
      (a, b) =>
        uncertainty(a.score) - uncertainty(b.score) ||
        a.facultyId.localeCompare(b.facultyId) ||
        a.itemId - b.itemId,
    );
  return query.limit === undefined ? rows : rows.slice(0, query.limit);
}

function strongestReason(evidence: unknown): string | null {
  let best: Evidence | undefined;
  for (const piece of storedEvidence(evidence))
    if (!best || Math.abs(piece.weight) > Math.abs(best.weight)) best = piece;
  return best ? `${best.weight > 0 ? "+" : ""}${best.weight} ${best.reason}` : null;
}
