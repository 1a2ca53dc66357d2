import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient } from '../transport';
import { ensureNodeError, graphBatch } from '../transport';

/** What one input item produced: one JSON object, or several (they all pair with that item). */
export type ItemOutput = IDataObject | IDataObject[];

function toItems(output: ItemOutput, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(output) ? output : [output];
	return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * An error either becomes the item's output (continueOnFail) or stops the node. The error keeps
 * the item index so that n8n points at the failing item.
 */
export function handleItemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): INodeExecutionData {
	if (!ctx.continueOnFail()) {
		if (error instanceof NodeApiError || error instanceof NodeOperationError) {
			error.context.itemIndex = itemIndex;
			throw error;
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
	}
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
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
			if (!ctx.continueOnFail()) handleItemError(ctx, error, itemIndex);
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
 * first failure stops the run.
 */
export async function runSteps(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => PreparedStep,
	bulk: boolean,
): Promise<INodeExecutionData[]> {
	const prepared = checkEach(ctx, items, (itemIndex) => {
		const step = prepare(itemIndex);
		step.request.itemIndex = itemIndex;
		return step;
	});
	const steps = prepared.flatMap((entry) => ('input' in entry ? [entry.input] : []));
	const batched = bulk && steps.length > 1 ? await graphBatch(graph, steps.map((step) => step.request)) : undefined;
	const output: INodeExecutionData[] = [];
	let next = 0;
	for (const [itemIndex, entry] of prepared.entries()) {
		if ('error' in entry) {
			output.push(handleItemError(ctx, entry.error, itemIndex));
			continue;
		}
		try {
			const result = batched ? batched[next++] : await sendOne(graph, entry.input.request);
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
export async function runWrites(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => PreparedWrite,
	bulk: boolean,
): Promise<INodeExecutionData[]> {
	return await runSteps(ctx, graph, items, (itemIndex) => {
		const write = prepare(itemIndex);
		return { request: write.request, finish: async (result) => write.finish(succeeded(result)) };
	}, bulk);
}

/** One request, its failure kept in the result instead of thrown. */
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
