import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachUser } from '../../helpers/execution';
import type { GraphClient } from '../../transport';
import { userPath } from '../../transport';
import { showFor, userLocator } from '../common.descriptions';

const properties: INodeProperties[] = [userLocator('user', 'User')];

export const description = showFor('license', ['getUserLicenses'], properties);

/** `GET /users/{id}/licenseDetails`: one output item per licence of the user. */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachUser(
		this,
		items,
		async (user, itemIndex) =>
			await graph.getAll<IDataObject>({ path: `${userPath(user)}/licenseDetails`, itemIndex, subject: { kind: 'User', id: user } }),
	);
}
