import type { IExecuteFunctions } from 'n8n-workflow';

import { showFor } from '../common.descriptions';
import type { Removal } from './removeMemberOrOwner';
import { checkRemoval, remove, removeProperties } from './removeMemberOrOwner';

export const description = showFor('group', ['removeOwner'], removeProperties('owners'));

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Removal {
	return checkRemoval(this, 'owners', itemIndex);
}

export const execute = remove;
