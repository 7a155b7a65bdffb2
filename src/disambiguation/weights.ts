/**
 * Points each piece of evidence adds to a link's score (base 50, see score.ts). One table, so that
 * a reviewer can see every number a score is made of. The sizes are judgements about real PubMed
 * data, each said below: decisive identifiers at ±100; conflicts that rarely happen for the same
 * person at -50; the person's own affiliation or e-mail at +30 to +40; corroboration that a
 * namesake can also have (a common first name, a journal) at +5 to +10. bench/disambiguation.ts
 * measures them on a generated division; tune there, not here by feel.
 */
export const WEIGHTS = {
  /** The matched author carries the person's ORCID iD: the author said so. Decisive. */
  orcidMatch: 100,
  /** The matched author carries another ORCID iD: someone else (or a publisher's error). Decisive against. */
  orcidConflict: -100,
  /** The work is on the person's own ORCID record. Decisive. */
  orcidRecord: 100,

  /**
   * Full first names agree. Most of a name search's hits already share the surname and initial, and
   * common first names are shared by many namesakes, so agreement is modest evidence.
   */
  firstNameAgrees: 10,
  /** Two spelled-out first names that are not the same name (nor a nickname or prefix): another person. */
  firstNameConflict: -50,
  /** Both give a middle initial and they agree: in MEDLINE this splits most namesakes sharing a first initial. */
  middleInitialAgrees: 10,
  /** Both give a middle initial and they differ: rarely the same person (a dropped or added initial is the usual exception). */
  middleInitialConflict: -50,
  /**
   * The author writes the name otherwise than the person's own records always do (name-habit.ts):
   * a middle initial they never give, or none where they always give theirs. Small, for people do
   * vary; what it changes is that only separating evidence anchors the record, as for roster twins
   * (on the second generator, namesakes at home writing "Martínez MS" or "Li W" were accepted on the
   * home affiliation where the person's ORCID-bearing records all read "Martínez M" or "Li WC").
   */
  nameFormUnlike: -5,
  /** No author's name fits any of the person's names: the search matched on something else. */
  noAuthorMatched: -50,

  /** Their own e-mail address in the matched author's affiliation: only they write it. */
  emailMatch: 40,
  /** The matched author's affiliation names the home institution (roster terms). */
  homeAffiliation: 30,
  /**
   * The matched author's affiliation names a past employer in the years they worked there (ORCID
   * employment years; the roster's previous_affiliations: up to their hire). An anchor, as strong
   * as home: a namesake working at the same place in the same years is as rare as one at home.
   */
  pastAffiliation: 30,
  /**
   * The home institution, but only another department than theirs ("Department of Radiology"):
   * namesakes down the corridor are common in large institutions. No anchor; no evidence either way.
   */
  homeOtherDepartment: 0,
  /**
   * Their home institution, a past employer or a place their own records show them at before their
   * hire (ownPlaceBeforeHire), where the search shows another author of this name too (another
   * department, ORCID iD or middle initial; at a past or own place, also in years they were not
   * there). Still likelier theirs than a stranger's, but it does not tell the two apart: half the
   * weight, and no anchor. At home, naming their own department still anchors.
   */
  sharedAffiliation: 15,
  /**
   * The home institution, on a record in a cluster of home records (shared co-authors) that holds
   * none of the person's own records (ORCID iD, e-mail, ORCID works, items a person accepted) and
   * none of whose co-authors writes on any of them (home-teams.ts): another author of the name at
   * home, in a team the person is never seen in. As a place shared with another author of the
   * name: half the weight, and no anchor. On alt 35 a second "Kumar Amit" in the same division
   * had 17 records accepted on the home affiliation, none sharing a co-author with the person's
   * 32 ORCID-bearing records, where the person's own home records nearly all did.
   */
  homeOtherTeam: 15,
  /**
   * A past employer in years the person was not there, where the results show another author of
   * the name there in such years (shared-places.ts): that author's paper, as much as one from an
   * institution they never worked at after their hire. Anchors it elsewhere.
   */
  pastOtherAuthor: -30,
  /** The matched author is somewhere the person has never worked, after they were hired. */
  elsewhereAfterHire: -30,
  /** Somewhere else before their hire: people move, so only weak evidence. */
  elsewhereBeforeHire: -10,
  /**
   * ... instead, somewhere their own records (a work on their ORCID record, their ORCID iD or
   * e-mail on the author) show them at within a few years (own-places.ts): a past employer the
   * ORCID employments and the roster left out. An anchor, as a past employer in its years is, and,
   * as for one, not where the results show another author of the name there (sharedAffiliation).
   */
  ownPlaceBeforeHire: 30,

  /** Per co-author also on the person's accepted items, for the first two, then less. People keep collaborators. */
  coauthorFirst: 15,
  /**
   * ... instead, when the first is a close collaborator (on a fifth or more of their anchored
   * items, five at least): a namesake rarely shares the person's main collaborator. Anchors alone.
   */
  coauthorClose: 25,
  /**
   * ... instead, when the first is on three or more distinct anchored items: two shared items can
   * be chance (a common name met twice), three are a working relationship.
   */
  coauthorRecurring: 20,
  /**
   * ... instead, when the first is on ten or more distinct anchored items and on none of the
   * namesakes' (however prolific the person, unlike a close one): years of joint work. Ten joint
   * items are no chance meeting even for a common name ("Wang Y" five times may be one), and a
   * namesake's paper carrying such a collaborator of theirs is rarer still than a close one's.
   */
  coauthorLongstanding: 30,
  coauthorSecond: 10,
  coauthorMore: 5,
  coauthorCap: 35,
  /**
   * Per co-author shared with items by another author of this name (another ORCID iD, another
   * institution after their hire) and with none of theirs: the namesake's collaborators.
   */
  elsewhereCoauthor: -10,
  elsewhereCoauthorCap: -25,
  /**
   * In a cluster (shared co-authors, ORCID iD, institution) holding anchored items: the cluster is
   * theirs. An anchor, for the cluster was built from people they write with.
   */
  clusterAnchored: 20,
  /**
   * ... instead, for a record at a place where another author of the name works too
   * (affiliation_shared), or whose co-authors shared with the anchored items all write with
   * another author of the name too: the other author meets the person's collaborators there, and
   * pairs of them join the two authors' records into one cluster. Corroboration, below an
   * anchor's weight. On the tuning seeds, records anchored by such a cluster alone were the
   * person's 114 times in 191 at a shared place (alt 26: 21 in 51) and 1 in 20 through such
   * co-authors, against 147 in 162 for records without an affiliation.
   */
  clusterNotSeparating: 10,
  /** In a cluster whose items are anchored elsewhere (another ORCID iD, another institution throughout) and none of theirs. */
  clusterElsewhere: -30,
  /** Per co-author on items the person rejected: the namesake's collaborators. */
  rejectedCoauthor: -10,
  rejectedCoauthorCap: -20,
  /** A roster colleague among the co-authors: people write with their own division. */
  colleagueFirst: 10,
  colleagueMore: 5,
  colleagueCap: 15,
  /**
   * ... and, on a record without an affiliation on the person whose other co-authors write with no
   * other record of the name in the results (unclaimed.ts), where the results show no other author
   * of the name at home: no other author of the name has a claim on it, and the colleague places it
   * at home. Only on a short author list (UNCLAIMED_MAX_AUTHORS), for a name the results show at
   * most one other author of (UNCLAIMED_MAX_OTHER_AUTHORS), agreeing without conflict, and where
   * neither a twin nor a name written unlike theirs is in question. An anchor, of the least weight
   * that anchors (ANCHOR_MINIMUM_WEIGHT), as much as a place shared with another author of the
   * name: the colleague's own weight and the name carry the rest. MEDLINE gives no affiliation to
   * authors other than the first before 2014: on the main generator's tuning seeds a tenth of the
   * true links were such records, held for review (main 808: recall 0.883).
   */
  colleagueUnclaimed: 15,

  /** The matched author's name fits a roster colleague's better than theirs ("Smith Jenny": Jenny, not Jennifer). */
  colleagueFitsBetter: -40,
  /**
   * ... or just as well: the roster holds two people the name could be. Small, for what keeps such
   * a link from being accepted for both is the rule that only separating evidence anchors it
   * (SEPARATING_KINDS); once something separates them, the name should not hold the link back.
   */
  colleagueFitsAsWell: -5,
  /**
   * ... but the place tells the two apart (twins.ts): a home affiliation naming the person's own
   * division and not the colleague's, or a home affiliation from years well before the colleague
   * came. It cancels the line above and anchors as separating evidence; the affiliation carries
   * the weight.
   */
  twinSeparated: 5,
  /**
   * For twins, what only the other one carries (twins.ts): their ORCID iD on the matched author is
   * as decisive as another ORCID iD; their e-mail, or the record being one of their own items (their
   * ORCID record, accepted for them by a person), outweighs any anchor of the person's but their
   * own ORCID iD. Each anchors the record as the twin's, so its co-authors and its cluster tell the
   * two apart no more. Their own grant (and none of the person's) speaks less: collaborators of both
   * acknowledge each other's grants.
   */
  twinOrcid: -100,
  twinEmail: -60,
  twinOwnItem: -60,
  twinGrant: -30,

  /** A journal of a quarter or more of the accepted items (three at least): people return to a few journals. */
  journalShared: 5,
  /** Two or more subject terms (MeSH, keywords) frequent among the accepted items. */
  topicsShared: 8,

  /** A grant number of the person's own (ORCID fundings, their confirmed NIH awards). */
  grantOwn: 35,
  /** A grant number on accepted items: often theirs, sometimes a co-author's. */
  grantOnAccepted: 15,
  /** An institution's centre or training grant, shared with everyone there. */
  grantInstitutional: 5,

  /** Published more than a few years before the person's earliest known position. */
  beforeCareer: -20,
  /** Published long before their hire, with no earlier position known. */
  longBeforeHire: -10,

  /** RePORTER: the PI entry carries the person's confirmed profile id. Decisive. */
  reporterProfileId: 100,
  /** RePORTER: the PI entry carries another profile id than the person's confirmed one. Decisive against. */
  reporterProfileConflict: -100,
  /** RePORTER: the awardee organisation is one of theirs. */
  reporterHomeOrganization: 10,
  reporterPastOrganization: 5,
  /** The award's number is acknowledged on the person's accepted PubMed articles. */
  grantOnAcceptedArticles: 30,
} as const;

