import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkText, invalidInput } from '../../helpers/parameters';
import { isMailNickname } from '../../../transport';

/** "Membership Rule Processing", under the optional fields of Create and Update. */
export const membershipRuleProcessingField: INodeProperties = {
	displayName: 'Membership Rule Processing',
	name: 'membershipRuleProcessingState',
	type: 'options',
	default: 'On',
	options: [
		{ name: 'On', value: 'On' },
		{ name: 'Paused', value: 'Paused' },
	],
	description: 'Whether the dynamic membership rule is applied (dynamic groups only)',
};

/** Graph's maximum length of a group's display name. */
const DISPLAY_NAME_MAX = 256;

export function checkDisplayName(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	required: boolean,
): string {
	const name = checkText(ctx, value, itemIndex, 'Group Name', required);
	if (name.length > DISPLAY_NAME_MAX) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Group Name" is longer than ${DISPLAY_NAME_MAX} characters`,
			'Shorten the group name',
		);
	}
	return name;
}

export function checkGroupMailNickname(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	required: boolean,
): string {
	const nickname = checkText(ctx, value, itemIndex, 'Mail Nickname', required);
	if (nickname && !isMailNickname(nickname)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Mail Nickname" is not valid: "${nickname}"`,
			'Use 1 to 64 ASCII characters without spaces and without any of @ ( ) \\ [ ] " ; : < > , (only the part before the @ of the address)',
		);
	}
	return nickname;
}
