import { workContributor } from "./orcid-json.ts";
import type { OrcidDraft, OrcidRecordBuilder } from "./orcid.ts";
import { POPULATIONS } from "./tables.ts";
import { capitalize } from "./text.ts";
import type { PresentationScope } from "./types.ts";

// Talks and posters, which exist only on ORCID: more national ones once the program began.

/** SGIM's region for the home institution's state. */
const SGIM_REGIONS: Record<string, string> = {
  MA: "New England",
  OH: "Midwest",
  OR: "Northwest",
  PA: "Mid-Atlantic",
};

interface Meeting {
  name: string;
  months: readonly number[];
}

const NATIONAL_MEETINGS: Meeting[] = [
  { name: "SGIM Annual Meeting", months: [4, 5] },
  { name: "Society of Hospital Medicine Annual Conference", months: [3, 4] },
  { name: "ACP Internal Medicine Meeting", months: [4] },
  { name: "AcademyHealth Annual Research Meeting", months: [6] },
  { name: "American Geriatrics Society Annual Scientific Meeting", months: [5] },
  { name: "AAMC Learn Serve Lead", months: [11] },
  { name: "Academic Internal Medicine Week", months: [3, 4] },
];

const INTERNATIONAL_MEETINGS: Meeting[] = [
  { name: "International Conference on Residency Education", months: [9, 10] },
  { name: "European Congress of Internal Medicine", months: [3] },
];

const PRESENTATION_TYPES: Record<PresentationScope, ReadonlyArray<readonly [string, number]>> = {
  international: [
    ["conference-presentation", 1],
    ["conference-poster", 1],
  ],
  national: [
    ["conference-presentation", 7],
    ["conference-poster", 8],
    ["conference-abstract", 5],
  ],
  regional: [
    ["conference-presentation", 1],
    ["conference-poster", 2],
  ],
  local: [
    ["lecture-speech", 6],
    ["conference-presentation", 4],
  ],
};

/** Talks and posters that exist only on ORCID: more national ones once the program began. */
export function addPresentations(builder: OrcidRecordBuilder, draft: OrcidDraft): void {
  const { member } = draft;
  if (!builder.rng.chance(0.85)) return;
  const senior = member.role === "full" || member.role === "associate";
  for (let year = Math.max(builder.fromYear, member.hireYear - 2); year <= builder.toYear; year++) {
    const post = member.programStartYear !== undefined && year > member.programStartYear;
    const employed = year >= member.hireYear;
    const national = builder.rng.poisson((senior ? 0.8 : 0.45) * (post ? 2.1 : 1) * (employed ? 1 : 0.6));
    for (let n = 0; n < national; n++)
      presentation(builder, draft, year, builder.rng.chance(0.92) ? "national" : "international");
    if (!employed) continue;
    const other = builder.rng.poisson((senior ? 0.6 : 0.4) * (post ? 1.4 : 1));
    for (let n = 0; n < other; n++)
      presentation(builder, draft, year, builder.rng.chance(0.55) ? "local" : "regional");
  }
}

function presentation(
  builder: OrcidRecordBuilder,
  draft: OrcidDraft,
  year: number,
  scope: PresentationScope,
): void {
  const { member } = draft;
  const meeting: Meeting =
    scope === "national"
      ? builder.rng.pick(NATIONAL_MEETINGS)
      : scope === "international"
        ? builder.rng.pick(INTERNATIONAL_MEETINGS)
        : scope === "regional"
          ? {
              name: `SGIM ${SGIM_REGIONS[builder.home.region] ?? "Midwest"} Regional Meeting`,
              months: [2, 3, 10],
            }
          : {
              name: builder.rng.pick([
                `Department of Medicine Grand Rounds, ${builder.home.name}`,
                "Division of General Internal Medicine Research in Progress Conference",
                `${builder.home.name} Medical Education Day`,
                `${builder.home.hospital} Quality and Safety Symposium`,
              ]),
              months: [1, 2, 3, 4, 5, 6, 9, 10, 11, 12],
            };
  const type = builder.rng.weighted(PRESENTATION_TYPES[scope]);
  const topic = builder.rng.pick(draft.topics);
  const population = builder.rng.pick(POPULATIONS);
  const title =
    type === "lecture-speech"
      ? `${capitalize(topic.phrase)}: what the generalist needs to know`
      : builder.rng.pick([
          `${capitalize(topic.phrase)} ${population}: early results`,
          `Implementing ${topic.phrase} ${population}: lessons from a quality improvement initiative`,
          `Teaching ${topic.phrase} to internal medicine residents: a curriculum evaluation`,
          `Patient perspectives on ${topic.phrase} ${population}`,
        ]);
  const mentorDraft = member.mentorId ? builder.draftsByFaculty.get(member.mentorId) : undefined;
  const afterStart = member.programStartYear !== undefined && year >= member.programStartYear;
  const withMentor =
    mentorDraft !== undefined && afterStart && builder.rng.chance(0.5) ? mentorDraft : undefined;
  const contributors =
    type === "lecture-speech"
      ? [workContributor(draft.displayName, draft.orcid, "first")]
      : builder.coauthors(draft, builder.rng.int(1, 5), builder.rng.chance(0.7) ? 0 : 1, withMentor);
  const date = {
    year,
    month: builder.rng.pick(meeting.months),
    day: builder.rng.chance(0.6) ? builder.rng.int(1, 28) : undefined,
  };
  const on = (owner: OrcidDraft): void => {
    const version = builder.workVersion(owner, {
      source: builder.ownSource(owner),
      type,
      title,
      journalTitle: meeting.name,
      date,
      ids: [],
      contributors,
    });
    owner.works.push([version]);
    builder.presentationTruth.push({
      facultyId: owner.member.id,
      putCode: version.summary["put-code"],
      scope,
    });
  };
  on(draft);
  // A co-presenting mentor sometimes lists the talk too: the same talk on two records.
  if (withMentor && withMentor.orcid !== builder.deactivated && builder.rng.chance(0.4)) on(withMentor);
}
