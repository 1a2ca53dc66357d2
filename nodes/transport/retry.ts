/**
 * When and how long to wait before sending a request again.
 * Graph's throttling guidance: on 429 wait for Retry-After; 503 and 504 may carry it too, otherwise
 * back off exponentially.
 */
export interface RetryOptions {
	/** Retries after the first attempt. */
	maxRetries: number;
	/**
	 * Time budget of one request, in seconds: a retry (its wait included) only starts while the time
	 * since the first attempt, waits and attempts together, stays within it. With the per-attempt
	 * timeout, one request takes at most maxWaitSeconds + the timeout.
	 */
	maxWaitSeconds: number;
	/** How long one attempt may wait for Graph's answer, in seconds. */
	timeoutSeconds: number;
}

/**
 * 300 s of waiting in all: Graph's identity write quota is counted per 150 s (3,000 writes per app
 * and tenant, throttling-limits docs), so its Retry-After can approach 150 s; a smaller budget would
 * fail items that one wait would have saved.
 */
export const DEFAULT_RETRY: RetryOptions = {
	maxRetries: 5,
	maxWaitSeconds: 300,
	timeoutSeconds: 100,
};

const BACKOFF_BASE_SECONDS = 1;
const BACKOFF_CAP_SECONDS = 30;

/** Connection errors after which the server cannot have processed the request. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Connection errors where the request may or may not have reached Graph. */
const MAYBE_SENT_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * Whether a failure may be retried. A throttled (429) or unavailable (503) answer means Graph did not
 * process the request, so any method may be sent again. A gateway timeout (504) or a reset connection
 * leaves it unknown whether the request took effect, so only idempotent requests are repeated.
 */
export function isRetryable(
	failure: { status?: number; networkCode?: string },
	idempotent: boolean,
): boolean {
	if (failure.status === 429 || failure.status === 503) return true;
	if (failure.status === 504) return idempotent;
	if (failure.status === undefined && failure.networkCode) {
		if (NOT_SENT_CODES.has(failure.networkCode)) return true;
		if (MAYBE_SENT_CODES.has(failure.networkCode)) return idempotent;
	}
	return false;
}

/** The three date forms RFC 9110 (section 5.6.7) accepts in an HTTP date; the first is the preferred one. */
const HTTP_DATE = [
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
	/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * Retry-After as seconds (RFC 9110 section 10.2.3): delta-seconds (a non-negative integer) or an
 * HTTP date. Anything else (`-5`, `5, 10`, `1.5`, free text) is no valid value: undefined, and the
 * caller backs off as if there were none.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed);
	if (!HTTP_DATE.some((form) => form.test(trimmed))) return undefined;
	const date = Date.parse(trimmed.includes('-') ? trimmed.replace(/-/g, ' ') : trimmed);
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
	const timeoutSeconds = Number(options?.timeoutSeconds ?? DEFAULT_RETRY.timeoutSeconds);
	return {
		maxRetries: Number.isFinite(maxRetries)
			? Math.min(Math.max(0, Math.floor(maxRetries)), 20)
			: DEFAULT_RETRY.maxRetries,
		maxWaitSeconds: Number.isFinite(maxWaitSeconds)
			? Math.min(Math.max(0, maxWaitSeconds), 3600)
			: DEFAULT_RETRY.maxWaitSeconds,
		timeoutSeconds:
			Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
				? Math.min(timeoutSeconds, 600)
				: DEFAULT_RETRY.timeoutSeconds,
	};
}

/**
 * Tracks one logical request (its attempts and the waits between them) against the bounds: the
 * number of retries, and the time budget, which counts the time the attempts took as well as the
 * waits, so that hanging attempts cannot stretch a request beyond it.
 */
export class RetryBudget {
	private retries = 0;
	private waited = 0;
	private readonly started: number;

	constructor(
		private readonly options: Pick<RetryOptions, 'maxRetries' | 'maxWaitSeconds'>,
		private readonly now: () => number = Date.now,
	) {
		this.started = now();
	}

	/** The seconds to wait before the next attempt, or undefined when the budget is spent. */
	nextWait(retryAfterSeconds: number | undefined): number | undefined {
		if (this.retries >= this.options.maxRetries) return undefined;
		const wait = retryAfterSeconds ?? backoffSeconds(this.retries);
		if (this.spentSeconds + wait > this.options.maxWaitSeconds) return undefined;
		this.retries += 1;
		this.waited += wait;
		return wait;
	}

	/** Seconds spent since the first attempt started (the waits granted so far at least). */
	get spentSeconds(): number {
		return Math.max((this.now() - this.started) / 1000, this.waited);
	}

	/** Retries granted so far. */
	get retried(): number {
		return this.retries;
	}

	get attempts(): number {
		return this.retries + 1;
	}
}
