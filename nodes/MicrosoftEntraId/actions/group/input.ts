import type { IExecuteFunctions } from 'n8n-workflow';

import { isGuid, isMailNickname } from '../../transport';
import { checkText, invalidInput } from '../common';

/** Graph's maximum length of a group's display name. */
const DISPLAY_NAME_MAX = 256;

export function checkDisplayName(ctx: IExecuteFunctions, value: unknown, itemIndex: number, required: boolean): string {
	const name = checkText(ctx, value, itemIndex, 'Group Name', required);
	if (name.length > DISPLAY_NAME_MAX) {
		throw invalidInput(ctx, itemIndex, `"Group Name" is longer than ${DISPLAY_NAME_MAX} characters [item ${itemIndex}]`, 'Shorten the group name');
	}
	return name;
}

export function checkGroupMailNickname(ctx: IExecuteFunctions, value: unknown, itemIndex: number, required: boolean): string {
	const nickname = checkText(ctx, value, itemIndex, 'Mail Nickname', required);
	if (nickname && !isMailNickname(nickname)) {
		throw invalidInput(
			ctx,
			itemIndex,
			`"Mail Nickname" is not valid: "${nickname}" [item ${itemIndex}]`,
			'Use 1 to 64 ASCII characters without spaces and without any of @ ( ) \\ [ ] " ; : < > , (only the part before the @ of the address)',
		);
	}
	return nickname;
}

/**
 * A list of directory object ids: an array (from an expression) or text separated by commas, spaces
 * or new lines. Every entry must be a GUID; repeated ids are dropped.
 */
export function idList(ctx: IExecuteFunctions, value: unknown, itemIndex: number, label: string): string[] {
	let entries: unknown[];
	if (value === undefined || value === null || value === '') entries = [];
	else if (Array.isArray(value)) entries = value;
	else if (typeof value === 'string') entries = value.split(/[\s,;]+/);
	else {
		throw invalidInput(ctx, itemIndex, `"${label}" must be a list of object IDs [item ${itemIndex}]`, 'Enter object IDs separated by commas, or an expression that gives an array of IDs');
	}
	const ids: string[] = [];
	const seen = new Set<string>();
	for (const entry of entries) {
		const id = checkText(ctx, entry, itemIndex, label, false);
		if (!id) continue;
		if (!isGuid(id)) {
			throw invalidInput(ctx, itemIndex, `"${label}" holds "${id}", which is not an object ID [item ${itemIndex}]`, 'Use object IDs (GUIDs such as 02bd9fd6-8f93-4758-87c3-1fb73740a315), not names or UPNs');
		}
		if (seen.has(id.toLowerCase())) continue;
		seen.add(id.toLowerCase());
		ids.push(id);
	}
	return ids;
}

/** An optional one-of-a-list value (options from an expression may hold anything). */
export function checkChoice<T extends string>(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
	choices: readonly T[],
): T | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
	throw invalidInput(ctx, itemIndex, `"${label}" must be one of ${choices.join(', ')} [item ${itemIndex}]`, `Change "${label}" to one of the listed values`);
}
