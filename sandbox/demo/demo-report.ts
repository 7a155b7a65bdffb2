import type { Db } from "../../src/db/client.ts";
import { METRICS, type Metric } from "../../src/reconcile/classify.ts";
import { linksAndLedgerByPerson, linksToArticles } from "../../src/services/overview.ts";

export interface PersonCounts {
  facultyId: string;
  name: string;
  /** Links accepted (automatically or by a person) and waiting for review. */
  accepted: number;
  pending: number;
  /** Ledger lines counted, by metric. */
  metrics: Record<Metric, number>;
  /** Counted publications where they are first or last author. */
  firstAuthor: number;
  lastAuthor: number;
}

/** Per-person links and ledger counts, for the demo's closing table. */
export async function countLinksByPerson(db: Db): Promise<PersonCounts[]> {
  const faculty = await linksAndLedgerByPerson(db);
  return faculty.map((member) => {
    const metrics = Object.fromEntries(METRICS.map((metric) => [metric, 0])) as Record<Metric, number>;
    for (const line of member.ledger) if (line.metric) metrics[line.metric as Metric] += 1;
    const publications = member.ledger.filter((line) => line.kind === "publication");
    return {
      facultyId: member.id,
      name: `${member.lastName}, ${member.firstName}`,
      accepted: member.links.filter((link) => link.status === "accepted").length,
      pending: member.links.filter((link) => link.status === "pending").length,
      metrics,
      firstAuthor: publications.filter((line) => line.authorPosition === "first").length,
      lastAuthor: publications.filter((line) => line.authorPosition === "last").length,
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
  const links = await linksToArticles(db);
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
    const isTrue = trueKeys.has(`${link.facultyId}/${link.pmid}`);
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
