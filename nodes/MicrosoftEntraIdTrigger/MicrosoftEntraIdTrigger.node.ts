import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { GraphClient } from '../transport';
import { ADMIN_ENTRY_DESCRIPTION } from '../shared/panel';
import { EVENT_SUBTITLE, readConfig, runPoll, triggerProperties } from '../feed';
import { fetchTestEvent } from './testEvent';

export class MicrosoftEntraIdTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Entra ID Trigger',
		name: 'microsoftEntraIdTrigger',
		icon: { light: 'file:microsoftEntraId.svg', dark: 'file:microsoftEntraId.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: EVENT_SUBTITLE,
		// n8n's nodes panel shows this for the action node's entry too, which holds these events (../shared/panel.ts)
		description: ADMIN_ENTRY_DESCRIPTION,
		defaults: { name: 'Microsoft Entra ID Trigger' },
		// n8n's "Docs" link: used as is (the codex URL gets query parameters appended after its #anchor)
		documentationUrl:
			'https://github.com/n8n-nodes-entra-id/n8n-nodes-entra-id#trigger-how-it-works',
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftEntraIdOAuth2Api', required: true }],
		properties: triggerProperties(),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const config = readConfig(this);
		const client = await GraphClient.create(this, { retry: config.retry });
		// "Fetch Test Event" in the editor: read-only, the stored state is not touched.
		if (this.getMode() === 'manual') return [await fetchTestEvent(client, config)];
		return await runPoll(client, config, this.getWorkflowStaticData('node'));
	}
}
