/**
 * Every top-level command as `scholartrack --help` lists it, in the order the modules register
 * them. The top-level help reads this list instead of loading the command modules, which load the
 * database and queue libraries. A test checks it against what the modules register: a command
 * added or changed there fails that test until it is listed here the same way.
 */
export const COMMAND_LIST: ReadonlyArray<{ term: string; description: string }> = [
  { term: "migrate", description: "Create the database if needed and apply every pending schema migration" },
  { term: "faculty", description: "Keep the faculty roster" },
  { term: "parse", description: "Print what a parser reads from a saved API response" },
  {
    term: "harvest [options]",
    description: "Harvest publications, presentations and grants for the roster through the queues",
  },
  { term: "worker", description: "Run workers for every queue until SIGTERM or SIGINT, then close cleanly" },
  {
    term: "schedule [options]",
    description: "Set, list or remove the nightly harvest (or, with --digest, the weekly mentor digest)",
  },
  {
    term: "runs [options]",
    description: "List harvest runs, and each faculty member's last success and last error",
  },
  {
    term: "reconcile [options]",
    description:
      "Rebuild ledgers from the stored records (no API is called): dedupe, link errata and retractions, classify by the rules file",
  },
  { term: "items", description: "The ledger's items: why they count, merges and splits" },
  { term: "import", description: "Import people's own records" },
  { term: "review", description: "Review who wrote what: the links awaiting a decision" },
  { term: "export", description: "Export data for reports and scripts" },
  { term: "survey", description: "Compare survey answers before and after a program, per respondent" },
  {
    term: "report",
    description: "Reports for evaluators and faculty affairs: productivity windows, a person's output",
  },
  {
    term: "benchmarks",
    description:
      "Promotion benchmarks: each person against the next rank's criteria, and the institution's norms",
  },
  {
    term: "mentoring",
    description: "The mentoring program's records: mentorships, meetings, individual development plans",
  },
  {
    term: "digest [options]",
    description: "A mentor's digest: each mentee's new items, links awaiting review and benchmark progress",
  },
  { term: "program", description: "The mentoring program's own evaluation" },
  {
    term: "dossier [options] <id>",
    description:
      "A candidate's dossier for the promotion committee: profile, benchmark check, cited items and how each was verified",
  },
  {
    term: "sandbox",
    description:
      "Local stand-ins for NCBI E-utilities, ORCID and NIH RePORTER over a generated fictional division",
  },
  {
    term: "demo [options]",
    description: "Harvest a generated fictional division end to end against a local E-utilities sandbox",
  },
  {
    term: "health [options]",
    description: "Check that Postgres (migrated) and Redis answer; exit 0 when both do",
  },
  { term: "users", description: "Who may sign in to the web app, and their API tokens" },
  {
    term: "committees",
    description: "Promotion committees: their members, and the candidates whose files they review",
  },
  { term: "audit", description: "The audit log: sign-ins, decisions, tokens" },
  { term: "web [options]", description: "Serve the web app and the JSON API until SIGTERM or SIGINT" },
];
