/**
 * Who may see or change what, in one place. Services ask here; routes never decide. What is
 * outside an actor's scope answers NotFound, as if it did not exist.
 */
import type { DbClient } from "../db/client.ts";
import { candidatesOfMember } from "../db/repositories/committees.ts";
import { menteeIds } from "../db/repositories/faculty.ts";
import { currentMenteesByRecord } from "../db/repositories/mentoring.ts";
import { NotFoundError } from "../errors.ts";
import type { Actor } from "./actor.ts";

export type FacultyPermission =
  /** See a person's profile, items, ledger and pending links. */
  | "faculty.read"
  /** Accept or reject a person's links. */
  | "faculty.decide"
  /** Add a missing paper to a person's record (by PMID or DOI). */
  | "faculty.add-item"
  /** Write one's own notes on a person. */
  | "faculty.note";

export type GlobalPermission =
  /** Users, committees, tokens of others. */
  | "users.manage"
  /** Harvest runs: see them, start them. */
  | "runs.manage"
  /** Cohort reports across people. */
  | "reports.read"
  /** The audit log. */
  | "audit.read"
  /** People's e-mail addresses. */
  | "email.read";

/** The faculty ids an actor may see at all, or "all". */
export async function visibleFaculty(db: DbClient, actor: Actor): Promise<"all" | Set<string>> {
  switch (actor.role) {
    case "admin":
      return "all";
    case "mentor":
      return new Set(actor.facultyId ? await currentMentees(db, actor.facultyId) : []);
    case "committee":
      return new Set(actor.userId === null ? [] : await candidatesOfMember(db, actor.userId));
    case "faculty":
      return new Set(actor.facultyId ? [actor.facultyId] : []);
  }
}

/**
 * A mentor's current mentees: those the roster names them mentor of (the current formal mentor),
 * and those of their mentorship records running today, formal or informal.
 */
export async function currentMentees(db: DbClient, mentorId: string, day = today()): Promise<string[]> {
  const [byRoster, byRecord] = await Promise.all([
    menteeIds(db, mentorId),
    currentMenteesByRecord(db, mentorId, day),
  ]);
  return [...new Set([...byRoster, ...byRecord])].sort();
}

function today(): Date {
  return new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
}

/** The subset of these faculty ids the actor holds the permission for. */
export async function checkFacultyAccess(
  db: DbClient,
  actor: Actor,
  permission: FacultyPermission,
  facultyIds: readonly string[],
): Promise<Set<string>> {
  const ids = new Set(facultyIds);
  const within = async () => {
    const visible = await visibleFaculty(db, actor);
    return visible === "all" ? ids : new Set([...ids].filter((id) => visible.has(id)));
  };
  switch (permission) {
    case "faculty.read":
      return within();
    case "faculty.decide":
    case "faculty.add-item":
      // Mentors and committees read; a faculty member decides on, and adds to, their own record.
      return actor.role === "admin" || actor.role === "faculty" ? within() : new Set();
    case "faculty.note":
      // A mentor with a user row: notes are signed by their author.
      return actor.role === "mentor" && actor.userId !== null ? within() : new Set();
  }
}

/** Throws NotFound unless the actor holds the permission for every one of these faculty ids. */
export async function requireFacultyAccess(
  db: DbClient,
  actor: Actor,
  permission: FacultyPermission,
  facultyIds: string | readonly string[],
): Promise<void> {
  const wanted = typeof facultyIds === "string" ? [facultyIds] : facultyIds;
  const allowed = await checkFacultyAccess(db, actor, permission, wanted);
  const refused = wanted.filter((id) => !allowed.has(id));
  if (refused.length > 0) throw new NotFoundError(`No faculty member with id ${refused.join(", ")}`);
}

export function hasPermission(actor: Actor, permission: GlobalPermission): boolean {
  switch (permission) {
    case "users.manage":
    case "runs.manage":
    case "reports.read":
    case "audit.read":
    case "email.read":
      return actor.role === "admin";
  }
}

/** Throws NotFound (the thing does not exist for this actor) unless the actor holds the permission. */
export function requirePermission(actor: Actor, permission: GlobalPermission, what = "Not found"): void {
  if (!hasPermission(actor, permission)) throw new NotFoundError(what);
}
