import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { BatchRequest, BatchResult, GraphClient, GraphRequest } from '../transport';
import { graphBatch } from '../transport';

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

/** A write described for one item: the request, and how its answer becomes the item's output. */
export interface PreparedWrite {
	request: BatchRequest;
	finish: (result: BatchResult) => ItemOutput;
}

/**
 * Single-request writes (create, update, delete, ...). Every item is validated first, before any
 * request is sent. With bulk on, the requests go through `$batch` (20 per call, a few calls at a
 * time); with bulk off, one by one. Either way results and errors stay with their item, in order.
 */
export async function runWrites(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	prepare: (itemIndex: number) => PreparedWrite,
	bulk: boolean,
): Promise<INodeExecutionData[]> {
	const prepared: Array<PreparedWrite | { error: unknown }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const write = prepare(itemIndex);
			write.request.itemIndex = itemIndex;
			prepared.push(write);
		} catch (error) {
			if (!ctx.continueOnFail()) handleItemError(ctx, error, itemIndex);
			prepared.push({ error });
		}
	}
	const writes = prepared.filter((entry): entry is PreparedWrite => 'request' in entry);
	const results = bulk && writes.length > 1
		? await graphBatch(graph, writes.map((write) => write.request))
		: await sendOneByOne(ctx, graph, writes);
	const output: INodeExecutionData[] = [];
	let next = 0;
	prepared.forEach((entry, itemIndex) => {
		if ('error' in entry) {
			output.push(handleItemError(ctx, entry.error, itemIndex));
			return;
		}
		const result = results[next++];
		try {
			if (result.error) throw result.error;
			output.push(...toItems(entry.finish(result), itemIndex));
		} catch (error) {
			output.push(handleItemError(ctx, error, itemIndex));
		}
	});
	return output;
}

/** The non-bulk path: one request per item; without continueOnFail it stops at the first failure. */
async function sendOneByOne(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	writes: PreparedWrite[],
): Promise<BatchResult[]> {
	const results: BatchResult[] = [];
	for (const { request } of writes) {
		const graphRequest: GraphRequest = { ...request };
		try {
			const response = await graph.send<IDataObject | undefined>(graphRequest);
			results.push({ status: response.status, headers: response.headers, body: response.body });
		} catch (error) {
			if (!ctx.continueOnFail()) handleItemError(ctx, error, request.itemIndex ?? 0);
			results.push({ status: 0, headers: {}, body: undefined, error: error as NodeApiError });
		}
	}
	return results;
}
