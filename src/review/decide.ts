import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { UserError } from "../errors.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import { storedEvidence } from "../identity/evidence.ts";

export type Decision = "accept" | "reject";

export interface DecisionRequest {
  facultyId: string;
  itemId: number;
  decision: Decision;
  note?: string | null;
  /** Who decided: a person, never the automatic decider. */
  decidedBy: string;
}

export interface DecisionOutcome {
  facultyId: string;
  itemId: number;
  status: "accepted" | "rejected";
  /** The link before, or null when the person linked an item no harvest had linked to them. */
  previous: { status: string; decidedBy: string } | null;
  /** False when the same person had already made the same decision with the same note. */
  changed: boolean;
  /** Set when accepting a RePORTER grant matched by name confirmed the PI's profile id. */
  confirmedReporterProfileId?: number;
}

type Tx = Prisma.TransactionClient;

const STATUS: Record<Decision, "accepted" | "rejected"> = { accept: "accepted", reject: "rejected" };

export function checkDecider(decidedBy: string): string {
  const name = decidedBy.trim();
  if (name === "") throw new UserError("a decision needs the name of whoever made it (--by)");
  if (name === SYSTEM_DECIDER) {
    throw new UserError(`"${SYSTEM_DECIDER}" is the automatic decider; give a person's name (--by)`);
  }
  return name;
}

/**
 * Records people's accept/reject decisions in one transaction. A person's decision wins over the
 * automatic status, survives later harvests and re-scoring, and records who decided and when.
 * Deciding on an item that is not yet linked to the person links it.
 */
export async function recordDecisions(
  db: Db,
  requests: readonly DecisionRequest[],
  now = new Date(),
): Promise<DecisionOutcome[]> {
  return db.$transaction((tx) => applyDecisions(tx, requests, now), { timeout: 120_000, maxWait: 30_000 });
}

export async function applyDecisions(
  tx: Tx,
  requests: readonly DecisionRequest[],
  now: Date,
): Promise<DecisionOutcome[]> {
  await checkTargetsExist(tx, requests);
  const outcomes: DecisionOutcome[] = [];
  for (const request of requests) {
    const decidedBy = checkDecider(request.decidedBy);
    const status = STATUS[request.decision];
    const note = request.note?.trim() ? request.note.trim() : null;
    const key = { facultyId: request.facultyId, itemId: request.itemId };
    const existing = await tx.facultyItem.findUnique({ where: { facultyId_itemId: key } });
    const outcome: DecisionOutcome = {
      ...key,
      status,
      previous: existing ? { status: existing.status, decidedBy: existing.decidedBy } : null,
      changed: false,
    };
    const same =
      existing !== null &&
      existing.status === status &&
      existing.decidedBy === decidedBy &&
      existing.note === note;
    if (!same) {
      outcome.changed = true;
      await tx.facultyItem.upsert({
        where: { facultyId_itemId: key },
        update: { status, decidedBy, decidedAt: now, note },
        create: { ...key, status, decidedBy, decidedAt: now, note, evidence: [] },
      });
    }
    if (status === "accepted" && existing) {
      const confirmed = await confirmReporterProfile(tx, request.facultyId, existing.evidence);
      if (confirmed !== undefined) outcome.confirmedReporterProfileId = confirmed;
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

async function checkTargetsExist(tx: Tx, requests: readonly DecisionRequest[]): Promise<void> {
  const facultyIds = [...new Set(requests.map((request) => request.facultyId))];
  const itemIds = [...new Set(requests.map((request) => request.itemId))];
  const [faculty, items] = await Promise.all([
    tx.faculty.findMany({ where: { id: { in: facultyIds } }, select: { id: true } }),
    tx.item.findMany({ where: { id: { in: itemIds } }, select: { id: true } }),
  ]);
  const knownFaculty = new Set(faculty.map((row) => row.id));
  const knownItems = new Set(items.map((row) => row.id));
  const missingFaculty = facultyIds.filter((id) => !knownFaculty.has(id));
  const missingItems = itemIds.filter((id) => !knownItems.has(id));
  const problems = [
    ...(missingFaculty.length > 0 ? [`no faculty member with id ${missingFaculty.join(", ")}`] : []),
    ...(missingItems.length > 0 ? [`no item with id ${missingItems.join(", ")}`] : []),
  ];
  if (problems.length > 0) throw new UserError(`Nothing decided: ${problems.join("; ")}`);
}

/**
 * Accepting a grant that RePORTER matched by name confirms the matched PI's profile id, unless the
 * person already has one or someone else holds it: later harvests then search by it.
 */
async function confirmReporterProfile(
  tx: Tx,
  facultyId: string,
  evidence: Prisma.JsonValue,
): Promise<number | undefined> {
  const profileId = storedEvidence(evidence).find(
    (piece) => piece.kind === "reporter_name" && typeof piece.reporterProfileId === "number",
  )?.reporterProfileId;
  if (profileId === undefined) return undefined;
  const person = await tx.faculty.findUniqueOrThrow({
    where: { id: facultyId },
    select: { reporterProfileId: true },
  });
  if (person.reporterProfileId !== null) return undefined;
  const holder = await tx.faculty.findFirst({
    where: { reporterProfileId: profileId },
    select: { id: true },
  });
  if (holder) return undefined;
  await tx.faculty.update({ where: { id: facultyId }, data: { reporterProfileId: profileId } });
  return profileId;
}
