import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { CliContext } from "../../src/cli/context.ts";
import { registerOrcidParseCommands } from "../../src/cli/parse-orcid.ts";
import { UserError } from "../../src/errors.ts";
import {
  OrcidParseError,
  parseBulkWorks,
  parseEmployments,
  parseFunding,
  parseFundings,
  parsePerson,
  parseWork,
  parseWorksSummary,
} from "../../src/sources/orcid/parse.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/orcid");
const fixturePath = (name: string): string => path.join(fixtures, name);
const text = (name: string): string => readFileSync(fixturePath(name), "utf8");
const json = (name: string): Record<string, unknown> => JSON.parse(text(name)) as Record<string, unknown>;

const OWNER = "0000-0002-5550-1238";

function parseError(run: () => unknown): OrcidParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof OrcidParseError) return error;
    throw error;
  }
  throw new Error("expected an OrcidParseError");
}

describe("works list", () => {
  it("reads an empty works list as no groups", () => {
    expect(parseWorksSummary(text("works-empty.json"))).toEqual([]);
  });

  it("keeps each group's versions, one per source, in ORCID's order", () => {
    const groups = parseWorksSummary(text("works-multi-source.json"));
    expect(groups.map((group) => group.summaries.map((summary) => summary.putCode))).toEqual([
      [31000505],
      [31000303],
      [31000202],
      [31000404],
      [29100606],
      [31000101, 29800555, 30500777],
    ]);
  });

  it("reads a version's fields: ids as written with ORCID's normalised form, partial dates, source, display index", () => {
    const group = parseWorksSummary(text("works-multi-source.json")).at(-1)!;
    const [own, crossref, europePmc] = group.summaries;
    expect(own).toEqual({
      putCode: 31000101,
      type: "journal-article",
      title: "Mentoring and early-career productivity in academic cardiology",
      subtitle: "a cohort study",
      publicationDate: { year: 2016, month: 6 },
      externalIds: [
        {
          type: "doi",
          value: "https://doi.org/10.5555/JCARD.2016.0412",
          normalized: "10.5555/jcard.2016.0412",
          url: "https://doi.org/10.5555/JCARD.2016.0412",
          relationship: "self",
        },
      ],
      source: { name: "Amara Okafor", orcid: OWNER },
      visibility: "public",
      path: `/${OWNER}/work/31000101`,
      displayIndex: 1,
      lastModified: 1561939200000,
    });
    expect(crossref!.source).toEqual({ name: "Crossref", clientId: "0000-0001-9884-1913" });
    expect(crossref!.journalTitle).toBe("Journal of Cardiology Education");
    expect(crossref!.publicationDate).toEqual({ year: 2016, month: 6, day: 14 });
    expect(crossref!.externalIds[1]).toMatchObject({
      type: "issn",
      value: "1555-0000",
      relationship: "part-of",
    });
    expect(europePmc!.externalIds.map((id) => [id.type, id.value])).toEqual([
      ["pmid", "27330123"],
      ["pmc", "PMC4921877"],
      ["doi", "10.5555/JCARD.2016.0412"],
    ]);
    expect(group.externalIds.map((id) => id.type)).toEqual(["doi", "pmid", "pmc"]);
  });

  it("keeps a DOI ORCID could not normalise, with ORCID's reason, and leaves null fields out", () => {
    const [summary] = parseWorksSummary(text("works-multi-source.json"))[0]!.summaries;
    expect(summary!.externalIds).toEqual([
      {
        type: "doi",
        value: "n/a",
        normalizationError: "Cannot normalize identifier value doi:n/a",
        relationship: "self",
      },
    ]);
    expect(summary!.publicationDate).toEqual({ year: 2020 });
    expect(summary).not.toHaveProperty("url");
    expect(summary).not.toHaveProperty("subtitle");
  });

  it("reads bytes and an already-parsed value the same as text", () => {
    const expected = parseWorksSummary(text("works-multi-source.json"));
    expect(parseWorksSummary(readFileSync(fixturePath("works-multi-source.json")))).toEqual(expected);
    expect(parseWorksSummary(json("works-multi-source.json"))).toEqual(expected);
  });

  it("leaves out date parts that are not numbers in range rather than guessing", () => {
    const doc = json("works-multi-source.json");
    const summary = (doc.group as Array<{ "work-summary": Array<Record<string, unknown>> }>)[0]![
      "work-summary"
    ][0]!;
    summary["publication-date"] = { year: { value: "2020" }, month: { value: "13" }, day: { value: "x" } };
    expect(parseWorksSummary(doc)[0]!.summaries[0]!.publicationDate).toEqual({ year: 2020 });
  });
});

