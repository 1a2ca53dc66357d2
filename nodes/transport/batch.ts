import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { GraphClient, QueryValue } from './client';
import type { RequestSubject, RetryReport } from './errors';
import { ensureNodeError, normalizeHeaders } from './errors';
import { buildQuery } from './odata';
import { RetryBudget, isRetryable, parseRetryAfter } from './retry';

/** Graph's JSON batching accepts at most 20 requests per call (docs: "Combine multiple requests"). */
export const BATCH_LIMIT = 20;
/** `$batch` calls of one graphBatch in flight at once, while Graph throttles none of them (see Pace). */
const MAX_IN_FLIGHT = 10;
/** ... and once Graph has throttled one of them. */
const THROTTLED_IN_FLIGHT = 3;
/**
 * Graph's identity write quota per app and tenant: 3,000 writes in 2 minutes 30 seconds
 * (throttling-limits docs, "Identity and access service limits"; POST, PATCH, PUT, DELETE cost 1 write).
 */
const WRITE_QUOTA = 3000;
const WRITE_WINDOW_MS = 150_000;

function isWrite(request: BatchRequest): boolean {
	return request.method !== 'GET';
}

/**
 * How many `$batch` calls run at once. Graph's identity limits are budgets (resource units per 10 s,
 * writes per 150 s), not a number of requests in flight, so up to MAX_IN_FLIGHT calls run together
 * until a budget runs out. Then few requests should be spent on 429s: after a throttled answer no new
 * call starts before its Retry-After has passed, and then at most THROTTLED_IN_FLIGHT at a time (the
 * throttling guidance: reduce the frequency of calls). Calls that would take the writes sent within
 * one quota window beyond the write quota go one at a time, so that when the quota runs out only one
 * call's sub-requests come back 429, not those of every call in flight.
 */
class Pace {
	private throttled = false;
	private resumeAt = 0;
	private writesInFlight = 0;
	private readonly sent: Array<{ at: number; writes: number }> = [];

	/** Calls that may be in flight when a call with `writes` writes is to start. */
	slots(writes: number, now = Date.now()): number {
		while (this.sent.length && this.sent[0].at <= now - WRITE_WINDOW_MS) this.sent.shift();
		const sentWrites = this.sent.reduce((sum, entry) => sum + entry.writes, 0);
		if (sentWrites + this.writesInFlight + writes > WRITE_QUOTA) return 1;
		return this.throttled ? THROTTLED_IN_FLIGHT : MAX_IN_FLIGHT;
	}

	/** Milliseconds until a throttled answer's Retry-After has passed. */
	waitMs(now = Date.now()): number {
		return Math.max(0, this.resumeAt - now);
	}

	start(writes: number): void {
		this.writesInFlight += writes;
		if (writes) this.sent.push({ at: Date.now(), writes });
	}

	end(writes: number): void {
		this.writesInFlight -= writes;
	}

	/** A call's sub-requests were throttled (or unavailable): it waits `seconds` before sending them again. */
	backOff(seconds: number): void {
		this.throttled = true;
		this.resumeAt = Math.max(this.resumeAt, Date.now() + seconds * 1000);
	}
}

export interface BatchRequest {
	method: IHttpRequestMethods;
	/** Path below /v1.0, as for GraphClient requests. */
	path: string;
	qs?: Record<string, QueryValue>;
	body?: IDataObject;
	headers?: Record<string, string>;
	idempotent?: boolean;
	itemIndex?: number;
	subject?: RequestSubject;
}

export interface BatchResult {
	status: number;
	headers: Record<string, string>;
	body: IDataObject | undefined;
	/** Set when the sub-request failed for good (after retries for throttling). */
	error?: NodeApiError;
}

interface BatchResponseEntry {
	id: string;
	status: number;
	headers?: Record<string, string>;
	body?: IDataObject;
}

function subRequestUrl(request: BatchRequest): string {
	const query = request.qs ? buildQuery(request.qs) : '';
	return `${request.path}${query ? `?${query}` : ''}`;
}

