import { requirePermission } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import {
  addCommitteeMember,
  assignCandidates,
  ensureCommittee,
  findCommittee,
  unassignCandidates,
  type CommitteeRow,
} from "../db/repositories/committees.ts";
import { findUserByEmail } from "../db/repositories/users.ts";
import { UserError } from "../errors.ts";
import { normalizeEmail } from "./accounts.ts";
import { requireFaculty } from "./faculty.ts";

/** Creates the committee; false when it existed already. */
export async function addCommittee(db: Db, actor: Actor, name: string): Promise<boolean> {
  requirePermission(actor, "users.manage");
  const trimmed = name.trim();
  if (trimmed === "") throw new UserError("a committee needs a name", 2);
  return ensureCommittee(db, trimmed);
}

async function requireCommittee(db: Db, name: string): Promise<CommitteeRow> {
  const committee = await findCommittee(db, name.trim());
  if (!committee) throw new UserError(`No committee named "${name}" (add it with \`committees add\`)`);
  return committee;
}

export async function addMember(db: Db, actor: Actor, committeeName: string, email: string): Promise<void> {
  requirePermission(actor, "users.manage");
  const committee = await requireCommittee(db, committeeName);
  const user = await findUserByEmail(db, normalizeEmail(email));
  if (!user) throw new UserError(`No user with e-mail ${normalizeEmail(email)}`);
  if (user.role !== "committee") {
    throw new UserError(`${user.email} is a ${user.role}; only committee users sit on committees`);
  }
  await addCommitteeMember(db, committee.id, user.id);
}

/** Gives the committee these candidates (assign) or takes them away (unassign). Idempotent. */
export async function setCandidates(
  db: Db,
  actor: Actor,
  committeeName: string,
  facultyIds: readonly string[],
  assigned: boolean,
): Promise<void> {
  requirePermission(actor, "users.manage");
  const committee = await requireCommittee(db, committeeName);
  await requireFaculty(db, facultyIds);
  if (assigned) await assignCandidates(db, committee.id, facultyIds);
  else await unassignCandidates(db, committee.id, facultyIds);
}
