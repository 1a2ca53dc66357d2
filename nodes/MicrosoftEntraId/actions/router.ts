import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RetryOptions } from '../../transport';
import { GraphClient } from '../../transport';
import { resources } from './resources';
import { runOperation } from './runner';

/**
 * The value n8n gives "Custom API Call": n8n adds that choice to the Resource and Operation lists of
 * every node whose credential extends OAuth2 and points the user to the HTTP Request node for it.
 */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

function customApiCallError(ctx: IExecuteFunctions): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), 'Custom API Call runs in the HTTP Request node', {
		description:
			'Add an HTTP Request node, set Authentication to "Predefined Credential Type" and Credential Type to "Microsoft Entra ID Admin OAuth2 API", pick this credential, and call a Graph URL such as https://graph.microsoft.com/v1.0/users (the credential sends its token to the Graph host only)',
	});
}

/** Dispatches to `actions/<resource>/<operation>.operation.ts`, run over the items by runner.ts. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	// With "Custom API Call" as resource, no operation list is shown, so there is no operation to read.
	if (resource === CUSTOM_API_CALL) throw customApiCallError(this);
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === CUSTOM_API_CALL) throw customApiCallError(this);
	const module = resources[resource]?.operations[operation];
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not known for resource "${resource}"`,
		);
	}
	const settings = this.getNodeParameter('requestOptions', 0, {}) as Partial<RetryOptions>;
	const graph = await GraphClient.create(this, {
		retry: { maxRetries: settings.maxRetries, maxWaitSeconds: settings.maxWaitSeconds },
	});
	return [await runOperation(this, graph, items, module)];
}
