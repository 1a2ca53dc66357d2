import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { versionDescription } from './actions/node.description';
import { router } from './actions/router';
import { methods } from './methods';

export class MicrosoftEntraId implements INodeType {
	description: INodeTypeDescription = {
		// "Admin" tells it apart from n8n's built-in Microsoft Entra ID node in the nodes panel
		displayName: 'Microsoft Entra ID Admin',
		name: 'microsoftEntraId',
		icon: { light: 'file:microsoftEntraId.svg', dark: 'file:microsoftEntraId.dark.svg' },
		group: ['transform'],
		usableAsTool: true,
		...versionDescription,
		subtitle: versionDescription.subtitle,
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
