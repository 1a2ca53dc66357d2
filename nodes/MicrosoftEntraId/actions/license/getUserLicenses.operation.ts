import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { checkUser } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { userPath } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [userLocator('user', 'User')];

export const description = showFor('license', ['getUserLicenses'], properties);

export const mode = 'perItem';

export const check = checkUser;

/** `GET /users/{id}/licenseDetails`: one output item per licence of the user. */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	user: string,
	itemIndex: number,
): Promise<ItemOutput> {
	return await graph.getAll<IDataObject>({
		path: `${userPath(user)}/licenseDetails`,
		itemIndex,
		subject: { kind: 'User', id: user },
	});
}