describe("bulk read", () => {
  it("returns the works and an error for each put-code ORCID could not read", () => {
    const { works, errors } = parseBulkWorks(text("works-bulk.json"));
    expect(works.map((work) => work.putCode)).toEqual([31000202, 31000303]);
    expect(errors).toEqual([
      {
        putCode: 31000999,
        status: 400,
        errorCode: 9034,
        message:
          "400 Bad Request: The put code provided is not valid. Full validation error: '31000999' is not a valid put code",
      },
      {
        status: 403,
        errorCode: 9039,
        message: "403 Forbidden: The item is not public and cannot be accessed with the Public API.",
      },
    ]);
  });

  it("gives an error that names no put-code the one put-code asked for and not answered", () => {
    const { errors } = parseBulkWorks(text("works-bulk.json"), [31000202, 31000303, 31000999, 31000404]);
    expect(errors.map((error) => error.putCode)).toEqual([31000999, 31000404]);
  });

  it("reads contributors in order with role and sequence, as listed (a person listed per role stays listed twice)", () => {
    const preprint = parseBulkWorks(text("works-bulk.json")).works[1]!;
    expect(preprint.contributors).toEqual([
      {
        name: "Priya Natarajan",
        role: "http://credit.niso.org/contributor-roles/investigation/",
        sequence: "first",
      },
      {
        name: "Amara N. Okafor",
        orcid: OWNER,
        role: "http://credit.niso.org/contributor-roles/conceptualization/",
      },
      {
        name: "Amara N. Okafor",
        orcid: OWNER,
        role: "http://credit.niso.org/contributor-roles/writing-original-draft/",
      },
      { name: "Consortium for Equity in Academic Medicine" },
      {
        name: "Daniel Reyes-Whitfield",
        orcid: "0000-0001-9876-5439",
        role: "http://credit.niso.org/contributor-roles/supervision/",
      },
    ]);
    expect(preprint).not.toHaveProperty("path");
  });

  it("refuses an element that is neither a work nor an error", () => {
    const error = parseError(() => parseBulkWorks({ bulk: [{ something: {} }] }));
    expect(error.message).toMatch(/bulk\.0 is neither a work nor an error/);
  });
});

describe("single work", () => {
  it("reads the full work: contributors, citation, description, language and country", () => {
    const work = parseWork(text("work-single.json"));
    expect(work.putCode).toBe(31000101);
    expect(work.contributors.map((contributor) => [contributor.name, contributor.sequence])).toEqual([
      ["Priya Natarajan", "first"],
      ["Daniel Reyes-Whitfield", "additional"],
      ["Mei-Lin Zhou", "additional"],
      ["Amara N. Okafor", "additional"],
    ]);
    expect(work.contributors[3]!.orcid).toBe(OWNER);
    expect(work.citation?.type).toBe("bibtex");
    expect(work.citation?.value).toContain("@article{natarajan2016mentoring");
    expect(work.shortDescription).toMatch(/^A cohort of 29 assistant professors/);
    expect(work.languageCode).toBe("en");
    expect(work.country).toBe("US");
  });
});

describe("fundings", () => {
  it("reads the groups, their versions, funder, grant numbers and dates", () => {
    const groups = parseFundings(text("fundings.json"));
    expect(groups.map((group) => group.summaries.map((summary) => summary.putCode))).toEqual([
      [870055, 880101],
      [880202],
      [880303],
    ]);
    const k23 = groups[0]!.summaries[1]!;
    expect(k23).toMatchObject({
      type: "grant",
      organization: {
        name: "National Heart, Lung, and Blood Institute",
        city: "Bethesda",
        region: "MD",
        country: "US",
        disambiguatedId: "http://dx.doi.org/10.13039/100000050",
        disambiguationSource: "FUNDREF",
      },
      startDate: { year: 2017, month: 7, day: 1 },
      endDate: { year: 2022, month: 6, day: 30 },
      displayIndex: 1,
    });
    expect(k23.externalIds.map((id) => [id.type, id.value, id.relationship])).toEqual([
      ["grant_number", "K23HL150000", "self"],
      ["grant_number", "P30AG000001", "part-of"],
    ]);
  });

  it("leaves out the dates of a funding that has none, and reads an empty id list", () => {
    const groups = parseFundings(text("fundings.json"));
    const award = groups[1]!.summaries[0]!;
    expect(award).not.toHaveProperty("startDate");
    expect(award).not.toHaveProperty("endDate");
    expect(groups[2]!.externalIds).toEqual([]);
  });

  it("reads a full funding item: amount with currency, contributors with roles, the funder's own type", () => {
    const funding = parseFunding(text("funding-full.json"));
    expect(funding.amount).toEqual({ value: "745000", currencyCode: "USD" });
    expect(funding.organizationDefinedType).toBe(
      "Mentored Patient-Oriented Research Career Development Award (K23)",
    );
    expect(funding.contributors).toEqual([
      { name: "Amara N. Okafor", orcid: OWNER, role: "lead" },
      { name: "Daniel Reyes-Whitfield", orcid: "0000-0001-9876-5439", role: "other-contribution" },
    ]);
  });

  it("reads a full funding item with neither dates nor amount", () => {
    const funding = parseFunding(text("funding-no-dates.json"));
    expect(funding.putCode).toBe(880202);
    expect(funding).not.toHaveProperty("amount");
    expect(funding).not.toHaveProperty("startDate");
    expect(funding.contributors.map((contributor) => contributor.role)).toEqual(["lead", "co-lead"]);
  });
});

