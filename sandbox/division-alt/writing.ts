import type { SandboxAbstract } from "../servers/pubmed-xml.ts";
import type { Draft } from "./articles.ts";
import { field } from "./fields.ts";
import type { Stream } from "./random.ts";

/** What a paper says: title, abstract, publication types, MeSH headings and keywords. */

const DESIGNS: ReadonlyArray<readonly [string, string]> = [
  ["retrospective cohort study", "Retrospective Studies"],
  ["cohort study", "Cohort Studies"],
  ["cross-sectional study", "Cross-Sectional Studies"],
  ["national survey", "Surveys and Questionnaires"],
  ["qualitative study", "Qualitative Research"],
  ["quality improvement initiative", "Quality Improvement"],
  ["prospective study", "Prospective Studies"],
];

const OUTCOMES = [
  "mortality",
  "30-day readmission",
  "emergency department use",
  "health care costs",
  "patient-reported outcomes",
  "quality of care",
  "medication adherence",
  "hospitalization",
];

const INTERVENTIONS = [
  "a pharmacist-led intervention",
  "text message reminders",
  "a nurse navigator program",
  "an electronic health record alert",
  "peer coaching",
  "a telehealth program",
  "a community health worker program",
];

const capitalized = (text: string): string => text.replace(/^./, (c) => c.toUpperCase());

export function titleOf(rng: Stream, draft: Draft, population: string, design: string): string {
  const { topic, year, kind } = draft;
  const other = rng.pick(field(draft.field).topics).phrase;
  switch (kind) {
    case "research":
      return rng.pick([
        `${capitalized(topic.phrase)} among ${population}: a ${design}.`,
        `Association of ${topic.phrase} with ${rng.pick(OUTCOMES)} in ${population}.`,
        `Trends in ${topic.phrase} in the United States, ${year - rng.int(6, 12)}-${year - rng.int(1, 3)}.`,
        `${capitalized(topic.phrase)} and ${other} in ${population}.`,
        `Racial and ethnic differences in ${topic.phrase} among ${population}.`,
      ]);
    case "trial":
      return `Effect of ${rng.pick(INTERVENTIONS)} on ${topic.phrase} among ${population}: a randomized clinical trial.`;
    case "review":
      return rng.pick([
        `${capitalized(topic.phrase)}: a systematic review and meta-analysis.`,
        `Update in ${topic.phrase}.`,
        `${capitalized(topic.phrase)} in ${population}: a narrative review.`,
      ]);
    case "letter":
      return rng.pick([
        `Comment on: ${topic.phrase} among ${population}.`,
        `Reply to: ${capitalized(topic.phrase)} and ${other}.`,
        `${capitalized(topic.phrase)}: more questions than answers.`,
      ]);
    case "editorial":
      return rng.pick([
        `${capitalized(topic.phrase)}: time to act.`,
        `Rethinking ${topic.phrase}.`,
        `What ${population} teach us about ${topic.phrase}.`,
      ]);
    case "case":
      return `${capitalized(other)} presenting as ${topic.phrase}: a case report.`;
  }
}

export function designOf(rng: Stream): readonly [string, string] {
  return rng.pick(DESIGNS);
}

export function abstractOf(
  rng: Stream,
  draft: Draft,
  population: string,
  design: string,
): SandboxAbstract | undefined {
  const { topic } = draft;
  switch (draft.kind) {
    case "letter":
    case "editorial":
      return undefined;
    case "case":
      return `We describe a patient whose ${topic.phrase} went unrecognized for months. The case illustrates how ${rng.pick(OUTCOMES)} depends on early recognition.`;
    case "review":
      return `We reviewed studies of ${topic.phrase} among ${population} published to date. Evidence on ${rng.pick(OUTCOMES)} was mixed; few studies were at low risk of bias.`;
    case "research":
    case "trial": {
      const n = rng.int(80, 25000);
      const effect = rng.between(0.55, 1.6).toFixed(2);
      return [
        { label: "BACKGROUND", text: `Little is known about ${topic.phrase} among ${population}.` },
        { label: "METHODS", text: `A ${design} of ${n} participants.` },
        {
          label: "RESULTS",
          text: `${capitalized(topic.phrase)} was associated with ${rng.pick(OUTCOMES)} (odds ratio ${effect}).`,
        },
        { label: "CONCLUSIONS", text: `Attention to ${topic.phrase} may improve care for ${population}.` },
      ];
    }
  }
}

export function publicationTypesOf(rng: Stream, draft: Draft): string[] {
  const nih = draft.grants.some((grant) => grant.agency?.includes("NIH"));
  const support = [
    ...(nih ? ["Research Support, N.I.H., Extramural"] : []),
    ...(draft.grants.some((grant) => grant.agency === "AHRQ HHS")
      ? ["Research Support, U.S. Gov't, P.H.S."]
      : []),
    ...(rng.chance(0.25) ? ["Research Support, Non-U.S. Gov't"] : []),
  ];
  switch (draft.kind) {
    case "research":
      return ["Journal Article", ...(rng.chance(0.15) ? ["Observational Study"] : []), ...support];
    case "trial":
      return ["Journal Article", "Randomized Controlled Trial", ...support];
    case "review":
      return rng.chance(0.5)
        ? ["Journal Article", "Systematic Review", ...(rng.chance(0.5) ? ["Meta-Analysis"] : [])]
        : ["Journal Article", "Review"];
    case "letter":
      return rng.chance(0.6) ? ["Letter", "Comment"] : ["Letter"];
    case "editorial":
      return rng.chance(0.5) ? ["Editorial", "Comment"] : ["Editorial"];
    case "case":
      return ["Case Reports", "Journal Article"];
  }
}

export function meshOf(rng: Stream, draft: Draft, designMesh: string): string[] {
  if (draft.kind === "letter" || draft.kind === "editorial") return ["Humans", draft.topic.mesh];
  const people = rng.sample(["Adult", "Aged", "Middle Aged", "Female", "Male", "Young Adult"], rng.int(2, 4));
  return [
    ...new Set([
      "Humans",
      draft.topic.mesh,
      ...(draft.kind === "research" ? [designMesh] : []),
      ...people,
      ...(rng.chance(0.5) ? ["United States"] : []),
    ]),
  ];
}

export function keywordsOf(rng: Stream, draft: Draft): string[] {
  if (draft.year < 2008 || !rng.chance(0.6)) return [];
  const topics = field(draft.field).topics.map((topic) => topic.phrase);
  return [...new Set([draft.topic.phrase, ...rng.sample(topics, rng.int(1, 3))])];
}
