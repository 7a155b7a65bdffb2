import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import type { Actor } from "../../src/access/actor.ts";
import type { Db } from "../../src/db/client.ts";
import { addUser, createToken } from "../../src/services/accounts.ts";
import { SYSTEM_ACTOR } from "../../src/access/actor.ts";
import { addCommittee, addMember, setCandidates } from "../../src/services/committees.ts";

/**
 * A small division seen from each role. MENTOR is the roster record of the mentor user, who
 * mentors MENTEE and MENTEE2; the committee reviews MENTEE and CANDIDATE; the faculty user is
 * MENTEE. OUTSIDER is in nobody's scope but the admin's.
 */
export const PEOPLE = {
  MENTOR: "M1",
  MENTEE: "F1",
  MENTEE2: "F2",
  CANDIDATE: "F4",
  OUTSIDER: "F3",
} as const;

export const ROLE_USERS = ["admin", "mentor", "committee", "faculty"] as const;
export type RoleUser = (typeof ROLE_USERS)[number];

export const PASSWORD = "a long enough password";

export interface AccessWorld {
  actors: Record<RoleUser, Actor>;
  tokens: Record<RoleUser, string>;
  emails: Record<RoleUser, string>;
  /** Items by name: MENTEE's pending and accepted papers, OUTSIDER's pending paper. */
  items: { menteePending: number; menteeAccepted: number; outsiderPending: number; candidatePending: number };
}

/** A PubMed record of the mentee's (Alex Mentee), as the harvest parses it. */
export function pubmedArticle(
  pmid: string,
  title: string,
  fields: Partial<PubmedArticleRecord> = {},
): PubmedArticleRecord {
  return {
    kind: "article",
    pmid,
    title,
    journal: "J Test",
    publicationDate: { year: 2015 },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors: [
      {
        lastName: "Mentee",
        foreName: "Alex",
        initials: "A",
        affiliations: [],
        equalContribution: false,
        valid: true,
      },
    ],
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
    ...fields,
  };
}

export async function seedAccessWorld(db: Db): Promise<AccessWorld> {
  const person = (id: string, lastName: string, mentorId: string | null, email: string) => ({
    id,
    lastName,
    firstName: "Alex",
    email,
    cohort: "2013",
    division: "Cardiology",
    rank: "Assistant Professor",
    hireDate: new Date("2010-07-01"),
    mentorId,
    affiliationTerms: [],
    nameVariants: [],
  });
  await db.faculty.create({ data: person(PEOPLE.MENTOR, "Mentor", null, "mentor@example.edu") });
  await db.faculty.createMany({
    data: [
      person(PEOPLE.MENTEE, "Mentee", PEOPLE.MENTOR, "mentee@example.edu"),
      person(PEOPLE.MENTEE2, "Second", PEOPLE.MENTOR, "second@example.edu"),
      person(PEOPLE.OUTSIDER, "Outsider", null, "outsider@example.edu"),
      person(PEOPLE.CANDIDATE, "Candidate", null, "candidate@example.edu"),
    ],
  });
  // Each item keeps the PubMed record it came from, as a harvest stores it, so the ledger can count it.
  const item = async (title: string, pmid: string) => {
    const created = await db.item.create({
      data: {
        kind: "publication",
        title,
        year: 2015,
        pmid,
        publicationTypes: ["Journal Article"],
        venue: "J Test",
      },
    });
    await db.sourceRecord.create({
      data: {
        source: "pubmed",
        sourceId: pmid,
        itemId: created.id,
        payload: JSON.parse(JSON.stringify(pubmedArticle(pmid, title))) as Record<string, never>,
        payloadHash: pmid,
        fetchedAt: new Date("2026-01-01T00:00:00Z"),
      },
    });
    return created.id;
  };
  const items = {
    menteePending: await item("Pending paper of the mentee", "2001"),
    menteeAccepted: await item("Accepted paper of the mentee", "2002"),
    outsiderPending: await item("Pending paper of the outsider", "2003"),
    candidatePending: await item("Pending paper of the candidate", "2004"),
  };
  const link = (facultyId: string, itemId: number, status: "pending" | "accepted") => ({
    facultyId,
    itemId,
    status,
    // The accepted paper was confirmed by a person, so re-scoring after a decision leaves it be.
    decidedBy: status === "accepted" ? "faculty affairs" : "system",
    decidedAt: new Date("2026-01-01T00:00:00Z"),
    score: status === "pending" ? 50 : 90,
    evidence: [],
  });
  await db.facultyItem.createMany({
    data: [
      link(PEOPLE.MENTEE, items.menteePending, "pending"),
      link(PEOPLE.MENTEE, items.menteeAccepted, "accepted"),
      link(PEOPLE.OUTSIDER, items.outsiderPending, "pending"),
      link(PEOPLE.CANDIDATE, items.candidatePending, "pending"),
    ],
  });

  const emails: Record<RoleUser, string> = {
    admin: "admin@example.edu",
    mentor: "mentor.user@example.edu",
    committee: "committee.user@example.edu",
    faculty: "faculty.user@example.edu",
  };
  const facultyOf: Record<RoleUser, string | undefined> = {
    admin: undefined,
    mentor: PEOPLE.MENTOR,
    committee: undefined,
    faculty: PEOPLE.MENTEE,
  };
  const actors = {} as Record<RoleUser, Actor>;
  const tokens = {} as Record<RoleUser, string>;
  for (const role of ROLE_USERS) {
    const facultyId = facultyOf[role];
    const user = await addUser(db, SYSTEM_ACTOR, {
      email: emails[role],
      name: `The ${role}`,
      role,
      password: PASSWORD,
      ...(facultyId ? { facultyId } : {}),
    });
    actors[role] = { userId: user.id, role, facultyId: facultyId ?? null, name: user.name };
    tokens[role] = (await createToken(db, SYSTEM_ACTOR, { email: emails[role] })).token;
  }
  await addCommittee(db, SYSTEM_ACTOR, "Promotions");
  await addMember(db, SYSTEM_ACTOR, "Promotions", emails.committee);
  await setCandidates(db, SYSTEM_ACTOR, "Promotions", [PEOPLE.MENTEE, PEOPLE.CANDIDATE], true);
  return { actors, tokens, emails, items };
}

/** Who each role may see: everyone else is NotFound for them. */
export const IN_SCOPE: Record<RoleUser, readonly string[]> = {
  admin: Object.values(PEOPLE),
  mentor: [PEOPLE.MENTEE, PEOPLE.MENTEE2],
  committee: [PEOPLE.MENTEE, PEOPLE.CANDIDATE],
  faculty: [PEOPLE.MENTEE],
};
