import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { requestOptions } from './actions/common.descriptions';
import { resources } from './actions/resources';
import { router } from './actions/router';
import { methods } from './methods';

export class MicrosoftEntraId implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Microsoft Entra ID',
		name: 'microsoftEntraId',
		icon: { light: 'file:microsoftEntraId.svg', dark: 'file:microsoftEntraId.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage users, groups, memberships and licences in Microsoft Entra ID (Azure AD)',
		defaults: { name: 'Microsoft Entra ID' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'microsoftEntraIdOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Authentication Method', value: 'authenticationMethod' },
					{ name: 'Directory Role', value: 'directoryRole' },
					{ name: 'Group', value: 'group' },
					{ name: 'License', value: 'license' },
					{ name: 'User', value: 'user' },
				],
				default: 'user',
			},
			...Object.values(resources).flatMap((resource) => resource.description),
			requestOptions,
		],
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
