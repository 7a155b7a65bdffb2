/**
 * Everything the faculty profile page shows about one person, within the reader's scope: the
 * profile, output by year and metric, each counted item with its sources, authorship evidence and
 * why it counts (what `items why` says), each pending link with what `review explain` says, and
 * the check against the next rank's criteria.
 */
import { checkFacultyAccess, requireFacultyAccess } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import {
  BenchmarkCriteriaError,
  loadBenchmarkCriteria,
  type BenchmarkCriteria,
} from "../benchmarks/criteria.ts";
import type { Db } from "../db/client.ts";
import { findProfileFacts } from "../db/repositories/faculty.ts";
import { ledgerEntriesOf, type LedgerEntryRow, type LedgerLineRow } from "../db/repositories/ledger.ts";
import type { RosterPerson } from "../db/repositories/roster-selection.ts";
import { NotFoundError } from "../errors.ts";
import { linkEvidenceOf } from "../db/repositories/links.ts";
import type { Thresholds } from "../disambiguation/index.ts";
import { storedEvidence, type Evidence } from "../identity/evidence.ts";
import { assembleFacultyReport, type FacultyReport } from "../reports/faculty-report.ts";
import type { LedgerItemExplanation } from "../reports/ledger-explanation.ts";
import { checkBenchmarks, type PersonCheck } from "./benchmarks.ts";
import { ledgerExplanation } from "./items.ts";
import type { LedgerForReports } from "../reports/windows-report.ts";
import { profileFromRows, type FacultyProfile } from "./people.ts";
import { dateLedgerForReports } from "./reports.ts";
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
  // Access comes first: NotFound for anyone out of scope, as for an unknown id.
  await requireFacultyAccess(db, actor, "faculty.read", facultyId);
  // The person's row, ledger and links are read once, in full, and everything the page shows is
  // made from them: the profile's counts, the report, the items, the pending links, the check.
  const [person, deciders, entries, links] = await Promise.all([
    findProfileFacts(db, facultyId),
    checkFacultyAccess(db, actor, "faculty.decide", [facultyId]),
    ledgerEntriesOf(db, facultyId),
    linkEvidenceOf(db, facultyId),
  ]);
  // In scope but not on the roster is NotFound too, even for admins.
  if (!person) throw new NotFoundError(`No faculty member with id ${facultyId}`);
  const profile = profileFromRows(actor, person, links, entries);
  const pendingIds = links
    .filter((link) => link.status === "pending")
    .map((link) => link.itemId)
    .sort((a, b) => a - b);
  const ledger = await dateLedgerForReports(
    db,
    ledgerLinesOf(entries),
    links.map((link) => ({ facultyId, itemId: link.itemId, status: link.status })),
    "publication",
  );
  // The shown links' explanations are read together: one query per link took most of the page's time.
  const [pending, { benchmark, problem }] = await Promise.all([
    explainLinks(db, facultyId, pendingIds.slice(0, PENDING_SHOWN), options.thresholds),
    benchmarkOf(db, person, options, ledger),
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

/** The ledger lines a report is made from, by item id as ledgerLines orders them. */
function ledgerLinesOf(entries: readonly LedgerEntryRow[]): LedgerLineRow[] {
  return entries
    .map((entry): LedgerLineRow => ({
      facultyId: entry.facultyId,
      itemId: entry.itemId,
      memberItemIds: entry.memberItemIds,
      kind: entry.kind,
      metric: entry.metric,
      counted: entry.counted,
      title: entry.title,
      venue: entry.venue,
      year: entry.year,
      role: entry.role,
      authorPosition: entry.authorPosition,
      provenance: entry.provenance,
    }))
    .sort((a, b) => a.itemId - b.itemId);
}

async function benchmarkOf(
  db: Db,
  person: RosterPerson,
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
  const [benchmark] = await checkBenchmarks(db, criteria, { ids: [person.id] }, options.asOf, {
    people: [person],
    ledger,
  });
  return { benchmark: benchmark ?? null, problem: null };
}
