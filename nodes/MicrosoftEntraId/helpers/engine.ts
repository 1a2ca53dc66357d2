import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient } from '../../transport';
import { ensureNodeError, graphBatch } from '../../transport';

/*
 * The write engine: the one place that decides whether requests travel together through `$batch`
 * or one by one. The writes of the runner's batch mode and of the bulk operations (and the look-ups
 * that go with them) are sent through sendRequests; an operation whose write is a single follow-up
 * request of one item (remove a manager, resend an invitation, a licence change, one membership
 * change by reference or bind in helpers/groupMembers.ts) sends it with graph.request directly.
 * It only calls down into the transport.
 */

/** How a list of requests is sent. */
export interface SendPolicy {
	/** "Bulk Requests" on: more than one request travels through `$batch` (20 per call). */
	bulk: boolean;
	/**
	 * One by one: the first failure ends the run, thrown with its item's index, before the next
	 * request is sent (writes without continueOnFail; look-ups leave it off). Bulk: every request is
	 * sent and the caller reports each item's result.
	 */
	stopAtFailure?: boolean;
	/** With stopAtFailure: failures with these statuses do not stop the run (the caller looks at them afterwards). */
	exceptStatuses?: ReadonlySet<number>;
}

/**
 * Sends requests through `$batch` (bulk on, more than one request) or one by one. Results stay in
 * request order, a failure in `result.error`; nothing is still being sent when this returns or throws.
 */
export async function sendRequests(
	graph: GraphClient,
	requests: BatchRequest[],
	policy: SendPolicy,
): Promise<BatchResult[]> {
	if (policy.bulk && requests.length > 1) {
		return await graphBatch(graph, requests);
	}
	const results: BatchResult[] = [];
	for (const request of requests) {
		const result = await sendOne(graph, request);
		if (result.error && policy.stopAtFailure && !policy.exceptStatuses?.has(result.status)) {
			result.error.context.itemIndex = request.itemIndex ?? 0;
			throw result.error;
		}
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

/** Splits a list into chunks of `size`. */
export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size)
		chunks.push(list.slice(start, start + size));
	return chunks;
}
