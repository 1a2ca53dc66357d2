import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	checkChoice,
	checkText,
	compact,
	groupIdFrom,
	invalidInput,
} from '../../helpers/parameters';
import type { BatchRequest, GraphClient } from '../../../transport';
import { groupPath } from '../../../transport';
import { groupLocator, showFor } from '../common.descriptions';
import { checkDisplayName, checkGroupMailNickname, membershipRuleProcessingField } from './fields';

const properties: INodeProperties[] = [
	groupLocator('group', 'Group'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Group Name',
				name: 'displayName',
				type: 'string',
				default: '',
				description: 'At most 256 characters',
			},
			{
				displayName: 'Mail Nickname',
				name: 'mailNickname',
				type: 'string',
				default: '',
				description:
					'The mail alias: only the part before the @, at most 64 ASCII characters, no spaces',
			},
			{
				displayName: 'Membership Rule',
				name: 'membershipRule',
				type: 'string',
				default: '',
				placeholder: 'e.g. user.department -eq "Sales"',
				description: 'The dynamic membership rule (dynamic groups only)',
			},
			membershipRuleProcessingField,
			{
				displayName: 'Visibility',
				name: 'visibility',
				type: 'options',
				default: 'Public',
				options: [
					{ name: 'Private', value: 'Private' },
					{ name: 'Public', value: 'Public' },
				],
			},
		],
	},
];

export const description = showFor('group', ['update'], properties);

/** The PATCH body for one item; at least one field. */
function updateBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = compact({
		displayName:
			'displayName' in fields
				? checkDisplayName(ctx, fields.displayName, itemIndex, true)
				: undefined,
		mailNickname:
			'mailNickname' in fields
				? checkGroupMailNickname(ctx, fields.mailNickname, itemIndex, true)
				: undefined,
		description:
			'description' in fields
				? checkText(ctx, fields.description, itemIndex, 'Description', false)
				: undefined,
		membershipRule:
			'membershipRule' in fields
				? checkText(ctx, fields.membershipRule, itemIndex, 'Membership Rule', true)
				: undefined,
		membershipRuleProcessingState: checkChoice(
			ctx,
			fields.membershipRuleProcessingState,
			itemIndex,
			'Membership Rule Processing',
			['On', 'Paused'] as const,
		),
		visibility: checkChoice(ctx, fields.visibility, itemIndex, 'Visibility', [
			'Public',
			'Private',
		] as const),
	});
	// An empty description clears it (Graph: null).
	if ('description' in fields && body.description === undefined) body.description = null;
	if (!Object.keys(body).length) {
		throw invalidInput(
			ctx,
			itemIndex,
			`Nothing to update`,
			'Add at least one field under "Update Fields"',
		);
	}
	return body;
}

export const mode = 'batch';

interface Update {
	groupId: string;
	body: IDataObject;
}

export function check(this: IExecuteFunctions, itemIndex: number): Update {
	return {
		groupId: groupIdFrom(this, 'group', itemIndex, 'Group'),
		body: updateBody(this, itemIndex),
	};
}

export function request(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ groupId, body }: Update,
): BatchRequest {
	return {
		method: 'PATCH',
		path: groupPath(groupId),
		body,
		subject: { kind: 'Group', id: groupId },
	};
}

export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ groupId, body }: Update,
): IDataObject {
	return { updated: true, id: groupId, ...body };
}
