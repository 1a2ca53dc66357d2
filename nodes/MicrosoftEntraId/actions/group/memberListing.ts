import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { MEMBER_PROPERTIES, MEMBER_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { forEachChecked } from '../../helpers/execution';
import { outputObjects } from '../../helpers/output';
import { checkChoice, checkText, groupIdFrom, selectFor } from '../../helpers/parameters';
import type { GraphClient, QueryValue } from '../../transport';
import { groupPath, searchAny } from '../../transport';
import { groupLocator, memberFieldOptions, outputFields } from '../common.descriptions';
import { limitFields, limitFor, list, rawFilterParam } from '../listing';

/*
 * Get Members, Get Transitive Members and Get Owners: a group's related directory objects, with an
 * optional type cast, search text and filter. Graph's List members docs: `$search`, `$filter` and
 * OData casts on these relationships are advanced queries, so `$count=true` goes with them (and the
 * transport adds `ConsistencyLevel: eventual`).
 */

export type Relation = 'members' | 'transitiveMembers' | 'owners';

const MEMBER_TYPES = ['all', 'users', 'groups', 'devices'] as const;
type MemberType = (typeof MEMBER_TYPES)[number];

const CASTS: Record<MemberType, string> = {
	all: '',
	users: '/microsoft.graph.user',
	groups: '/microsoft.graph.group',
	devices: '/microsoft.graph.device',
};

/** Search covers the display name (and the description where every object type has one). */
const SEARCH_PROPERTIES: Record<MemberType, string[]> = {
	all: ['displayName'],
	users: ['displayName', 'mail', 'userPrincipalName'],
	groups: ['displayName', 'description'],
	devices: ['displayName'],
};

export function listingProperties(relation: Relation): INodeProperties[] {
	const memberType: INodeProperties = {
		displayName: 'Member Type',
		name: 'memberType',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Devices', value: 'devices' },
			{ name: 'Groups', value: 'groups' },
			{ name: 'Users', value: 'users' },
		],
		description: 'Which kind of objects to return',
	};
	return [
		groupLocator('group', 'Group'),
		...(relation === 'owners' ? [] : [memberType]),
		...limitFields,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Filter (OData)',
					name: 'filter',
					type: 'string',
					default: '',
					placeholder: "e.g. startswith(displayName,'A')",
					description: 'A raw <a href="https://learn.microsoft.com/en-us/graph/filter-query-parameter">$filter</a> expression',
				},
				{
					displayName: 'Search',
					name: 'search',
					type: 'string',
					default: '',
					placeholder: 'e.g. adele',
					description: 'Text to look for in the display name (users: also mail and UPN; groups: also description)',
				},
			],
		},
		...outputFields(memberFieldOptions),
	];
}

interface ListingInput {
	groupId: string;
	path: string;
	qs: Record<string, QueryValue>;
	limit: number | undefined;
}

function check(ctx: IExecuteFunctions, relation: Relation, itemIndex: number): ListingInput {
	const groupId = groupIdFrom(ctx, 'group', itemIndex, 'Group');
	const memberType: MemberType =
		relation === 'owners' ? 'all' : (checkChoice(ctx, ctx.getNodeParameter('memberType', itemIndex, 'all'), itemIndex, 'Member Type', MEMBER_TYPES) ?? 'all');
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const search = checkText(ctx, filters.search, itemIndex, 'Search', false);
	const filter = rawFilterParam(ctx, filters.filter, itemIndex, 'Filter (OData)');
	const cast = CASTS[memberType];
	const qs: Record<string, QueryValue> = {
		$select: selectFor(ctx, itemIndex, { simplified: MEMBER_SIMPLIFIED_PROPERTIES[memberType], all: MEMBER_PROPERTIES }),
		$search: search ? searchAny(SEARCH_PROPERTIES[memberType], search) : undefined,
		$filter: filter || undefined,
	};
	if (search || filter || cast) qs.$count = true;
	return { groupId, path: `${groupPath(groupId)}/${relation}${cast}`, qs, limit: limitFor(ctx, itemIndex) };
}

export async function runListing(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	items: INodeExecutionData[],
	relation: Relation,
): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		ctx,
		items,
		(itemIndex) => check(ctx, relation, itemIndex),
		async ({ groupId, path, qs, limit }, itemIndex) =>
			outputObjects(ctx, await list(graph, path, qs, limit, itemIndex, { kind: 'Group', id: groupId }), { typed: true }),
	);
}
