import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Checked } from '../helpers/execution';
import { failFast, handleItemError, toItems } from '../helpers/execution';
import { sendRequests } from '../helpers/engine';
import { bulkEnabled } from '../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../transport';
import type { BatchOperation, OperationModule, PerItemOperation } from './types';

/*
 * The router's item loop (see types.ts). Every item is checked before the first request: without
 * continueOnFail the first invalid item stops the node before anything is sent; with it, the invalid
 * item gets its error item and the others run. A failure never loses the other items' results.
 */

/** Runs one operation over all input items. */
export async function runOperation(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	operation: OperationModule,
): Promise<INodeExecutionData[]> {
	if (operation.mode === 'batch') return await runBatch(ctx, graph, items, operation);
	const checked = checkAll(ctx, items, operation);
	if (operation.mode === 'allItems') return await operation.execute.call(ctx, graph, checked);
	return await runPerItem(ctx, graph, checked, operation);
}

function checkAll<Input>(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: OperationModule,
): Array<Checked<Input>> {
	return items.map((_, itemIndex) => {
		try {
			return { input: operation.check.call(ctx, itemIndex) as Input };
		} catch (error) {
			failFast(ctx, error, itemIndex);
			return { error };
		}
	});
}

/** Each checked item's `execute`, in input order. */
async function runPerItem(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<unknown>>,
	operation: PerItemOperation,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, entry] of checked.entries()) {
		try {
			if ('error' in entry) throw entry.error;
			output.push(
				...toItems(await operation.execute.call(ctx, graph, entry.input, itemIndex), itemIndex),
			);
		} catch (error) {
			output.push(handleItemError(ctx, error, itemIndex));
		}
	}
	return output;
}

type Planned = { input: unknown; request: BatchRequest } | { error: unknown };

/**
 * With "Bulk Requests" on, every item's first request goes out up front (`$batch` when there are
 * several), then each item is finished in input order. With it off, each item's request and finish
 * run before the next item's request, so without continueOnFail the first failure stops the run.
 */
async function runBatch(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	operation: BatchOperation,
): Promise<INodeExecutionData[]> {
	const bulk = bulkEnabled(ctx);
	const checked = checkAll(ctx, items, operation);
	const inputs = checked.flatMap((entry) => ('input' in entry ? [entry.input] : []));
	const shared = operation.prepare ? await operation.prepare.call(ctx, graph, inputs) : undefined;
	// A request that cannot be built fails its item like a failed check: before any request is sent.
	const planned: Planned[] = checked.map((entry, itemIndex) => {
		if ('error' in entry) return entry;
		try {
			return {
				input: entry.input,
				request: {
					...operation.request.call(ctx, graph, entry.input, itemIndex, shared),
					itemIndex,
				},
			};
		} catch (error) {
			failFast(ctx, error, itemIndex);
			return { error };
		}
	});
	const requests = planned.flatMap((entry) => ('request' in entry ? [entry.request] : []));
	const upFront = bulk ? await sendRequests(graph, requests, { bulk }) : undefined;
	const output: INodeExecutionData[] = [];
	let next = 0;
	for (const [itemIndex, entry] of planned.entries()) {
		try {
			if ('error' in entry) throw entry.error;
			const result = upFront
				? upFront[next++]
				: (await sendRequests(graph, [entry.request], { bulk }))[0];
			output.push(
				...toItems(await finish(ctx, graph, operation, entry.input, result, itemIndex), itemIndex),
			);
		} catch (error) {
			output.push(handleItemError(ctx, error, itemIndex));
		}
	}
	return output;
}

async function finish(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	operation: BatchOperation,
	input: unknown,
	result: BatchResult,
	itemIndex: number,
) {
	if (!result.error) return await operation.finish.call(ctx, graph, input, result, itemIndex);
	if (!operation.recover) throw result.error;
	return await operation.recover.call(ctx, graph, input, result, itemIndex);
}
