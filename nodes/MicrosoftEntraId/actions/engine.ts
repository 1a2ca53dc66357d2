import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient } from '../transport';
import { ensureNodeError, graphBatch } from '../transport';

/*
 * The write engine: the one place that decides whether requests travel together through `$batch`
 * or one by one. Every write (and the look-ups that go with writes) is sent through sendRequests;
 * it only calls down into the transport.
 */

/** How a list of requests is sent. */
export interface SendPolicy {
	/** "Bulk Requests" on: more than one request travels through `$batch` (20 per call). */
	bulk: boolean;
	/**
	 * One by one: sees each failed result before the next request is sent, and may throw to end the
	 * run (writes pass the fail-fast helper, failFast in execution.ts; look-ups leave it out). Bulk:
	 * not called; every request is sent and the caller reports each item's result.
	 */
	onFailure?: (result: BatchResult, request: BatchRequest) => void;
}

/**
 * Sends requests through `$batch` (bulk on, more than one request) or one by one. Results stay in
 * request order, a failure in `result.error`; nothing is still being sent when this returns or throws.
 */
export async function sendRequests(graph: GraphClient, requests: BatchRequest[], policy: SendPolicy): Promise<BatchResult[]> {
	if (policy.bulk && requests.length > 1) {
		return await graphBatch(graph, requests);
	}
	const results: BatchResult[] = [];
	for (const request of requests) {
		const result = await sendOne(graph, request);
		if (result.error) policy.onFailure?.(result, request);
		results.push(result);
	}
	return results;
}

/** One request, its Graph failure kept in the result instead of thrown. */
export async function sendOne(graph: GraphClient, request: BatchRequest): Promise<BatchResult> {
	try {
		const response = await graph.send<IDataObject | undefined>({ ...request });
		return { status: response.status, headers: response.headers, body: response.body };
	} catch (error) {
		if (!(error instanceof NodeApiError)) throw ensureNodeError(graph.node, error);
		const status = Number(error.httpCode ?? 0);
		return { status: Number.isFinite(status) ? status : 0, headers: {}, body: undefined, error };
	}
}
