/**
 * Everything the faculty profile page shows about one person, within the reader's scope: the
 * profile, output by year and metric, each counted item with its sources, authorship evidence and
 * why it counts (what `items why` says), each pending link with what `review explain` says, and
 * the check against the next rank's criteria.
 */
import { checkFacultyAccess } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import {
  BenchmarkCriteriaError,
  loadBenchmarkCriteria,
  type BenchmarkCriteria,
} from "../benchmarks/criteria.ts";
import type { Db } from "../db/client.ts";
import { ledgerEntriesOf } from "../db/repositories/ledger.ts";
import { linkEvidenceOf } from "../db/repositories/links.ts";
import type { Thresholds } from "../disambiguation/index.ts";
import { storedEvidence, type Evidence } from "../identity/evidence.ts";
import { assembleFacultyReport, type FacultyReport } from "../reports/faculty-report.ts";
import type { LedgerItemExplanation } from "../reports/ledger-explanation.ts";
import { checkBenchmarks, type PersonCheck } from "./benchmarks.ts";
import { ledgerExplanation } from "./items.ts";
import type { LedgerForReports } from "../reports/windows-report.ts";
import { profileAndPersonFor, type FacultyProfile } from "./people.ts";
import { loadLedgerForReports } from "./reports.ts";
import { explainLinks, type LinkExplanation } from "./review.ts";

/** More pending links than this are left to the review queue. */
export const PENDING_SHOWN = 50;

export interface ProfileItem extends LedgerItemExplanation {
  /** The link's evidence that the person wrote it (or holds the grant). */
  evidence: Evidence[];
  score: number | null;
  decidedBy: string | null;
}

export interface ProfilePage {
  profile: FacultyProfile;
  /** The reader may accept or reject this person's links. */
  mayDecide: boolean;
  /** The reader may add a missing paper for this person. */
  mayAddPaper: boolean;
  report: FacultyReport;
  /** The person's ledger: every line, counted or not, newest year first. */
  items: ProfileItem[];
  pending: LinkExplanation[];
  pendingTotal: number;
  /** Null when no criteria could be read. */
  benchmark: PersonCheck | null;
  benchmarkProblem: string | null;
}

export async function profilePageFor(
  db: Db,
  actor: Actor,
  facultyId: string,
  options: { thresholds: Thresholds; benchmarksPath?: string; asOf: string },
): Promise<ProfilePage> {
  // The profile comes first: it is NotFound for anyone out of scope, and for an unknown id.
  const { profile, person } = await profileAndPersonFor(db, actor, facultyId);
  // The report and the criteria check read the same dated ledger: loaded once for both.
  const [deciders, ledger, entries, links] = await Promise.all([
    checkFacultyAccess(db, actor, "faculty.decide", [facultyId]),
    loadLedgerForReports(db, [facultyId], "publication"),
    ledgerEntriesOf(db, facultyId),
    linkEvidenceOf(db, facultyId),
  ]);
  const report = assembleFacultyReport(person, ledger, { facultyId, date: "publication" });
  const linkOf = new Map(links.map((link) => [link.itemId, link]));
  const items = entries.map((entry): ProfileItem => {
    const link = linkOf.get(entry.itemId);
    return {
      ...ledgerExplanation(entry, facultyId, entry.itemId),
      evidence: storedEvidence(link?.evidence),
      score: link?.score ?? null,
      decidedBy: link?.decidedBy ?? null,
    };
  });
  const pendingIds = links
    .filter((link) => link.status === "pending")
    .map((link) => link.itemId)
    .sort((a, b) => a - b);
  // The shown links' explanations are read together: one query per link took most of the page's time.
  const [pending, { benchmark, problem }] = await Promise.all([
    explainLinks(db, facultyId, pendingIds.slice(0, PENDING_SHOWN), options.thresholds),
    benchmarkOf(db, facultyId, options, ledger),
  ]);
  const mayDecide = deciders.has(facultyId);
  return {
    profile,
    mayDecide,
    mayAddPaper: mayDecide,
    report,
    items,
    pending,
    pendingTotal: pendingIds.length,
    benchmark,
    benchmarkProblem: problem,
  };
}

async function benchmarkOf(
  db: Db,
  facultyId: string,
  options: { benchmarksPath?: string; asOf: string },
  ledger: LedgerForReports,
): Promise<{ benchmark: PersonCheck | null; problem: string | null }> {
  let criteria: BenchmarkCriteria;
  try {
    criteria = loadBenchmarkCriteria(options.benchmarksPath);
  } catch (error) {
    if (!(error instanceof BenchmarkCriteriaError)) throw error;
    return {
      benchmark: null,
      problem: "The promotion criteria file cannot be read; faculty affairs can fix it.",
    };
  }
  const [benchmark] = await checkBenchmarks(db, criteria, { ids: [facultyId] }, options.asOf, ledger);
  return { benchmark: benchmark ?? null, problem: null };
}
