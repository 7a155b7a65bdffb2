/** Committee rows: promotion committees, their members, and the candidates whose files they review. */
import type { Committee } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type CommitteeRow = Committee;

export async function findCommittee(db: DbClient, name: string): Promise<CommitteeRow | null> {
  return db.committee.findUnique({ where: { name } });
}

/** Creates the committee unless it exists; true when it was created. */
export async function ensureCommittee(db: DbClient, name: string): Promise<boolean> {
  const existing = await findCommittee(db, name);
  if (existing) return false;
  await db.committee.create({ data: { name } });
  return true;
}

export async function addCommitteeMember(db: DbClient, committeeId: number, userId: number): Promise<void> {
  await db.committeeMember.upsert({
    where: { committeeId_userId: { committeeId, userId } },
    create: { committeeId, userId },
    update: {},
  });
}

export async function assignCandidates(
  db: DbClient,
  committeeId: number,
  facultyIds: readonly string[],
): Promise<void> {
  await db.committeeCandidate.createMany({
    data: facultyIds.map((facultyId) => ({ committeeId, facultyId })),
    skipDuplicates: true,
  });
}

export async function unassignCandidates(
  db: DbClient,
  committeeId: number,
  facultyIds: readonly string[],
): Promise<void> {
  await db.committeeCandidate.deleteMany({ where: { committeeId, facultyId: { in: [...facultyIds] } } });
}

/** The faculty ids assigned to any committee the user is a member of. */
export async function candidatesOfMember(db: DbClient, userId: number): Promise<string[]> {
  const rows = await db.committeeCandidate.findMany({
    where: { committee: { members: { some: { userId } } } },
    select: { facultyId: true },
    distinct: ["facultyId"],
  });
  return rows.map((row) => row.facultyId);
}
