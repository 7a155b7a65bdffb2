/**
 * Who wrote what: evidence on the matched author of each candidate record, scored and decided
 * against configurable thresholds. Pure: no I/O.
 */
export * from "./profile.ts";
export * from "./score.ts";
export * from "./score-articles.ts";
export * from "./score-grants.ts";
export { WEIGHTS } from "./weights.ts";
export { parseGrantNumber, grantKey, type GrantNumber } from "./grant-numbers.ts";
