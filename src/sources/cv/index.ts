import type { RecordSource } from "../source.ts";
import { cvToCandidate, type CvRow } from "./parse.ts";

export * from "./parse.ts";

/**
 * A person's own CV entries, imported from a file (`scholartrack import cv`): records without an
 * API, each stored as the row read and linked as the person's own assertion.
 */
export const cvSource: RecordSource<"cv"> = {
  name: "cv",
  label: "CV",
  precedence: {
    rank: 3,
    fields: {
      kind: 3,
      title: 3,
      year: 3,
      venue: 3,
      doi: 3,
      pmid: 3,
      pmcid: 3,
      sourceType: 1,
      firstAuthor: 3,
      grant: 2,
    },
  },
  toCandidate: (payload) => cvToCandidate(payload as CvRow),
};
