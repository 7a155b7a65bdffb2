/**
 * bench:nightly's API sandboxes, in a process of their own as the real APIs would be: generates
 * the school (`--faculty`, `--seed`, `--new-share`, `--changed`), tells the bench about it over
 * IPC, and serves the night the bench asks for (each night's records differ from the last's) until
 * the bench disconnects or stops it.
 */
import { parseArgs } from "node:util";
import { generateDivision, rosterCsv } from "../sandbox/division/index.ts";
import { startEutilsSandbox } from "../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox } from "../sandbox/servers/orcid-server.ts";
import { startReporterSandbox } from "../sandbox/servers/reporter-server.ts";
import { planNights, type FromSandboxes, type NightNumber, type ToSandboxes } from "./nightly-school.ts";

const { values } = parseArgs({
  options: {
    faculty: { type: "string" },
    seed: { type: "string" },
    "new-share": { type: "string" },
    changed: { type: "string" },
    "api-key": { type: "string" },
  },
});
if (!process.send) throw new Error("nightly-sandboxes.ts runs as bench:nightly's child, with an IPC channel");
const send = (message: FromSandboxes): void => {
  process.send!(message);
};

const division = generateDivision({ facultyCount: Number(values.faculty), seed: Number(values.seed) });
const { summary, nights } = planNights(division, {
  newShare: Number(values["new-share"]),
  changed: Number(values.changed),
  today: new Date(),
});
const apiKey = values["api-key"]!;

let serving: Array<{ close(): Promise<void> }> = [];

async function serve(night: NightNumber): Promise<void> {
  await Promise.all(serving.map((server) => server.close()));
  const world = nights[night];
  const eutils = await startEutilsSandbox({
    articles: world.articles,
    abstracts: division.abstracts,
    entryDates: world.entryDates,
    apiKeys: [apiKey],
  });
  const orcid = await startOrcidSandbox({ records: world.orcidRecords });
  const reporter = await startReporterSandbox({ projects: division.reporterProjects });
  serving = [eutils, orcid, reporter];
  send({ type: "serving", night, urls: { pubmed: eutils.url, orcid: orcid.url, reporter: reporter.url } });
}

async function stop(): Promise<void> {
  await Promise.all(serving.map((server) => server.close()));
  process.exit(0);
}

process.on("message", (message: ToSandboxes) => {
  if (message.type === "serve") void serve(message.night);
});
// The bench gone (ended, failed, killed): nothing is left to serve.
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

send({ type: "school", school: { ...summary, rosterCsv: rosterCsv(division) } });
