import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ADMIN_ENTRY_DESCRIPTION } from '../../shared/panel';
import { requestOptions } from './common.descriptions';
import { resources } from './resources';
import { SUBTITLE } from './subtitle';

/*
 * The action node's description, apart from its class (as n8n's versioned V2 nodes keep it), so that
 * a later node version only adds a version number here or a second description next to this one.
 * The node's identity (name, display name, icon, group, usableAsTool) stays in MicrosoftEntraId.node.ts,
 * where n8n's community package scanner reads it (it also looks for a subtitle there).
 */

export const versionDescription: Omit<
	INodeTypeDescription,
	'displayName' | 'name' | 'icon' | 'group' | 'usableAsTool'
> = {
	// 1.1: outputs without OData annotations (helpers/output.ts); version 1 nodes keep theirs.
	// 1.2: one set of listing parameters (actions/listing.ts); earlier nodes keep theirs.
	version: [1, 1.1, 1.2],
	defaultVersion: 1.2,
	// The chosen operation's action text ("Create a user"), by resource and operation: the table and
	// the expression are in subtitle.ts.
	subtitle: SUBTITLE,
	// the nodes panel shows the polling trigger's description for both (../../shared/panel.ts): the same text
	description: ADMIN_ENTRY_DESCRIPTION,
	defaults: { name: 'Entra ID Admin' },
	// n8n's "Docs" link: used as is (the codex URL gets query parameters appended after its #anchor)
	documentationUrl:
		'https://github.com/n8n-nodes-entra-id/n8n-nodes-entra-id#operations-and-triggers',
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
				{ name: 'Application', value: 'application' },
				{ name: 'Authentication Method', value: 'authenticationMethod' },
				{ name: 'Deleted Item', value: 'deletedItem' },
				{ name: 'Directory Role', value: 'directoryRole' },
				{ name: 'Group', value: 'group' },
				{ name: 'Guest', value: 'guest' },
				{ name: 'License', value: 'license' },
				{ name: 'User', value: 'user' },
			],
			default: 'user',
		},
		...Object.values(resources).flatMap((resource) => resource.description),
		requestOptions,
	],
};
