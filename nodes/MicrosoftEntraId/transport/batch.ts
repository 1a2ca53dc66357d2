import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { GraphClient, QueryValue } from './client';
import type { RequestSubject, RetryReport } from './errors';
import { ensureNodeError, normalizeHeaders } from './errors';
import { buildQuery } from './odata';
import { RetryBudget, isRetryable, parseRetryAfter } from './retry';

/** Graph's JSON batching accepts at most 20 requests per call (docs: "Combine multiple requests"). */
export const BATCH_LIMIT = 20;
const DEFAULT_CONCURRENCY = 3;

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
	if ((typeof entry.id !== 'string' && typeof entry.id !== 'number') || typeof entry.status !== 'number') return undefined;
	const body = entry.body !== null && typeof entry.body === 'object' && !Array.isArray(entry.body) ? (entry.body as IDataObject) : undefined;
	return { id: String(entry.id), status: entry.status, headers: entry.headers as Record<string, string> | undefined, body };
}

/** An error for a request whose `$batch` call gave it no usable answer. */
function batchError(client: GraphClient, request: BatchRequest, code: string, message: string, description: string, cause?: NodeApiError): NodeApiError {
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
function chunkFailed(client: GraphClient, chunk: BatchRequest[], pending: number[], results: Array<BatchResult | undefined>, failure: NodeApiError): void {
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
		results[index] = { status: Number(failure.httpCode ?? 0) || 0, headers: {}, body: undefined, error };
	}
}

/**
 * Runs one chunk of up to 20 requests. Answers are matched by id (Graph may answer in any order).
 * Sub-requests that were throttled (each is throttled on its own, inside a 200 envelope) are sent
 * again in a smaller batch after the longest Retry-After among them. Never throws for a Graph
 * failure: a failed `$batch` call or a malformed answer becomes each request's own error.
 */
async function runChunk(client: GraphClient, chunk: BatchRequest[]): Promise<BatchResult[]> {
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
			const malformed = new NodeApiError(client.node, { code: 'InvalidBatchResponse' } as JsonObject, {
				message: 'Microsoft Graph answered the $batch request without a list of responses',
				description: 'The answer\'s "responses" is missing or not an array, so no request of this $batch call can be told apart as done or not done.',
			});
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
						'Microsoft Graph\'s $batch answer held no usable response for this request, so whether it was carried out is unknown (not retried)',
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
			results[index] = toResult(client, chunk[index], status, headers, entry.body, { retryable: isRetryable({ status }, isIdempotent(chunk[index])), retries: budget.retried });
		}
		if (!retry.length) break;
		const wait = budget.nextWait(longestWait);
		if (wait === undefined) break;
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
 * Sends many independent requests through `POST /$batch`, 20 per call and a few calls at a time.
 * The results come back in the order of `requests`, one per request, each with its own status or
 * error: a `$batch` call that fails as a whole, or answers something malformed, fails its own
 * requests only. Every call in flight has ended when this returns (or throws), so nothing is sent
 * after the node has finished; an unexpected exception stops the other workers from starting new
 * calls and is thrown once they are done.
 */
export async function graphBatch(
	client: GraphClient,
	requests: BatchRequest[],
	options: { concurrency?: number } = {},
): Promise<BatchResult[]> {
	const chunks: BatchRequest[][] = [];
	for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
		chunks.push(requests.slice(start, start + BATCH_LIMIT));
	}
	const results: BatchResult[][] = new Array(chunks.length);
	let nextChunk = 0;
	let crash: { error: unknown } | undefined;
	const worker = async () => {
		while (!crash && nextChunk < chunks.length) {
			const index = nextChunk++;
			try {
				results[index] = await runChunk(client, chunks[index]);
			} catch (error) {
				crash ??= { error };
			}
		}
	};
	const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, chunks.length));
	await Promise.all(Array.from({ length: concurrency }, worker));
	if (crash) throw crash.error;
	return results.flat();
}
