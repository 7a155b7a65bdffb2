import type { AppConfig } from "../config/env.ts";
import type { Thresholds } from "../disambiguation/score.ts";
import type { RescoreSettings } from "./rescore.ts";

export type { Thresholds } from "../disambiguation/score.ts";

export function thresholdsFrom(
  config: Pick<AppConfig, "SCORE_ACCEPT_THRESHOLD" | "SCORE_REJECT_THRESHOLD">,
): Thresholds {
  return { accept: config.SCORE_ACCEPT_THRESHOLD, reject: config.SCORE_REJECT_THRESHOLD };
}

/** What re-scoring needs from the configuration. */
export function rescoreSettingsFrom(
  config: Pick<AppConfig, "SCORE_ACCEPT_THRESHOLD" | "SCORE_REJECT_THRESHOLD" | "ORCID_LINK_STATUS">,
): RescoreSettings {
  return { thresholds: thresholdsFrom(config), orcidWorksAreTheirs: config.ORCID_LINK_STATUS === "accepted" };
}
