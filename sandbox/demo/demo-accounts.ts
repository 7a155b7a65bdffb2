import { SYSTEM_ACTOR, type Role } from "../../src/access/actor.ts";
import type { Db } from "../../src/db/client.ts";
import { UserError } from "../../src/errors.ts";
import { addUser, listUsers } from "../../src/services/accounts.ts";
import { addCommittee, addMember, setCandidates } from "../../src/services/committees.ts";

/** Every demo account signs in with this: the demo database is fictional and local. */
export const DEMO_PASSWORD = "scholartrack-demo";
export const DEMO_COMMITTEE = "Demo promotion committee";
/** How many candidates the demo committee reviews. */
const CANDIDATES = 3;

/** A roster id as it may stand in an e-mail address. */
function localPart(facultyId: string): string {
  return facultyId.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
  /** What the account may see, in words. */
  scope: string;
}

/**
 * One account per role over the demo's roster, made through the users and committees services: an
 * admin; a mentor tied to someone who has mentees; a committee member whose committee reviews a
 * few candidates; a faculty member (a mentee, so the mentor sees the same person). The mentor's and
 * faculty member's addresses name their roster record, so a demo over another division gets
 * accounts of its own; re-runs keep the accounts that exist.
 */
export async function ensureDemoAccounts(db: Db): Promise<DemoAccount[]> {
  const mentees = await db.faculty.findMany({
    where: { mentorId: { not: null } },
    orderBy: { id: "asc" },
    select: { id: true, mentorId: true },
  });
  const first = mentees[0];
  if (!first?.mentorId) throw new UserError("The demo division has no mentor with a mentee to sign in as");
  const mentorId = first.mentorId;
  const menteeId = first.id;
  const candidates = (
    await db.faculty.findMany({
      where: { id: { notIn: [mentorId] } },
      orderBy: { id: "desc" },
      take: CANDIDATES,
      select: { id: true },
    })
  ).map((person) => person.id);

  const existing = new Set((await listUsers(db, SYSTEM_ACTOR)).map((user) => user.email));
  const account = async (
    role: Role,
    email: string,
    name: string,
    scope: string,
    facultyId?: string,
  ): Promise<DemoAccount> => {
    if (!existing.has(email)) {
      await addUser(db, SYSTEM_ACTOR, {
        email,
        name,
        role,
        password: DEMO_PASSWORD,
        ...(facultyId ? { facultyId } : {}),
      });
    }
    return { role, email, password: DEMO_PASSWORD, scope };
  };
  const accounts = [
    await account("admin", "admin@demo.scholartrack.test", "Demo Admin", "everything"),
    await account(
      "mentor",
      `mentor.${localPart(mentorId)}@demo.scholartrack.test`,
      "Demo Mentor",
      `mentor ${mentorId}: their mentees, e.g. ${menteeId}`,
      mentorId,
    ),
    await account(
      "committee",
      "committee@demo.scholartrack.test",
      "Demo Committee Member",
      `${DEMO_COMMITTEE}: candidates ${candidates.join(", ")}`,
    ),
    await account(
      "faculty",
      `faculty.${localPart(menteeId)}@demo.scholartrack.test`,
      "Demo Faculty Member",
      `faculty member ${menteeId}: themself`,
      menteeId,
    ),
  ];
  await addCommittee(db, SYSTEM_ACTOR, DEMO_COMMITTEE);
  await addMember(db, SYSTEM_ACTOR, DEMO_COMMITTEE, "committee@demo.scholartrack.test");
  await setCandidates(db, SYSTEM_ACTOR, DEMO_COMMITTEE, candidates, true);
  return accounts;
}
