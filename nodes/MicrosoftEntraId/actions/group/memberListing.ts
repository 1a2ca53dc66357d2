import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MEMBER_PROPERTIES, MEMBER_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { checkChoice, groupIdFrom, selectFor } from '../../helpers/parameters';
import type { QueryValue } from '../../../transport';
import { groupPath, searchAny } from '../../../transport';
import { groupLocator, memberFieldOptions, outputFields } from '../common.descriptions';
import type { Listing } from '../listing';
import {
	filtersFor,
	limitFields,
	limitFor,
	rawFilterCollection,
	rawFilterParam,
	searchField,
	searchFor,
	versionedProperties,
} from '../listing';

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
	const search = searchField(
		'Text to look for in the display name (users: also mail and UPN; groups: also description)',
	);
	const placeholder = "e.g. startswith(displayName,'A')";
	return [
		groupLocator('group', 'Group'),
		...(relation === 'owners' ? [] : [memberType]),
		...versionedProperties('current', [search]),
		...limitFields(),
		// Versions 1 and 1.1 had "Search" inside "Filters".
		...versionedProperties('earlier', [rawFilterCollection(placeholder, [search])]),
		...versionedProperties('current', [rawFilterCollection(placeholder)]),
		...outputFields(memberFieldOptions),
	];
}

/** The `check` of Get Members, Get Transitive Members and Get Owners. */
export function memberListing(
	ctx: IExecuteFunctions,
	relation: Relation,
	itemIndex: number,
): Listing {
	const groupId = groupIdFrom(ctx, 'group', itemIndex, 'Group');
	const memberType: MemberType =
		relation === 'owners'
			? 'all'
			: (checkChoice(
					ctx,
					ctx.getNodeParameter('memberType', itemIndex, 'all'),
					itemIndex,
					'Member Type',
					MEMBER_TYPES,
				) ?? 'all');
	const filters = filtersFor(ctx, itemIndex);
	const search = searchFor(ctx, itemIndex, filters);
	const filter = rawFilterParam(ctx, filters.filter, itemIndex);
	const cast = CASTS[memberType];
	const qs: Record<string, QueryValue> = {
		$select: selectFor(ctx, itemIndex, {
			simplified: MEMBER_SIMPLIFIED_PROPERTIES[memberType],
			all: MEMBER_PROPERTIES,
		}),
		$search: search ? searchAny(SEARCH_PROPERTIES[memberType], search) : undefined,
		$filter: filter || undefined,
	};
	if (search || filter || cast) qs.$count = true;
	return {
		path: `${groupPath(groupId)}/${relation}${cast}`,
		qs,
		limit: limitFor(ctx, itemIndex),
		subject: { kind: 'Group', id: groupId },
		typed: true,
	};
}
