import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { GraphClient, QueryValue } from './client';
import type { RequestSubject } from './errors';
import { graphApiError, normalizeHeaders, parseGraphError } from './errors';
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

/**
 * Runs one chunk of up to 20 requests. Answers are matched by id (Graph may answer in any order).
 * Sub-requests that were throttled (each is throttled on its own, inside a 200 envelope) are sent
 * again in a smaller batch after the longest Retry-After among them.
 */
async function runChunk(client: GraphClient, chunk: BatchRequest[]): Promise<BatchResult[]> {
	const results: Array<BatchResult | undefined> = new Array(chunk.length);
	const budget = new RetryBudget(client.retry);
	let pending = chunk.map((_, index) => index);
	while (pending.length) {
		const envelope = await client.request<{ responses?: BatchResponseEntry[] }>({
			method: 'POST',
			path: '/$batch',
			body: { requests: pending.map((index) => toBatchEntry(String(index + 1), chunk[index])) },
			idempotent: pending.every((index) => isIdempotent(chunk[index])),
		});
		const byId = new Map((envelope.responses ?? []).map((entry) => [String(entry.id), entry]));
		const retry: number[] = [];
		let longestWait: number | undefined;
		for (const index of pending) {
			const entry = byId.get(String(index + 1));
			const status = entry?.status ?? 500;
			const headers = normalizeHeaders(entry?.headers);
			if (isRetryable({ status }, isIdempotent(chunk[index]))) {
				retry.push(index);
				const after = parseRetryAfter(headers['retry-after']);
				if (after !== undefined) longestWait = Math.max(longestWait ?? 0, after);
			}
			results[index] = toResult(client, chunk[index], status, headers, entry?.body);
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
): BatchResult {
	if (status >= 200 && status < 300) return { status, headers, body };
	const info = parseGraphError(status, body, headers);
	const error = graphApiError(client.node, info, { subject: request.subject, itemIndex: request.itemIndex });
	return { status, headers, body, error };
}

/**
 * Sends many independent requests through `POST /$batch`, 20 per call and a few calls at a time.
 * The results come back in the order of `requests`, one per request, each with its own status.
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
	const worker = async () => {
		while (nextChunk < chunks.length) {
			const index = nextChunk++;
			results[index] = await runChunk(client, chunks[index]);
		}
	};
	const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, chunks.length));
	await Promise.all(Array.from({ length: concurrency }, worker));
	return results.flat();
}
