import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	checkChoice,
	groupIdFrom,
	invalidInput,
	locatorValue,
	userIdFrom,
} from '../../helpers/parameters';
import { encodePathSegment, groupPath, isGuid, userPath } from '../../../transport';
import { GUID_PATTERN, groupLocator, userLocator } from '../common.descriptions';

/*
 * The object whose group memberships are checked: a user (the default), a group or a device
 * (checkMemberGroups / getMemberGroups exist on users, groups, devices and directoryObjects).
 */

type ObjectType = 'user' | 'group' | 'device';

export function memberObjectFields(): INodeProperties[] {
	const when = (type: ObjectType) => ({ show: { objectType: [type] } });
	return [
		{
			displayName: 'Check For',
			name: 'objectType',
			type: 'options',
			default: 'user',
			description: 'What kind of object to check the memberships of',
			options: [
				{ name: 'User', value: 'user' },
				{ name: 'Group', value: 'group', description: 'A group nested in other groups' },
				{ name: 'Device', value: 'device' },
			],
		},
		{ ...userLocator('user', 'User'), displayOptions: when('user') },
		{
			...groupLocator('memberGroup', 'Group', {
				description: 'The group whose own memberships (nesting) to check',
			}),
			displayOptions: when('group'),
		},
		{
			displayName: 'Device',
			name: 'device',
			type: 'resourceLocator',
			default: { mode: 'id', value: '' },
			required: true,
			description: 'The device, by its object ID (not the deviceId)',
			modes: [
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 02bd9fd6-8f93-4758-87c3-1fb73740a315',
					validation: [
						{
							type: 'regex',
							properties: { regex: GUID_PATTERN, errorMessage: 'Not a valid object ID (a GUID)' },
						},
					],
				},
			],
			displayOptions: when('device'),
		},
	];
}

export interface MemberObject {
	/** Path of the object, e.g. `/users/adele%40contoso.com`. */
	path: string;
	kind: string;
	id: string;
}

export function memberObjectFrom(ctx: IExecuteFunctions, itemIndex: number): MemberObject {
	const type =
		checkChoice(
			ctx,
			ctx.getNodeParameter('objectType', itemIndex, 'user'),
			itemIndex,
			'Check For',
			['user', 'group', 'device'] as const,
		) ?? 'user';
	if (type === 'group') {
		const id = groupIdFrom(ctx, 'memberGroup', itemIndex, 'Group');
		return { path: groupPath(id), kind: 'Group', id };
	}
	if (type === 'device') {
		const { value } = locatorValue(
			ctx,
			ctx.getNodeParameter('device', itemIndex, '') as unknown,
			itemIndex,
			'Device',
		);
		if (!isGuid(value))
			throw invalidInput(
				ctx,
				itemIndex,
				`"Device" is not an object ID: "${value}"`,
				"Enter the device's object ID (a GUID)",
			);
		return { path: `/devices/${encodePathSegment(value)}`, kind: 'Device', id: value };
	}
	const id = userIdFrom(ctx, 'user', itemIndex, 'User');
	return { path: userPath(id), kind: 'User', id };
}
