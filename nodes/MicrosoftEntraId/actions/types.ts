import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { GraphClient } from '../transport';

/**
 * One operation, as `actions/<resource>/<operation>.operation.ts` exports it.
 * `execute` receives every input item at once, so that writes can be grouped into bulk requests;
 * it returns one or more output items per input item, in input order, each with `pairedItem`.
 */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

/** A resource: its operation picker and the operation modules by value. */
export interface ResourceModule {
	description: INodeProperties[];
	operations: Record<string, OperationModule>;
}