/**
 * Evidence that can make a link theirs on its own (an anchor); every other piece (name agreement,
 * journals, subjects, roster colleagues, grants on accepted items) only corroborates, and however
 * much of it there is, a link without an anchor stays below the accept threshold. Co-author
 * evidence, drawn from anchored items only, anchors when enough recurring co-authors are shared
 * (context.ts marks it).
 */
export const ANCHOR_KINDS: ReadonlySet<string> = new Set([
  "orcid_match",
  "orcid_record",
  "email_match",
  "affiliation_match",
  "affiliation_past",
  "grant_own",
  "cluster_anchored",
  "colleague_unclaimed",
]);

/**
 * When two roster members fit the name equally, only evidence that separates them counts as an
 * anchor: ORCID, e-mail, their own grant, co-authors of their own anchored items. Home and past
 * affiliations are the same for both (or say nothing between them).
 */
export const SEPARATING_KINDS: ReadonlySet<string> = new Set([
  "orcid_match",
  "orcid_record",
  "email_match",
  "grant_own",
  "cluster_anchored",
]);

/**
 * The least weight an anchoring piece must carry: a past employer outside its years (0) or an
 * institutional grant (+5) names the kind but anchors nothing.
 */
export const ANCHOR_MINIMUM_WEIGHT = 15;

