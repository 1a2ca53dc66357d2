import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runWrites } from '../../helpers/execution';
import { invalidInput, textParam, userIdFrom } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { isGuid } from '../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { tapPath } from './tap';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Temporary Access Pass ID',
		name: 'tapId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6f1967b7-15e8-4935-ac26-d50770ed07a7',
		description: 'The ID of the pass, from Create Temporary Access Pass or Get Temporary Access Passes',
	},
];

export const description = showFor('authenticationMethod', ['deleteTemporaryAccessPass'], properties);

/** DELETE /users/{id|upn}/authentication/temporaryAccessPassMethods/{id} (204), `$batch` when bulk is on. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runWrites(this, graph, items, (itemIndex) => {
		const user = userIdFrom(this, 'user', itemIndex, 'User');
		const tapId = textParam(this, 'tapId', itemIndex, 'Temporary Access Pass ID', { required: true });
		if (!isGuid(tapId)) {
			throw invalidInput(this, itemIndex, `"Temporary Access Pass ID" is not an ID: "${tapId}"`, 'Enter the id of the pass (a GUID)');
		}
		return {
			request: { method: 'DELETE', path: tapPath(user, tapId), subject: { kind: 'Temporary Access Pass of user', id: `${user}, pass ${tapId}` } },
			finish: () => ({ deleted: true, id: tapId, userId: user }),
		};
	});
}