describe("person and employments", () => {
  it("reads the names and every other name", () => {
    expect(parsePerson(text("person.json"))).toEqual({
      orcid: OWNER,
      givenNames: "Amara",
      familyName: "Okafor",
      creditName: "Amara N. Okafor",
      otherNames: [
        "Amara Nkechi Okafor",
        "A. N. Okafor",
        "Okafor-Bell, Amara",
        "Okafor AN",
        "Amara Okafor, MD",
      ],
    });
  });

  it("reads each employment: organisation, department, title, and an open end for a current post", () => {
    const employments = parseEmployments(text("employments.json"));
    expect(employments).toHaveLength(3);
    expect(employments[0]).toEqual({
      putCode: 62001,
      organization: {
        name: "Northfield University School of Medicine",
        city: "Northfield",
        region: "MN",
        country: "US",
        disambiguatedId: "https://ror.org/05x0000n1",
        disambiguationSource: "ROR",
      },
      department: "Department of Medicine, Division of Cardiology",
      role: "Assistant Professor of Medicine",
      startDate: { year: 2014, month: 7, day: 1 },
      source: { name: "Amara Okafor", orcid: OWNER },
      visibility: "public",
      path: `/${OWNER}/employment/62001`,
    });
    expect(employments[2]!.endDate).toEqual({ year: 2014, month: 6, day: 30 });
  });
});

