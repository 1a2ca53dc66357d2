import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { MicrosoftEntraIdTrigger } from '../../../nodes/MicrosoftEntraIdTrigger/MicrosoftEntraIdTrigger.node';
import type { HarnessCredentials } from '../../harness';
import { pollNode } from '../../harness';

export const trigger = new MicrosoftEntraIdTrigger();

/**
 * One active trigger node as n8n runs it: the static data a poll leaves is what the next poll sees,
 * while only some of it reaches the database - at activation, and after a poll that emitted items
 * (n8n's WorkflowStaticDataService saves on emit). restart() goes back to that persisted copy, as
 * n8n does after a process restart.
 */
export class TriggerRunner {
	staticData: IDataObject = {};
	persistedData: IDataObject = {};
	credentials: HarnessCredentials;

	constructor(
		readonly parameters: INodeParameters,
		credentials: HarnessCredentials,
	) {
		this.credentials = credentials;
	}

	/** Activation: the first poll, after which n8n saves static data whatever the poll returned. */
	async activate(): Promise<INodeExecutionData[]> {
		const items = await this.poll();
		this.persistedData = structuredClone(this.staticData);
		return items;
	}

	/** One poll in trigger mode; throws what the poll throws (the state then stays as it was). */
	async poll(): Promise<INodeExecutionData[]> {
		const result = await pollNode(trigger, this.parameters, this.staticData, {
			credentials: this.credentials,
		});
		this.credentials = result.credentials;
		this.staticData = result.staticData;
		if (result.output !== null) this.persistedData = structuredClone(result.staticData);
		return result.output?.[0] ?? [];
	}

	/** "Fetch Test Event" in the editor. */
	async fetchTestEvent(): Promise<{ items: INodeExecutionData[]; staticData: IDataObject }> {
		const result = await pollNode(trigger, this.parameters, this.staticData, {
			credentials: this.credentials,
			mode: 'manual',
		});
		return { items: result.output?.[0] ?? [], staticData: result.staticData };
	}

	/** n8n restarts: what was not persisted is gone. */
	restart(): void {
		this.staticData = structuredClone(this.persistedData);
	}
}

export function json(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}
