import { setTimeout as sleep } from "node:timers/promises";
import axios, { isAxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from "axios";
import { apiRequests, sourceOfEndpoint } from "../metrics/process-metrics.ts";
import type { RateLimiter, RequestSlot } from "../ratelimit/redis-rate-limiter.ts";
import { transportReportingSend } from "./send-transport.ts";

/** What a request was, in words safe to show anywhere: never credentials or contact details. */
export interface RequestDescription {
  method: string;
  /** e.g. "PubMed esearch.fcgi": which service and endpoint. */
  endpoint: string;
  /** The parameters that tell one request from another (query, page, ids). */
  params?: Record<string, string | number | undefined>;
}

export function describeRequest(request: RequestDescription): string {
  const params = Object.entries(request.params ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${typeof value === "string" ? JSON.stringify(value) : value}`);
  return [request.method, request.endpoint, ...params].join(" ");
}

/** How a request failed: no answer in time, no answer at all, a bad status, or a 2xx body that is wrong. */
export type FailureKind = "timeout" | "network" | "status" | "body";

export interface HttpRequestErrorDetails {
  request: RequestDescription;
  kind: FailureKind;
  attempts: number;
  /** True when trying again later may succeed (timeouts, network errors, 429, 5xx). */
  transient: boolean;
  status?: number;
  /** Network error code (ECONNRESET, ...) when no response came. */
  code?: string;
  /** How long the server asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
}

/**
 * A request that failed for good (after its retries, or at once when retrying cannot help).
 * `transient` tells a job runner whether to retry the job later or to give up on it.
 */
export class HttpRequestError extends Error {
  override name = "HttpRequestError";
  readonly request: string;
  readonly kind: FailureKind;
  readonly attempts: number;
  readonly transient: boolean;
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;

  constructor(problem: string, details: HttpRequestErrorDetails) {
    const request = describeRequest(details.request);
    const tries = details.attempts === 1 ? "1 attempt" : `${details.attempts} attempts`;
    super(`${request} failed: ${problem} (${tries})`);
    this.request = request;
    this.kind = details.kind;
    this.attempts = details.attempts;
    this.transient = details.transient;
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** A 2xx response whose body is not what was asked for; `transient` says whether to ask again. */
export interface ResponseProblem {
  transient: boolean;
  message: string;
}

export interface RetryEvent {
  request: RequestDescription;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface RetryOptions {
  http: AxiosInstance;
  rateLimiter: RateLimiter;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff before retry n is a random delay in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Each attempt, from sending to the last byte of the body. */
  timeoutMs: number;
  /** A Retry-After longer than this ends the retries at once, so the caller can pause instead. */
  maxRetryAfterMs?: number;
  /** Values (an API key, an e-mail address) scrubbed from any text that reaches an error message. */
  secrets?: Array<string | undefined>;
  /** Judges a 2xx response; a problem it returns is retried (transient) or thrown (permanent). */
  checkResponse?: (response: AxiosResponse<unknown>) => ResponseProblem | undefined;
  onRetry?: (event: RetryEvent) => void;
}

/** What every API client takes to build its retry policy. */
export interface ApiClientOptions {
  timeoutMs: number;
  rateLimiter: RateLimiter;
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  retryBaseMs?: number;
  maxRetryAfterMs?: number;
  /** An axios instance of the caller's (tests, proxies); a new one by default. */
  http?: AxiosInstance;
  onRetry?: (event: RetryEvent) => void;
}

/** The retry policy of an API client, from its options and the API's own base delay. */
export function retryPolicy(
  options: ApiClientOptions,
  defaultBaseDelayMs: number,
  secrets?: Array<string | undefined>,
): RetryOptions {
  return {
    http: options.http ?? axios.create(),
    rateLimiter: options.rateLimiter,
    maxAttempts: options.maxAttempts ?? 5,
    baseDelayMs: options.retryBaseMs ?? defaultBaseDelayMs,
    timeoutMs: options.timeoutMs,
    ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}),
    ...(secrets ? { secrets } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  };
}

const DEFAULT_MAX_DELAY_MS = 30_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

interface FailedAttempt {
  kind: FailureKind;
  problem: string;
  transient: boolean;
  status?: number;
  code?: string;
  retryAfterMs?: number;
}

/** Every attempt counts once, by the service asked and the status it answered (or how it failed). */
function countAttempt(
  request: RequestDescription,
  outcome: { ok: true; response: AxiosResponse } | { ok: false; failure: FailedAttempt },
): void {
  const status = outcome.ok
    ? String(outcome.response.status)
    : outcome.failure.status !== undefined
      ? String(outcome.failure.status)
      : outcome.failure.kind;
  apiRequests.inc({ source: sourceOfEndpoint(request.endpoint), status });
}

/**
 * Sends a request, waiting on the rate limiter before every attempt, and retries what may succeed
 * later: network errors, timeouts, 429 and 503 (after Retry-After when given) and 5xx. Any other status
 * fails at once. Resolves with the first good response; otherwise throws HttpRequestError.
 */
export async function requestWithRetry<T = unknown>(
  config: AxiosRequestConfig,
  request: RequestDescription,
  options: RetryOptions,
): Promise<AxiosResponse<T>> {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer (got ${options.maxAttempts})`);
  }
  const scrub = scrubber(options.secrets ?? []);
  for (let attempt = 1; ; attempt += 1) {
    const slot = await options.rateLimiter.acquire();
    const outcome = await attemptOnce(config, options, scrub, slot ?? undefined);
    countAttempt(request, outcome);
    if (outcome.ok) return outcome.response as AxiosResponse<T>;

    const { problem: rawProblem, ...failure } = outcome.failure;
    const details = { request, attempts: attempt, ...failure };
    const problem = scrub(rawProblem);
    if (!failure.transient || attempt >= options.maxAttempts) throw new HttpRequestError(problem, details);
    if (
      failure.retryAfterMs !== undefined &&
      failure.retryAfterMs > (options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS)
    ) {
      throw new HttpRequestError(`${problem}; the server asked to wait ${failure.retryAfterMs} ms`, details);
    }
    const delayMs = failure.retryAfterMs ?? backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs);
    options.onRetry?.({ request, attempt, delayMs, reason: problem });
    await sleep(delayMs);
  }
}

