import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RetryOptions } from '../transport';
import { GraphClient } from '../transport';
import { resources } from './resources';

/** Dispatches to `actions/<resource>/<operation>.operation.ts`. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = resources[resource]?.operations[operation];
	if (!module) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for resource "${resource}"`);
	}
	const settings = this.getNodeParameter('requestOptions', 0, {}) as Partial<RetryOptions>;
	const graph = await GraphClient.create(this, {
		retry: { maxRetries: settings.maxRetries, maxWaitSeconds: settings.maxWaitSeconds },
	});
	return [await module.execute.call(this, graph, items)];
}