describe("what is not ORCID v3.0 JSON is refused, never read as data", () => {
  const worksV2 = {
    "last-modified-date": { value: 1644226578935 },
    group: [
      {
        "external-ids": {
          "external-id": [
            {
              "external-id-type": "doi",
              "external-id-value": "10.5555/legacy.1",
              "external-id-url": null,
              "external-id-relationship": "SELF",
            },
          ],
        },
        "work-summary": [
          {
            "put-code": 4100,
            source: { "source-orcid": null, "source-client-id": null, "source-name": { value: "Crossref" } },
            title: { title: { value: "A legacy record" }, subtitle: null, "translated-title": null },
            "external-ids": { "external-id": [] },
            type: "JOURNAL_ARTICLE",
            "publication-date": { year: { value: "2015" }, month: null, day: null, "media-type": null },
            visibility: "PUBLIC",
            path: `/${OWNER}/work/4100`,
            "display-index": "0",
          },
        ],
      },
    ],
    path: `/${OWNER}/works`,
  };

  it.each([
    [
      "XML",
      '<?xml version="1.0" encoding="UTF-8"?>\n<activities:works path="/x/works"></activities:works>',
      /^unsupported: XML \(<activities:works>\)/,
    ],
    [
      "an HTML page",
      "<!DOCTYPE html><html><head><title>Maintenance</title></head></html>",
      /^unsupported: a web page \(HTML\)/,
    ],
    ["an empty body", "  \n", /^empty body/],
    ["a body cut short", '{"group": [{"external-ids"', /^not JSON/],
    ["a JSON array", "[]", /^unsupported: a JSON array/],
    ["JSON null", "null", /^unsupported: JSON null/],
  ])("refuses %s", (_what, body, message) => {
    expect(parseError(() => parseWorksSummary(body)).message).toMatch(message);
  });

  it("refuses a v2.x document by its upper-case values", () => {
    expect(parseError(() => parseWorksSummary(worksV2)).message).toBe(
      'unsupported: an ORCID API v2.x document (external-id-relationship "SELF" is v2.x\'s upper-case form); only ORCID API v3.0 JSON is read',
    );
  });

  it("refuses a v2.x employments list by its shape, and a v1.x profile", () => {
    const v2 = { "last-modified-date": null, "employment-summary": [], path: `/${OWNER}/employments` };
    expect(parseError(() => parseEmployments(v2)).message).toMatch(
      /^unsupported: an ORCID API v2\.x document \(a flat employment-summary list/,
    );
    const v1 = { "message-version": "1.2", "orcid-profile": { "orcid-identifier": { path: OWNER } } };
    expect(parseError(() => parsePerson(v1)).message).toMatch(
      /^unsupported: an ORCID API v1\.x document \(message-version 1\.2\)/,
    );
  });

  it("reports an ORCID error body as ORCID's error", () => {
    const body = JSON.stringify({
      "response-code": 409,
      "developer-message": "409 Conflict: The ORCID record is locked and cannot be edited.",
      "user-message": "The ORCID record is locked.",
      "error-code": 9018,
      "more-info": "https://members.orcid.org/api/resources/troubleshooting",
    });
    expect(parseError(() => parseFundings(body)).message).toBe(
      "ORCID error (HTTP 409, error-code 9018) instead of data: 409 Conflict: The ORCID record is locked and cannot be edited.",
    );
  });

  it("names the section it was given when it is another one", () => {
    expect(parseError(() => parseWorksSummary(text("person.json"))).message).toBe(
      "unsupported: expected the works list (GET /{orcid}/works) but this is the person section (GET /{orcid}/person)",
    );
    expect(parseError(() => parseFundings(text("works-multi-source.json"))).message).toMatch(
      /^unsupported: expected the fundings list .* but this is the works list/,
    );
    expect(parseError(() => parseWork(text("works-bulk.json"))).message).toMatch(
      /but this is a bulk works read/,
    );
    expect(parseError(() => parseFunding(text("work-single.json"))).message).toMatch(
      /but this is a single work/,
    );
    const educations = { "last-modified-date": null, "affiliation-group": [], path: `/${OWNER}/educations` };
    expect(parseError(() => parseEmployments(educations)).message).toMatch(
      /but this is the educations section/,
    );
  });

  it("says where a v3.0-looking document breaks the shape", () => {
    const doc = json("works-multi-source.json");
    const summary = (doc.group as Array<{ "work-summary": Array<Record<string, unknown>> }>)[1]![
      "work-summary"
    ][0]!;
    summary["put-code"] = "31000303";
    expect(parseError(() => parseWorksSummary(doc)).message).toMatch(
      /^not the ORCID v3\.0 shape of the works list: at group\.1\.work-summary\.0\.put-code: /,
    );
  });
});

describe("scholartrack parse orcid-*", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "orcid-parse-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<string> {
    const out = new PassThrough();
    let printed = "";
    out.on("data", (chunk: Buffer) => (printed += chunk.toString()));
    const ctx = new CliContext(out, new PassThrough());
    const program = new Command("scholartrack").exitOverride();
    registerOrcidParseCommands(program.command("parse"), ctx);
    await program.parseAsync(["parse", ...args], { from: "user" });
    return printed;
  }

  it("prints the works groups the parser reads, as pretty JSON", async () => {
    const printed = await run("orcid-works", fixturePath("works-multi-source.json"));
    expect(JSON.parse(printed)).toEqual(parseWorksSummary(text("works-multi-source.json")));
    expect(printed).toContain('\n  {\n    "externalIds"');
  });

  it("prints a single work, and a bulk read's works and errors", async () => {
    expect(JSON.parse(await run("orcid-work", fixturePath("work-single.json")))).toEqual(
      parseWork(text("work-single.json")),
    );
    const bulk = JSON.parse(await run("orcid-work", fixturePath("works-bulk.json"))) as {
      works: unknown[];
      errors: unknown[];
    };
    expect(bulk.works).toHaveLength(2);
    expect(bulk.errors).toHaveLength(2);
  });

  it("prints the fundings groups", async () => {
    expect(JSON.parse(await run("orcid-fundings", fixturePath("fundings.json")))).toEqual(
      parseFundings(text("fundings.json")),
    );
  });

  it("names the file it cannot read", async () => {
    const missing = path.join(dir, "missing.json");
    await expect(run("orcid-works", missing)).rejects.toThrow(
      new UserError(`Cannot read ${missing}: no such file`),
    );
  });

  it("names the file whose content is not what the command reads", async () => {
    const xml = path.join(dir, "works.xml");
    writeFileSync(xml, '<?xml version="1.0"?><activities:works path="/x/works"/>');
    await expect(run("orcid-works", xml)).rejects.toThrow(UserError);
    await expect(run("orcid-works", xml)).rejects.toThrow(
      `Cannot parse ${xml}: unsupported: XML (<activities:works>)`,
    );
    await expect(run("orcid-fundings", fixturePath("person.json"))).rejects.toThrow(
      /^Cannot parse .*person\.json: unsupported: expected the fundings list/,
    );
  });
});