function toBatchEntry(id: string, request: BatchRequest): IDataObject {
	const entry: IDataObject = { id, method: request.method, url: subRequestUrl(request) };
	const headers: Record<string, string> = { ...(request.headers ?? {}) };
	if (request.body !== undefined) {
		entry.body = request.body;
		headers['Content-Type'] = 'application/json';
	}
	if (Object.keys(headers).length) entry.headers = headers;
	return entry;
}

function isIdempotent(request: BatchRequest): boolean {
	return request.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(request.method);
}

/** Reads one entry of a `$batch` answer; undefined when it is not the shape Graph documents. */
function readEntry(raw: unknown): BatchResponseEntry | undefined {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const entry = raw as Record<string, unknown>;
	if (
		(typeof entry.id !== 'string' && typeof entry.id !== 'number') ||
		typeof entry.status !== 'number'
	)
		return undefined;
	const body =
		entry.body !== null && typeof entry.body === 'object' && !Array.isArray(entry.body)
			? (entry.body as IDataObject)
			: undefined;
	return {
		id: String(entry.id),
		status: entry.status,
		headers: entry.headers as Record<string, string> | undefined,
		body,
	};
}

/** An error for a request whose `$batch` call gave it no usable answer. */
function batchError(
	client: GraphClient,
	request: BatchRequest,
	code: string,
	message: string,
	description: string,
	cause?: NodeApiError,
): NodeApiError {
	const status = cause ? Number(cause.httpCode ?? 0) || 0 : 0;
	const error = new NodeApiError(client.node, { code } as JsonObject, {
		message,
		description: client.redact(description),
		httpCode: cause?.httpCode ?? undefined,
		itemIndex: request.itemIndex,
	});
	const graph = cause?.context?.graph as IDataObject | undefined;
	error.context.graph = graph ? { ...graph } : { status, code, message };
	return error;
}

/** Every request of a chunk gets the failure of the `$batch` call that carried it. */
function chunkFailed(
	client: GraphClient,
	chunk: BatchRequest[],
	pending: number[],
	results: Array<BatchResult | undefined>,
	failure: NodeApiError,
): void {
	for (const index of pending) {
		const request = chunk[index];
		const error = batchError(
			client,
			request,
			'BatchRequestFailed',
			`The $batch request that carried this ${request.subject?.kind.toLowerCase() ?? 'request'} failed: ${failure.message}`,
			`${failure.description ?? ''}${failure.description ? ' | ' : ''}The request may not have been carried out; nothing was retried beyond the transport's own retries.`,
			failure,
		);
		results[index] = {
			status: Number(failure.httpCode ?? 0) || 0,
			headers: {},
			body: undefined,
			error,
		};
	}
}

/**
 * Runs one chunk of up to 20 requests. Answers are matched by id (Graph may answer in any order).
 * Sub-requests that were throttled (each is throttled on its own, inside a 200 envelope) are sent
 * again in a smaller batch after the longest Retry-After among them. Never throws for a Graph
 * failure: a failed `$batch` call or a malformed answer becomes each request's own error.
 */