/**
 * How much name agreement (first name, middle initial) counts when the search results show other
 * authors of the name: its weight divided by one plus their number. Four namesakes: a fifth.
 */
export function nameAgreementWeight(weight: number, otherAuthors: number): number {
  return Math.round(weight / (1 + otherAuthors));
}

/**
 * A name habit (name-habit.ts) is read from this many records with their ORCID iD or e-mail at
 * least, this share of them writing the middle initial the same way: fewer say too little, and an
 * exception now and then is a journal's style (on alt 27, 2 of 16 ORCID-bearing records of one
 * person dropped the initial that all 14 others gave; at 0.9 his habit went unread).
 */
export const NAME_HABIT_RECORDS = 5;
export const NAME_HABIT_SHARE = 0.85;

/**
 * Records only the person can be the author of (ORCID iD or e-mail on the author, their grant,
 * ORCID works, items a person accepted) from which a twin's records lifted by co-authors or a
 * cluster no longer feed the profile (score-articles.ts): their collaborators are known from
 * those, and a lifted record's other co-authors may be the twin's (main 15151: "Nikita Durgan"
 * with 27 such records had 29 of the twin's records accepted through them). With fewer, such
 * records are much of what shows their collaborators: on alt 34 a twin with 2 of them had 55 true
 * links reached that way (none false), and holding those back for every twin took alt 29 and 34
 * below recall 0.90. Chosen on those seeds: at 25, main 15151 kept 43 false accepts (precision
 * 0.980); at 10, 38.
 */