/** One attempt; a slot that asks to hear of the send hears of it once the request is written. */
async function attemptOnce(
  config: AxiosRequestConfig,
  options: RetryOptions,
  scrub: (text: string) => string,
  slot: RequestSlot | undefined,
): Promise<{ ok: true; response: AxiosResponse<unknown> } | { ok: false; failure: FailedAttempt }> {
  if (!slot) return attemptUnrecorded(config, options, scrub);
  let recorded: Promise<void> | undefined;
  const record = (): Promise<void> => (recorded ??= slot.sent());
  // Awaited below; this only keeps a failure from counting as unhandled before then.
  const onSent = () => void record().catch(() => undefined);
  try {
    return await attemptUnrecorded({ ...config, transport: transportReportingSend(onSent) }, options, scrub);
  } finally {
    // A request that failed before 'finish' may still have been partly written: recorded as sent too.
    await record();
  }
}

async function attemptUnrecorded(
  config: AxiosRequestConfig,
  options: RetryOptions,
  scrub: (text: string) => string,
): Promise<{ ok: true; response: AxiosResponse<unknown> } | { ok: false; failure: FailedAttempt }> {
  // axios's own `timeout` only watches for an idle socket; the signal bounds the whole exchange.
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: AxiosResponse<unknown>;
  try {
    response = await options.http.request({
      ...config,
      timeout: options.timeoutMs,
      signal,
      validateStatus: () => true,
    });
  } catch (error) {
    if (!isAxiosError(error)) throw error;
    if (signal.aborted || error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") {
      return {
        ok: false,
        failure: {
          kind: "timeout",
          problem: `timed out after ${options.timeoutMs} ms`,
          transient: true,
          code: "ETIMEDOUT",
        },
      };
    }
    const problem = `network error ${error.code ?? ""} ${error.message}`.replace(/\s+/g, " ");
    return { ok: false, failure: { kind: "network", problem, transient: true, code: error.code } };
  }

  const { status } = response;
  if (status >= 200 && status < 300) {
    if (!options.checkResponse?.(response)) return { ok: true, response };
    // Judged again on a scrubbed copy, so that a message quoting the body cannot quote a secret.
    const scrubbed =
      typeof response.data === "string" ? { ...response, data: scrub(response.data) } : response;
    const problem = options.checkResponse(scrubbed) ?? { transient: false, message: "unexpected response" };
    return {
      ok: false,
      failure: { kind: "body", problem: problem.message, transient: problem.transient, status },
    };
  }
  const problem = `HTTP ${status}${bodySnippet(scrub, response.data)}`;
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(response.headers["retry-after"]) : undefined;
  // 408 is the server saying the request timed out, which is as retry-worthy as our own timeout.
  const transient = status === 429 || status === 408 || status >= 500;
  return { ok: false, failure: { kind: "status", problem, transient, status, retryAfterMs } };
}

function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs = DEFAULT_MAX_DELAY_MS): number {
  // Full jitter: clients that failed together do not all come back together.
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(Math.random() * ceiling);
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The start of an error body as one line of text, so a message can say what the server said. */
function bodySnippet(scrub: (text: string) => string, data: unknown): string {
  // Scrubbed before it is cut short, so that no part of a secret survives the cut.
  const text = scrub(
    typeof data === "string" ? data : data === undefined || data === null ? "" : JSON.stringify(data),
  );
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  if (plain === "") return "";
  return `: ${plain.length > 200 ? `${plain.slice(0, 200)}…` : plain}`;
}

function scrubber(secrets: Array<string | undefined>): (text: string) => string {
  const forms = secrets
    .filter((secret): secret is string => secret !== undefined && secret !== "")
    .flatMap((secret) => [secret, encodeURIComponent(secret)]);
  return (text) => forms.reduce((result, form) => result.split(form).join("[redacted]"), text);
}
