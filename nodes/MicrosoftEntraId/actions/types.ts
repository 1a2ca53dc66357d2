import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Checked, ItemOutput } from '../helpers/execution';
import type { BatchRequest, BatchResult, GraphClient } from '../../transport';

/*
 * One operation, as `actions/<resource>/<operation>.operation.ts` exports it. As in n8n's V2 nodes,
 * the router owns the loop over the input items (actions/runner.ts): it calls down into the
 * operation for each item and down into the helpers for sending, and no helper calls back up into
 * an operation. Every operation exports `check`, which the router runs for every item before the
 * first request; `mode` says how the checked items are run.
 */
interface Checks<Input> {
	description: INodeProperties[];
	/** Reads and checks one item's parameters; throws for bad input (NodeOperationError with itemIndex). */
	check(this: IExecuteFunctions, itemIndex: number): Input;
}

/** Reads, and writes of several requests: the router runs `execute` for each checked item in turn. */
export interface PerItemOperation<Input = unknown> extends Checks<Input> {
	mode: 'perItem';
	execute(
		this: IExecuteFunctions,
		graph: GraphClient,
		input: Input,
		itemIndex: number,
	): Promise<ItemOutput>;
}

/**
 * Writes with one first request per item: the router sends all items' requests together (`$batch`
 * when "Bulk Requests" is on), then asks `finish` for each item's output from its successful answer,
 * or `recover` (when there is one) what to do with a failed answer. Both may send more requests.
 */
export interface BatchOperation<Input = unknown, Shared = unknown> extends Checks<Input> {
	mode: 'batch';
	/** Reads once, after every check and before any request is built, what the requests need (licence plans). */
	prepare?(this: IExecuteFunctions, graph: GraphClient, inputs: Input[]): Promise<Shared>;
	request(
		this: IExecuteFunctions,
		graph: GraphClient,
		input: Input,
		itemIndex: number,
		shared: Shared,
	): BatchRequest;
	finish(
		this: IExecuteFunctions,
		graph: GraphClient,
		input: Input,
		result: BatchResult,
		itemIndex: number,
	): ItemOutput | Promise<ItemOutput>;
	recover?(
		this: IExecuteFunctions,
		graph: GraphClient,
		input: Input,
		result: BatchResult,
		itemIndex: number,
	): Promise<ItemOutput>;
}

/**
 * Requests planned across items (bulk membership changes, manager look-ups, licence plans): `execute`
 * gets every item's check and returns the output items, in input order, each with `pairedItem`.
 */
export interface AllItemsOperation<Input = unknown> extends Checks<Input> {
	mode: 'allItems';
	execute(
		this: IExecuteFunctions,
		graph: GraphClient,
		checked: Array<Checked<Input>>,
	): Promise<INodeExecutionData[]>;
}

export type OperationModule = PerItemOperation | BatchOperation | AllItemsOperation;

/** A resource: its operation picker and the operation modules by value. */
export interface ResourceModule {
	description: INodeProperties[];
	operations: Record<string, OperationModule>;
}
