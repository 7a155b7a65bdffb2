import { describe, expect, it } from "vitest";
import { profileOrder } from "../../src/services/run-jobs.ts";

describe("the order a person's jobs run in", () => {
  it("runs the profile's provider first, then the searches that read it, in a chain", () => {
    expect(profileOrder(["pubmed", "orcid", "reporter"])).toEqual({
      chain: ["orcid", "pubmed", "reporter"],
      independent: [],
    });
    expect(profileOrder(["reporter", "orcid"])).toEqual({ chain: ["orcid", "reporter"], independent: [] });
  });

  it("orders nothing when the run has no provider: the searches read what earlier runs learned", () => {
    expect(profileOrder(["reporter", "pubmed"])).toEqual({ chain: [], independent: ["pubmed", "reporter"] });
    expect(profileOrder(["orcid"])).toEqual({ chain: ["orcid"], independent: [] });
  });
});
