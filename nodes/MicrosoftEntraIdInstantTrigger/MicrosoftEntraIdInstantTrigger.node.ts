import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { instantTriggerProperties } from './description';
import { checkExists, create, remove } from './lifecycle';
import { handleWebhook } from './webhook';

export class MicrosoftEntraIdInstantTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Entra ID Instant Trigger',
		name: 'microsoftEntraIdInstantTrigger',
		icon: { light: 'file:microsoftEntraId.svg', dark: 'file:microsoftEntraId.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		description: 'Starts the workflow within seconds when users or groups change in Microsoft Entra ID (Graph change notifications)',
		defaults: { name: 'Microsoft Entra ID Instant Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftEntraIdOAuth2Api', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: instantTriggerProperties,
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
