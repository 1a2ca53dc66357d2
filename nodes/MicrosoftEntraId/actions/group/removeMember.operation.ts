import type { IExecuteFunctions } from 'n8n-workflow';

import { showFor } from '../common.descriptions';
import type { Removal } from './removeMemberOrOwner';
import { checkRemoval, remove, removeProperties } from './removeMemberOrOwner';

export const description = showFor('group', ['removeMember'], removeProperties('members'));

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Removal {
	return checkRemoval(this, 'members', itemIndex);
}

export const execute = remove;
