import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient } from '../../transport';
import { sendRequests } from './engine';

/** An item's checked input, or the error its check threw. */
export type Checked<T> = { input: T } | { error: unknown };

/** What one input item produced: one JSON object, or several (they all pair with that item). */
export type ItemOutput = IDataObject | IDataObject[];

export function toItems(output: ItemOutput, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(output) ? output : [output];
	return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** The error as n8n's own error type, pointing at its item. */
function itemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/**
 * The fail-fast idiom, in one place: without continueOnFail a failure ends the node at once (the
 * error points at its item); with it, nothing happens here and the caller keeps the error for the
 * item's output.
 */
export function failFast(ctx: IExecuteFunctions, error: unknown, itemIndex: number): void {
	if (!ctx.continueOnFail()) throw itemError(ctx, error, itemIndex);
}

/**
 * An error either stops the node (failFast) or becomes the item's output. Under "On Error: Continue
 * (using error output)" the error is attached to the item (`item.error`), which is what makes n8n
 * route it to the error output (n8n-core's handleNodeErrorOutput); n8n then shows it as
 * `{ error: message }`. Under "Continue" the item stays on the regular output with the details a
 * user branches on: `{ error, description, httpCode }`.
 */
export function handleItemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): INodeExecutionData {
	failFast(ctx, error, itemIndex);
	const nodeError = itemError(ctx, error, itemIndex);
	const json: IDataObject = { error: nodeError.message };
	if (nodeError.description) json.description = nodeError.description;
	if (nodeError instanceof NodeApiError && nodeError.httpCode) json.httpCode = nodeError.httpCode;
	if (ctx.getNode().onError === 'continueErrorOutput')
		return { json, error: nodeError, pairedItem: { item: itemIndex } };
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * sendRequests for the requests of input items: without continueOnFail, the first failure stops the
 * run, except failures with `exceptStatuses` (the caller looks at those afterwards).
 */
export async function sendItemRequests(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	requests: BatchRequest[],
	bulk: boolean,
	exceptStatuses?: ReadonlySet<number>,
): Promise<BatchResult[]> {
	return await sendRequests(graph, requests, {
		bulk,
		stopAtFailure: !ctx.continueOnFail(),
		exceptStatuses,
	});
}
