import { z } from "zod";
import { ConfigError } from "../errors.ts";

/** What the PubMed search asks for (src/sources/pubmed/query.ts explains each). */
export const QUERY_SCOPES = ["affiliation", "broad"] as const;
export type QueryScope = (typeof QUERY_SCOPES)[number];
export const DEFAULT_QUERY_SCOPE: QueryScope = "broad";

/** Every environment variable ScholarTrack reads, validated once. Nothing else reads process.env. */
const envSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .url("must be a postgresql:// URL")
      .default("postgresql://postgres@127.0.0.1:5432/scholartrack"),
    REDIS_URL: z.string().url("must be a redis:// URL").default("redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only")
      .default("scholartrack"),
    PUBMED_EUTILS_URL: z
      .string()
      .url()
      .default("https://eutils.ncbi.nlm.nih.gov/entrez/eutils")
      .transform((url) => url.replace(/\/+$/, "")),
    NCBI_API_KEY: z.string().min(1).optional(),
    NCBI_EMAIL: z.string().email("must be an e-mail address NCBI can reach").optional(),
    NCBI_TOOL: z.string().regex(/^\S+$/, "no spaces").default("scholartrack"),
    ORCID_API_URL: z
      .string()
      .url()
      .default("https://pub.orcid.org/v3.0")
      .transform((url) => url.replace(/\/+$/, "")),
    REPORTER_API_URL: z
      .string()
      .url()
      .default("https://api.reporter.nih.gov/v2")
      .transform((url) => url.replace(/\/+$/, "")),
    /**
     * What the PubMed search asks for: broad (full names alone, or initials with an affiliation term;
     * scoring decides) or affiliation (every name form with an affiliation term; misses the many
     * records where MEDLINE gives no affiliation for the person).
     */
    PUBMED_QUERY_SCOPE: z.enum(QUERY_SCOPES).default(DEFAULT_QUERY_SCOPE),
    /** Links scoring at least this are accepted automatically (0-100). */
    SCORE_ACCEPT_THRESHOLD: z.coerce.number().min(0).max(100).default(75),
    /** Links scoring at most this are rejected automatically, and kept for audit (0-100). */
    SCORE_REJECT_THRESHOLD: z.coerce.number().min(0).max(100).default(25),
    /** The classification rules file (versioned JSON); the default is config/classification.json. */
    CLASSIFICATION_RULES_PATH: z.string().min(1).optional(),
    /** The promotion criteria file (versioned JSON); the default is config/benchmarks.json. */
    BENCHMARKS_PATH: z.string().min(1).optional(),
    /** Who `review accept|reject` records as the decider when --by is not given. */
    SCHOLARTRACK_USER: z.string().trim().min(1).optional(),
    /** How works and fundings on a person's own ORCID record are linked: they asserted them. */
    ORCID_LINK_STATUS: z.enum(["accepted", "pending"]).default("accepted"),
    /** Where the demo and the API sandboxes are: the checkout's sandbox/ folder unless set. */
    SCHOLARTRACK_SANDBOX_DIR: z.string().min(1).optional(),
    /** Where `scholartrack web` listens. */
    WEB_HOST: z.string().min(1).default("127.0.0.1"),
    WEB_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    /** An internal address serving /metrics without sign-in (web and worker processes); off unless METRICS_PORT is set. */
    METRICS_HOST: z.string().min(1).default("127.0.0.1"),
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /** Signs the session cookie: at least 32 random characters; `scholartrack web` refuses to start without it. */
    SESSION_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (e.g. `openssl rand -base64 48`)")
      .optional(),
    /** How long a session lasts without a request. */
    SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
    /** The address people open the web app at; an https:// address makes the session cookie Secure. */
    PUBLIC_URL: z
      .string()
      .url("must be the web app's address, e.g. https://scholartrack.example.edu")
      .refine((url) => /^https?:\/\//.test(url), "must be an http:// or https:// address")
      .optional(),
    /**
     * Set when a proxy (terminating https) stands in front of the web app: its X-Forwarded-For and
     * X-Forwarded-Proto are then believed. Never set it when the app is reachable directly.
     */
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((value) => value === "true" || value === "1"),
    /**
     * The university's OpenID Connect identity provider: sign-in through it is on only when all
     * three are set (and PUBLIC_URL, from which the redirect address is made).
     */
    OIDC_ISSUER: z
      .string()
      .url("must be the identity provider's issuer address, e.g. https://login.example.edu")
      .refine(
        (url) => url.startsWith("https://") || isLoopbackHttp(url),
        "must be an https:// address (plain http only on this machine: localhost or 127.0.0.1)",
      )
      .optional(),
    OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** Where mentor digests are mailed through: smtp://user:password@host:587 or smtps://...; `digest --send` needs it. */
    SMTP_URL: z
      .string()
      .url("must be an smtp:// or smtps:// address, e.g. smtp://user:password@mail.example.edu:587")
      .refine((url) => /^smtps?:\/\//.test(url), "must be an smtp:// or smtps:// address")
      .optional(),
    /** The From address of mentor digests, e.g. "Faculty Affairs <faculty-affairs@example.edu>". */
    MAIL_FROM: z.string().trim().min(3).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    HARVEST_CONCURRENCY: z.coerce.number().int().positive().default(4),
    /** ORCID requests one person's harvest has under way at once (bulk works, funding details). */
    ORCID_FETCH_CONCURRENCY: z.coerce.number().int().positive().max(40).default(4),
    /** People one command (reconcile, review rescore, a decision or CV import) works on at once. */
    RECONCILE_CONCURRENCY: z.coerce.number().int().positive().max(32).default(4),
    /** How long a job stays locked to a worker that stopped answering before another takes it. */
    WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
    /** How many times a harvest job is tried before it fails for good. */
    HARVEST_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    /** The wait before a failed harvest job is tried again, ms; it doubles at each attempt. */
    HARVEST_RETRY_DELAY_MS: z.coerce.number().int().min(10).default(5_000),
    /**
     * How often each worker process checks unfinished jobs against the queues (failures that never
     * reached Postgres, jobs the queue lost) and closes runs found finished.
     */
    HARVEST_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
    /** Days between complete harvests of one person; the nights between ask only for what changed. */
    HARVEST_COMPLETE_EVERY_DAYS: z.coerce.number().int().min(1).max(366).default(30),
    /** ORCID reads a day (ORCID allows 100,000): a night that would need more leaves people to the next ones. */
    ORCID_DAILY_BUDGET: z.coerce.number().int().min(1).default(90_000),
    /** Most people whose incremental PubMed searches go out as one ESearch (1: each person asks alone). */
    PUBMED_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
    /** Most people whose RePORTER searches go out in one request (and RePORTER jobs a worker runs at once). */
    REPORTER_BATCH_SIZE: z.coerce.number().int().min(1).max(200).default(50),
    /** How long a RePORTER search waits for others to join it in one request. */
    REPORTER_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(10_000).default(500),
    /** Days an incremental harvest reaches back before the last one, for records entered late. */
    HARVEST_OVERLAP_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  })
  .refine((settings) => settings.SCORE_REJECT_THRESHOLD < settings.SCORE_ACCEPT_THRESHOLD, {
    message: "must be below SCORE_ACCEPT_THRESHOLD, or no link could stay pending for review",
    path: ["SCORE_REJECT_THRESHOLD"],
  })
  .superRefine((settings, context) => {
    // Half a configuration would leave the sign-in button failing for everyone: all three or none.
    const given = OIDC_SETTINGS.filter((name) => settings[name] !== undefined);
    if (given.length > 0 && given.length < OIDC_SETTINGS.length) {
      for (const name of OIDC_SETTINGS.filter((setting) => settings[setting] === undefined)) {
        context.addIssue({
          code: "custom",
          path: [name],
          message: `required with ${given.join(" and ")}: set all of ${OIDC_SETTINGS.join(", ")} or none`,
        });
      }
    }
    if (given.length === OIDC_SETTINGS.length && settings.PUBLIC_URL === undefined) {
      context.addIssue({
        code: "custom",
        path: ["PUBLIC_URL"],
        message:
          "required with OIDC_ISSUER: the identity provider sends people back to PUBLIC_URL/auth/oidc/callback",
      });
    }
  });

