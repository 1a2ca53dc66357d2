/**
 * When and how long to wait before sending a request again.
 * Graph's throttling guidance: on 429 wait for Retry-After; 503 and 504 may carry it too, otherwise
 * back off exponentially.
 */
export interface RetryOptions {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Upper bound for all waits of one request together, in seconds. */
	maxWaitSeconds: number;
}

/**
 * 300 s of waiting in all: Graph's identity write quota is counted per 150 s (3,000 writes per app
 * and tenant, throttling-limits docs), so its Retry-After can approach 150 s; a smaller budget would
 * fail items that one wait would have saved.
 */
export const DEFAULT_RETRY: RetryOptions = { maxRetries: 5, maxWaitSeconds: 300 };

const BACKOFF_BASE_SECONDS = 1;
const BACKOFF_CAP_SECONDS = 30;

/** Connection errors after which the server cannot have processed the request. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Connection errors where the request may or may not have reached Graph. */
const MAYBE_SENT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/**
 * Whether a failure may be retried. A throttled (429) or unavailable (503) answer means Graph did not
 * process the request, so any method may be sent again. A gateway timeout (504) or a reset connection
 * leaves it unknown whether the request took effect, so only idempotent requests are repeated.
 */
export function isRetryable(failure: { status?: number; networkCode?: string }, idempotent: boolean): boolean {
	if (failure.status === 429 || failure.status === 503) return true;
	if (failure.status === 504) return idempotent;
	if (failure.status === undefined && failure.networkCode) {
		if (NOT_SENT_CODES.has(failure.networkCode)) return true;
		if (MAYBE_SENT_CODES.has(failure.networkCode)) return idempotent;
	}
	return false;
}

/** Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, (date - now) / 1000);
}

/** Capped exponential backoff with jitter (half fixed, half random) for the given retry number. */
export function backoffSeconds(retry: number, random = Math.random): number {
	const ceiling = Math.min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** retry);
	return ceiling / 2 + (ceiling / 2) * random();
}

/** Reads and bounds the user's Retry option values. */
export function resolveRetryOptions(options: Partial<RetryOptions> | undefined): RetryOptions {
	const maxRetries = Number(options?.maxRetries ?? DEFAULT_RETRY.maxRetries);
	const maxWaitSeconds = Number(options?.maxWaitSeconds ?? DEFAULT_RETRY.maxWaitSeconds);
	return {
		maxRetries: Number.isFinite(maxRetries) ? Math.min(Math.max(0, Math.floor(maxRetries)), 20) : DEFAULT_RETRY.maxRetries,
		maxWaitSeconds: Number.isFinite(maxWaitSeconds) ? Math.min(Math.max(0, maxWaitSeconds), 3600) : DEFAULT_RETRY.maxWaitSeconds,
	};
}

/** Tracks the waits of one logical request against the bounds. */
export class RetryBudget {
	private retries = 0;
	private waited = 0;

	constructor(private readonly options: RetryOptions) {}

	/** The seconds to wait before the next attempt, or undefined when the budget is spent. */
	nextWait(retryAfterSeconds: number | undefined): number | undefined {
		if (this.retries >= this.options.maxRetries) return undefined;
		const wait = retryAfterSeconds ?? backoffSeconds(this.retries);
		if (this.waited + wait > this.options.maxWaitSeconds) return undefined;
		this.retries += 1;
		this.waited += wait;
		return wait;
	}

	get attempts(): number {
		return this.retries + 1;
	}
}