async function runChunk(
	client: GraphClient,
	chunk: BatchRequest[],
	pace?: Pace,
): Promise<BatchResult[]> {
	const results: Array<BatchResult | undefined> = new Array(chunk.length);
	const budget = new RetryBudget(client.retry);
	let pending = chunk.map((_, index) => index);
	while (pending.length) {
		let envelope: { responses?: unknown } | undefined;
		try {
			envelope = await client.request<{ responses?: unknown }>({
				method: 'POST',
				path: '/$batch',
				body: { requests: pending.map((index) => toBatchEntry(String(index + 1), chunk[index])) },
				idempotent: pending.every((index) => isIdempotent(chunk[index])),
			});
		} catch (error) {
			if (!(error instanceof NodeApiError)) throw ensureNodeError(client.node, error);
			chunkFailed(client, chunk, pending, results, error);
			break;
		}
		if (!Array.isArray(envelope?.responses)) {
			const malformed = new NodeApiError(
				client.node,
				{ code: 'InvalidBatchResponse' } as JsonObject,
				{
					message: 'Microsoft Graph answered the $batch request without a list of responses',
					description:
						'The answer\'s "responses" is missing or not an array, so no request of this $batch call can be told apart as done or not done.',
				},
			);
			chunkFailed(client, chunk, pending, results, malformed);
			break;
		}
		const byId = new Map<string, BatchResponseEntry>();
		for (const raw of envelope.responses) {
			const entry = readEntry(raw);
			if (entry && !byId.has(entry.id)) byId.set(entry.id, entry);
		}
		const retry: number[] = [];
		let longestWait: number | undefined;
		for (const index of pending) {
			const entry = byId.get(String(index + 1));
			if (!entry) {
				results[index] = {
					status: 0,
					headers: {},
					body: undefined,
					error: batchError(
						client,
						chunk[index],
						'BatchResponseMissing',
						"Microsoft Graph's $batch answer held no usable response for this request, so whether it was carried out is unknown (not retried)",
						`Expected a response with id "${index + 1}", a numeric status and an object body; the answer held ${(envelope.responses as unknown[]).length} entries.`,
					),
				};
				continue;
			}
			const { status } = entry;
			const headers = normalizeHeaders(entry.headers);
			if (isRetryable({ status }, isIdempotent(chunk[index]))) {
				retry.push(index);
				const after = parseRetryAfter(headers['retry-after']);
				if (after !== undefined) longestWait = Math.max(longestWait ?? 0, after);
			}
			results[index] = toResult(client, chunk[index], status, headers, entry.body, {
				retryable: isRetryable({ status }, isIdempotent(chunk[index])),
				retries: budget.retried,
			});
		}
		if (!retry.length) break;
		const wait = budget.nextWait(longestWait);
		if (wait === undefined) break;
		pace?.backOff(wait);
		await sleep(wait * 1000);
		pending = retry;
	}
	return results as BatchResult[];
}

function toResult(
	client: GraphClient,
	request: BatchRequest,
	status: number,
	headers: Record<string, string>,
	body: IDataObject | undefined,
	retry: RetryReport,
): BatchResult {
	if (status >= 200 && status < 300) return { status, headers, body };
	const error = client.graphError(status, body, headers, request, retry);
	return { status, headers, body, error };
}

/**
 * Sends many independent requests through `POST /$batch`, 20 per call and several calls at a time
 * (see Pace). The results come back in the order of `requests`, one per request, each with its own
 * status or error: a `$batch` call that fails as a whole, or answers something malformed, fails its
 * own requests only. Every call in flight has ended when this returns (or throws), so nothing is sent
 * after the node has finished; an unexpected exception stops new calls from starting and is thrown
 * once the others are done.
 */
export async function graphBatch(
	client: GraphClient,
	requests: BatchRequest[],
): Promise<BatchResult[]> {
	const chunks: BatchRequest[][] = [];
	for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
		chunks.push(requests.slice(start, start + BATCH_LIMIT));
	}
	const results: BatchResult[][] = new Array(chunks.length);
	const pace = new Pace();
	const running = new Set<Promise<void>>();
	let crash: { error: unknown } | undefined;
	for (const [index, chunk] of chunks.entries()) {
		const writes = chunk.filter(isWrite).length;
		// a free slot, and no throttled answer's Retry-After still running
		for (;;) {
			while (running.size && running.size >= pace.slots(writes)) await Promise.race(running);
			const wait = pace.waitMs();
			if (!wait) break;
			await sleep(wait);
		}
		if (crash) break;
		pace.start(writes);
		const call: Promise<void> = runChunk(client, chunk, pace)
			.then(
				(chunkResults) => {
					results[index] = chunkResults;
				},
				(error: unknown) => {
					crash ??= { error };
				},
			)
			.finally(() => {
				pace.end(writes);
				running.delete(call);
			});
		running.add(call);
	}
	await Promise.all(running);
	if (crash) throw crash.error;
	return results.flat();
}
