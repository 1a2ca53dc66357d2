import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient } from '../transport';
import { sendRequests } from './engine';
import { bulkEnabled, userIdFrom } from './parameters';

export { sendOne } from './engine';

/** What one input item produced: one JSON object, or several (they all pair with that item). */
export type ItemOutput = IDataObject | IDataObject[];

function toItems(output: ItemOutput, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(output) ? output : [output];
	return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** The error as n8n's own error type, pointing at its item. */
function itemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), { itemIndex });
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
	if (ctx.getNode().onError === 'continueErrorOutput') return { json, error: nodeError, pairedItem: { item: itemIndex } };
	return { json, pairedItem: { item: itemIndex } };
}

/** An item's checked input, or the error its check threw. */
export type Checked<T> = { input: T } | { error: unknown };

/**
 * Runs `check` for every item, before any request is sent. Without continueOnFail the first invalid
 * item stops the node; with it, the invalid item keeps its error for its output and the others go on.
 */
export function checkEach<T>(ctx: IExecuteFunctions, items: INodeExecutionData[], check: (itemIndex: number) => T): Array<Checked<T>> {
	return items.map((_, itemIndex) => {
		try {
			return { input: check(itemIndex) };
		} catch (error) {
			failFast(ctx, error, itemIndex);
			return { error };
		}
	});
}

/** Runs `run` for each item in turn: for reads and multi-step writes. */
export async function forEachItem(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<ItemOutput>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push(...toItems(await run(itemIndex), itemIndex));
		} catch (error) {
			output.push(handleItemError(ctx, error, itemIndex));
		}
	}
	return output;
}

/**
 * A write whose first request can go into `$batch` but whose outcome may need more work: follow-up
 * requests (extra members after a create) or recovery from a failure (set a missing usage location
 * and try again). `finish` sees every result, failed ones too (`result.error`); it returns the item's
 * output, or throws to fail the item.
 */
export interface PreparedStep {
	request: BatchRequest;
	finish: (result: BatchResult) => Promise<ItemOutput>;
}

/** Throws the error of a failed result; returns the result otherwise. */
export function succeeded(result: BatchResult): BatchResult {
	if (result.error) throw result.error;
	return result;
}

/**
 * Every item is validated before any request; with bulk on (more than one request), the first
 * requests go through `$batch`, then each item's `finish` runs in input order. With bulk off, each
 * item's request and `finish` run before the next item's request, so without continueOnFail the
 * first failure stops the run. `bulk` defaults to the node's "Bulk Requests" option.
 */
export async function runSteps(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => PreparedStep,
	bulk = bulkEnabled(ctx),
): Promise<INodeExecutionData[]> {
	const prepared = checkEach(ctx, items, (itemIndex) => {
		const step = prepare(itemIndex);
		step.request.itemIndex = itemIndex;
		return step;
	});
	const steps = prepared.flatMap((entry) => ('input' in entry ? [entry.input] : []));
	// Bulk: every first request up front (`$batch` when there are several), then the finishes in input
	// order. One by one: each item's request and finish before the next item's request.
	const upFront = bulk ? await sendRequests(graph, steps.map((step) => step.request), { bulk }) : undefined;
	const output: INodeExecutionData[] = [];
	let next = 0;
	for (const [itemIndex, entry] of prepared.entries()) {
		if ('error' in entry) {
			output.push(handleItemError(ctx, entry.error, itemIndex));
			continue;
		}
		try {
			const result = upFront ? upFront[next++] : (await sendRequests(graph, [entry.input.request], { bulk }))[0];
			output.push(...toItems(await entry.input.finish(result), itemIndex));
		} catch (error) {
			output.push(handleItemError(ctx, error, itemIndex));
		}
	}
	return output;
}

/** A write described for one item: the request, and how its answer becomes the item's output. */
export interface PreparedWrite {
	request: BatchRequest;
	finish: (result: BatchResult) => ItemOutput;
}

/**
 * Single-request writes (create, update, delete, ...): runSteps with a `finish` that only reads a
 * successful answer. Every item is validated first, before any request is sent. With bulk on, the
 * requests go through `$batch` (20 per call, a few calls at a time); with bulk off, one by one,
 * stopping at the first failure without continueOnFail. Results and errors stay with their item.
 */
export async function runWrites(ctx: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[], prepare: (itemIndex: number) => PreparedWrite, bulk = bulkEnabled(ctx)): Promise<INodeExecutionData[]> {
	return await runSteps(ctx, graph, items, (itemIndex) => {
		const write = prepare(itemIndex);
		return { request: write.request, finish: async (result) => write.finish(succeeded(result)) };
	}, bulk);
}

/**
 * forEachItem with every item's parameters read and checked before the first request. Without
 * continueOnFail the first invalid item stops the node before anything is sent; with it, the invalid
 * item gets its error item and the others run.
 */
export async function forEachChecked<T>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	check: (itemIndex: number) => T,
	run: (input: T, itemIndex: number) => Promise<ItemOutput>,
): Promise<INodeExecutionData[]> {
	const checked = checkEach(ctx, items, check);
	return await forEachItem(ctx, items, async (itemIndex) => {
		const entry = checked[itemIndex];
		if ('error' in entry) throw entry.error;
		return await run(entry.input, itemIndex);
	});
}

/** sendRequests for writes: without continueOnFail, the first failure stops the run. */
export async function sendAll(ctx: IExecuteFunctions, graph: GraphClient, requests: BatchRequest[], bulk: boolean): Promise<BatchResult[]> {
	return await sendRequests(graph, requests, { bulk, stopAtFailure: !ctx.continueOnFail() });
}

/** forEachChecked for operations that take one user per item, from the "User" parameter. */
export async function forEachUser(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (user: string, itemIndex: number) => Promise<ItemOutput>,
): Promise<INodeExecutionData[]> {
	return await forEachChecked(ctx, items, (itemIndex) => userIdFrom(ctx, 'user', itemIndex, 'User'), run);
}
