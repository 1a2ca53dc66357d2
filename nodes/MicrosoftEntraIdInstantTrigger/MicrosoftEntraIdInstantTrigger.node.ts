import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { INSTANT_ENTRY_DESCRIPTION } from '../shared/panel';
import { INSTANT_EVENT_SUBTITLE, instantTriggerProperties } from './description';
import { checkExists, create, remove } from './lifecycle';
import { handleWebhook } from './webhook';

export class MicrosoftEntraIdInstantTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Entra ID Instant Trigger',
		name: 'microsoftEntraIdInstantTrigger',
		icon: { light: 'file:microsoftEntraId.svg', dark: 'file:microsoftEntraId.dark.svg' },
		group: ['trigger'],
		version: 1,
		// the event's display name ("User Created"), as the polling trigger shows it
		subtitle: INSTANT_EVENT_SUBTITLE,
		description: INSTANT_ENTRY_DESCRIPTION,
		defaults: { name: 'Microsoft Entra ID Instant Trigger' },
		// n8n's "Docs" link: used as is (the codex URL gets query parameters appended after its #anchor)
		documentationUrl: 'https://github.com/n8n-nodes-entra-id/n8n-nodes-entra-id#instant-trigger',
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftEntraIdOAuth2Api', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: instantTriggerProperties(),
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}
}
