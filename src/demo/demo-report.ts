import type { Db } from "../db/client.ts";

export interface PersonCounts {
  facultyId: string;
  name: string;
  accepted: number;
  pending: number;
  firstAuthor: number;
  lastAuthor: number;
  /** Links not rejected, by item kind. */
  publications: number;
  presentations: number;
  grants: number;
}

/** Per-person link counts, for the demo's closing table. */
export async function countLinksByPerson(db: Db): Promise<PersonCounts[]> {
  const faculty = await db.faculty.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      links: { select: { status: true, authorPosition: true, item: { select: { kind: true } } } },
    },
  });
  return faculty.map((member) => {
    const kept = member.links.filter((link) => link.status !== "rejected");
    const count = (keep: (link: (typeof kept)[number]) => boolean) => kept.filter(keep).length;
    return {
      facultyId: member.id,
      name: `${member.lastName}, ${member.firstName}`,
      accepted: count((link) => link.status === "accepted"),
      pending: count((link) => link.status === "pending"),
      firstAuthor: count((link) => link.authorPosition === "first"),
      lastAuthor: count((link) => link.authorPosition === "last"),
      publications: count((link) => link.item.kind === "publication"),
      presentations: count((link) => link.item.kind === "presentation"),
      grants: count((link) => link.item.kind === "grant"),
    };
  });
}

export interface TruthCheck {
  trueLinks: number;
  found: number;
  accepted: number;
  acceptedCorrect: number;
  pendingCorrect: number;
  pendingWrong: number;
  /** Namesakes' papers rejected automatically. */
  rejectedCorrect: number;
  /** True authorships rejected automatically. */
  rejectedWrong: number;
}

/** Compares the stored links with the generated division's ground truth. */
export async function checkAgainstTruth(
  db: Db,
  truth: Array<{ facultyId: string; pmid: string }>,
): Promise<TruthCheck> {
  // The generated truth is about PubMed authorships: items without a PMID are not judged here.
  const links = await db.facultyItem.findMany({
    where: { item: { pmid: { not: null } } },
    select: { facultyId: true, status: true, item: { select: { pmid: true } } },
  });
  const trueKeys = new Set(truth.map((entry) => `${entry.facultyId}/${entry.pmid}`));
  const check: TruthCheck = {
    trueLinks: trueKeys.size,
    found: 0,
    accepted: 0,
    acceptedCorrect: 0,
    pendingCorrect: 0,
    pendingWrong: 0,
    rejectedCorrect: 0,
    rejectedWrong: 0,
  };
  for (const link of links) {
    const isTrue = trueKeys.has(`${link.facultyId}/${link.item.pmid}`);
    if (isTrue) check.found += 1;
    if (link.status === "accepted") {
      check.accepted += 1;
      if (isTrue) check.acceptedCorrect += 1;
    } else if (link.status === "pending") {
      if (isTrue) check.pendingCorrect += 1;
      else check.pendingWrong += 1;
    } else if (isTrue) check.rejectedWrong += 1;
    else check.rejectedCorrect += 1;
  }
  return check;
}