export const TWIN_OWN_RECORDS = 10;
/**
 * Years before a roster colleague's hire in which they may have trained here (residency,
 * fellowship): a home paper of those years may be theirs, so only earlier ones tell twins apart.
 */
export const TWIN_TRAINING_YEARS = 3;
/** Years either side of their own record at a place within which another record there may be theirs. */
export const OWN_PLACE_YEARS = 3;
/** Years after their hire in which papers still carry a past employer's affiliation. */
export const PAST_LAG_YEARS = 2;
/**
 * Records naming a past employer of unknown years (the roster's, or ORCID's without dates) and no
 * home institution, dated after their hire year, that show another author of the name working
 * there. Such a position is taken to end at the hire, and its lag lets a paper written there appear
 * later; but two or more there in the first years after the move were never the person's on the
 * tuning seeds (alt 31, 32: a namesake at the former employer, recent hire, 0 of 10 such records
 * theirs), while the lag alone hides the namesake until two years after the hire.
 */
export const UNDATED_PAST_LATE_ITEMS = 2;
/**
 * The most authors (people) a record may have for a roster colleague on it to anchor it as
 * unclaimed (unclaimed.ts): a longer list is a multicentre study or a consortium, where a namesake
 * meets a roster colleague by chance (on alt 31, 9 of the 10 such records of namesakes had ten
 * authors or more, against 27 of the person's 129).
 */
export const UNCLAIMED_MAX_AUTHORS = 9;
/**
 * The most other authors of the name the results may show (the name's ambiguity, ambiguity.ts) for
 * a record no other record claims to be anchored by a roster colleague: with more, some of them
 * have a record or two of their own only, which nothing ties to them. On the tuning runs such
 * records, newly accepted, were the person's 2,220 times in 2,248 on the main generator and 33 in
 * 45 on the second with at most one other author; 167 in 177 and 58 in 124 with more.
 */
export const UNCLAIMED_MAX_OTHER_AUTHORS = 1;
/**
 * The person's own records (ORCID iD or e-mail on the author, ORCID works, items a person
 * accepted) needed before a home team they are never seen in tells of another author (homeOtherTeam):
 * with fewer, their collaborators are too little known for a team's absence from them to say much.
 * Chosen on the tuning seeds: at five, teams held back 32 namesakes' records and 31 of the
 * person's (most of those of people with 5-7 such records and a team of 3-5 records, alt 3, 21,
 * 24, 25); at eight, 29 and 6.
 */
export const OTHER_TEAM_MIN_STRONG = 8;
/** Home records a cluster must hold to count as another author's team at home (homeOtherTeam). */
export const OTHER_TEAM_MIN_RECORDS = 3;
/**
 * The share of such a cluster's records that may carry one of the person's co-authors by chance (a
 * common name met on a big author list) and the cluster still count as another author's team. On
 * alt 35 the other "Kumar Amit"'s 13 records met the person's co-authors on one ("Sharma A").
 */
export const OTHER_TEAM_CHANCE_SHARE = 0.2;
/** Years before a past position began in which they may have trained there (residency, fellowship). */
export const PAST_START_SLACK_YEARS = 1;
/**
 * A co-author counts when they are a recurring collaborator: on two accepted items or more, and on
 * this share of them. One name seen once among a prolific person's hundreds of co-authors may be
 * a coincidence, all the more for common names ("Wang Y").
 */
export const COAUTHOR_SHARE = 0.05;
/** A close collaborator: on this share of the anchored items, and this many at least (coauthorClose). */
export const CLOSE_COAUTHOR_SHARE = 0.2;
export const CLOSE_COAUTHOR_ITEMS = 5;
/** A recurring co-author on this many distinct anchored items weighs more (coauthorRecurring). */
export const RECURRING_COAUTHOR_ITEMS = 3;
/** A co-author on this many distinct anchored items, and on none of the namesakes', is long-standing (coauthorLongstanding). */
export const LONGSTANDING_COAUTHOR_ITEMS = 10;
/** An investigator's grant on this many of their anchored items anchors (grant_on_accepted). */
export const RECURRING_GRANT_ITEMS = 3;
/** Years before the earliest known position, and before hire, beyond which work is unlikely theirs. */
export const CAREER_SLACK_YEARS = 3;
export const HIRE_SLACK_YEARS = 10;
/** A journal counts when at least this share of the accepted items (and three of them) appeared in it. */
export const JOURNAL_SHARE = 0.25;
/** A subject term counts when at least this share of the accepted items (and two of them) carry it. */
export const TOPIC_SHARE = 0.25;
