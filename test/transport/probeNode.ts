import type { IExecuteFunctions, INodeExecutionData, INodeType, JsonObject } from 'n8n-workflow';

import type { GraphClientOptions } from '../../nodes/transport';
import { GraphClient } from '../../nodes/transport';

/** What the probe node does with the transport; each test sets it. */
export type Scenario = (client: GraphClient) => Promise<unknown>;

let scenario: Scenario = async () => null;
let clientOptions: GraphClientOptions = {};

export function setScenario(next: Scenario, options: GraphClientOptions = {}): void {
	scenario = next;
	clientOptions = options;
}

/**
 * A minimal node that runs the current scenario inside a real n8n execution context, so the
 * transport is exercised through n8n-core's own request helpers and OAuth2 handling.
 */
export const probeNode: INodeType = {
	description: {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Runs a transport scenario in tests',
		defaults: { name: 'Transport Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'microsoftEntraIdOAuth2Api', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const client = await GraphClient.create(this, clientOptions);
		const result = await scenario(client);
		return [[{ json: { result: result as JsonObject } }]];
	},
};
