import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachChecked } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import { checkChoice, textParam } from '../../helpers/parameters';
import type { GraphClient, QueryValue } from '../../transport';
import { searchAny } from '../../transport';
import { showFor } from '../common.descriptions';
import { limitFields, limitFor, list } from '../listing';
import { objectTypeField, objectTypeFor, deletedItemSelect, outputField } from './fields';

const properties: INodeProperties[] = [
	objectTypeField,
	...limitFields,
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		placeholder: 'e.g. adele',
		description: 'Only deleted objects whose display name, mail or user principal name (users) starts with a word of this text',
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		default: 'deletedDesc',
		options: [
			{ name: 'Most Recently Deleted First', value: 'deletedDesc' },
			{ name: 'Oldest Deletion First (Purged Soonest)', value: 'deletedAsc' },
			{ name: 'Display Name', value: 'displayName' },
		],
	},
	outputField,
];

export const description = showFor('deletedItem', ['getAll'], properties);

const ORDER = { deletedDesc: 'deletedDateTime desc', deletedAsc: 'deletedDateTime asc', displayName: 'displayName' } as const;

/**
 * GET /directory/deletedItems/microsoft.graph.user|group (List deletedItems; the OData cast is
 * required). `$search` needs ConsistencyLevel: eventual and ordering by deletedDateTime needs
 * `$count=true` with it (advanced query): the transport adds the header for both.
 */
export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => {
			const type = objectTypeFor(this, itemIndex);
			const search = textParam(this, 'search', itemIndex, 'Search');
			const sort = checkChoice(this, this.getNodeParameter('sort', itemIndex, 'deletedDesc'), itemIndex, 'Sort', ['deletedDesc', 'deletedAsc', 'displayName'] as const) ?? 'deletedDesc';
			const qs: Record<string, QueryValue> = { $select: deletedItemSelect(this, itemIndex, type), $orderby: ORDER[sort] };
			if (search) qs.$search = searchAny(type === 'user' ? ['displayName', 'mail', 'userPrincipalName'] : ['displayName', 'mail'], search);
			if (search || sort !== 'displayName') qs.$count = true;
			// $search results come ranked; Graph does not combine them with $orderby.
			if (search) delete qs.$orderby;
			return { type, qs, limit: limitFor(this, itemIndex) };
		},
		async ({ type, qs, limit }, itemIndex) =>
			(await list(graph, `/directory/deletedItems/microsoft.graph.${type}`, qs, limit, itemIndex, { kind: 'Deleted items' })).map(withoutContextAndEtag),
	);
}
