import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Node-wide request settings, shown under every operation. The defaults repeat DEFAULT_RETRY as
 * literals (n8n's lint wants literal defaults); a unit test keeps them equal.
 */
export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Bulk Requests',
			name: 'bulk',
			type: 'boolean',
			default: true,
			description:
				'Whether to group the writes of many input items into Graph bulk requests ($batch, 20 per call; up to 20 members per group update). Turn off to send one request per item.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description: 'How often a throttled (429) or unavailable (503/504) request is sent again',
		},
		{
			displayName: 'Max Total Retry Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 120,
			description: 'Upper bound for all waits of one request together, including the waits Graph asks for with Retry-After',
		},
	],
};

/** Whether this run may use bulk requests (the "Bulk Requests" option, on by default). */
export function bulkEnabled(ctx: IExecuteFunctions): boolean {
	return ctx.getNodeParameter('requestOptions.bulk', 0, true) as boolean;
}