const OIDC_SETTINGS = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}

/** The identity provider's settings when sign-in through it is configured, null otherwise. */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export function oidcSettings(settings: AppConfig): OidcSettings | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL } = settings;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !PUBLIC_URL) return null;
  return {
    issuer: new URL(OIDC_ISSUER),
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUri: `${PUBLIC_URL.replace(/\/+$/, "")}/auth/oidc/callback`,
  };
}

export type AppConfig = z.infer<typeof envSchema>;

const SECRET_OR_PERSONAL = new Set([
  "NCBI_API_KEY",
  "NCBI_EMAIL",
  "DATABASE_URL",
  "REDIS_URL",
  "SESSION_SECRET",
  "OIDC_CLIENT_SECRET",
  "SMTP_URL",
  "MAIL_FROM",
]);

// Defined with the other error classes, so that the CLI can recognise it without loading zod.
export { ConfigError };

/** Parses the given environment (process.env by default); throws one message listing every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join(".");
      // Secrets and e-mail addresses are not echoed back.
      const given = SECRET_OR_PERSONAL.has(name) ? "" : ` (got ${JSON.stringify(present[name])})`;
      return `  ${name}: ${issue.message}${given}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

let cached: AppConfig | undefined;

/** The process-wide configuration, parsed on first use. */
export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
