import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GraphClient } from '../../transport';
import { showFor } from '../common.descriptions';
import { listingProperties, runMemberListing } from './memberListing';

export const description = showFor('group', ['getTransitiveMembers'], listingProperties('transitiveMembers'));

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runMemberListing(this, graph, items, 'transitiveMembers');
}
