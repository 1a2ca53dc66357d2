import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GROUP_PROPERTIES, GROUP_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { checkBoolean, invalidInput, selectFor, userIdFrom } from '../../helpers/parameters';
import type { QueryValue } from '../../../transport';
import { searchAny, userPath } from '../../../transport';
import { groupFieldOptions, outputFields, showFor, userLocator } from '../common.descriptions';
import type { Listing } from '../listing';
import {
	allOf,
	filtersFor,
	limitFields,
	limitFor,
	rawFilterCollection,
	rawFilterParam,
	readListing,
	searchField,
	searchFor,
	usesListingConvention,
	versionedProperties,
} from '../listing';

const properties: INodeProperties[] = [
	userLocator('user', 'User'),
	{
		displayName: 'Membership',
		name: 'membership',
		type: 'options',
		default: 'direct',
		options: [
			{
				name: 'Direct',
				value: 'direct',
				description: 'Groups the user is a member of itself (memberOf)',
			},
			{
				name: 'Transitive',
				value: 'transitive',
				description: 'Also the groups that contain those groups, at any depth (transitiveMemberOf)',
			},
		],
	},
	{
		displayName: 'Security Groups Only',
		name: 'securityOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to return only security-enabled groups',
	},
	// List memberOf / transitiveMemberOf: $search on displayName, $filter (advanced queries, new in 1.2)
	...versionedProperties('current', [
		searchField(
			"Text to look for in the groups' display names (words starting with it)",
			'e.g. sales',
		),
	]),
	...limitFields(true),
	...versionedProperties('current', [rawFilterCollection("e.g. startswith(displayName,'Sales')")]),
	...outputFields(groupFieldOptions),
];

export const description = showFor('user', ['getGroups'], properties);

export function check(this: IExecuteFunctions, itemIndex: number): Listing {
	const user = userIdFrom(this, 'user', itemIndex, 'User');
	const membership = this.getNodeParameter('membership', itemIndex, 'direct');
	if (membership !== 'direct' && membership !== 'transitive') {
		throw invalidInput(
			this,
			itemIndex,
			`"Membership" must be "direct" or "transitive"`,
			'Pick Direct or Transitive',
		);
	}
	const securityOnly = checkBoolean(
		this,
		this.getNodeParameter('securityOnly', itemIndex, false),
		itemIndex,
		'Security Groups Only',
	);
	const limit = limitFor(this, itemIndex, true);
	const relation = membership === 'direct' ? 'memberOf' : 'transitiveMemberOf';
	// The cast to microsoft.graph.group leaves out directory roles and administrative units; it makes
	// this an advanced query, for which the transport adds ConsistencyLevel and $count.
	const qs: Record<string, QueryValue> = {
		$select: selectFor(this, itemIndex, {
			simplified: GROUP_SIMPLIFIED_PROPERTIES,
			all: GROUP_PROPERTIES,
		}),
	};
	if (usesListingConvention(this)) {
		const search = searchFor(this, itemIndex);
		if (search) qs.$search = searchAny(['displayName'], search);
		qs.$filter = allOf([
			securityOnly ? 'securityEnabled eq true' : '',
			rawFilterParam(this, filtersFor(this, itemIndex).filter, itemIndex),
		]);
	} else if (securityOnly) qs.$filter = 'securityEnabled eq true';
	return {
		path: `${userPath(user)}/${relation}/microsoft.graph.group`,
		qs,
		limit,
		subject: { kind: 'User', id: user },
		earlierShape: 'outputObject',
	};
}

export const mode = 'perItem';

/** GET /users/{id|upn}/memberOf (or transitiveMemberOf)/microsoft.graph.group: one item per group. */
export const execute = readListing;
