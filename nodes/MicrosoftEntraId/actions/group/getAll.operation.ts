import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GROUP_PROPERTIES, GROUP_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { checkChoice, checkText, selectFor } from '../../helpers/parameters';
import { searchAny } from '../../../transport';
import { groupFieldOptions, outputFields, showFor } from '../common.descriptions';
import type { Listing } from '../listing';
import {
	allOf,
	checkOrderBy,
	filtersFor,
	limitFields,
	limitFor,
	rawFilterOption,
	rawFilterParam,
	readListing,
	searchField,
	searchFor,
	sortField,
	sortFor,
	usesListingConvention,
	versionedProperties,
} from '../listing';

const SEARCH_DESCRIPTION =
	'Text to look for in the display name and description (words starting with it)';

const groupTypeOption: INodeProperties = {
	displayName: 'Group Type',
	name: 'groupType',
	type: 'options',
	default: 'any',
	options: [
		{ name: 'Any', value: 'any' },
		{ name: 'Dynamic Membership', value: 'dynamic' },
		{ name: 'Microsoft 365', value: 'microsoft365' },
		{ name: 'Security-Enabled', value: 'security' },
	],
};

const rawFilter = rawFilterOption("e.g. startswith(displayName,'Sales')");

/** Filters of version 1.2: search and sort have their own fields. */
const filters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [rawFilter, groupTypeOption],
};

/** Filters of versions 1 and 1.1, with "Order By" (free text) and "Search" inside. */
const earlierFilters: INodeProperties = {
	...filters,
	options: [
		rawFilter,
		groupTypeOption,
		{
			displayName: 'Order By',
			name: 'orderBy',
			type: 'string',
			default: '',
			placeholder: 'e.g. displayName',
			description: 'A property to sort by, optionally followed by asc or desc',
		},
		searchField(SEARCH_DESCRIPTION, 'e.g. sales'),
	],
};

const properties: INodeProperties[] = [
	...versionedProperties('current', [searchField(SEARCH_DESCRIPTION, 'e.g. sales')]),
	...limitFields(),
	...versionedProperties('earlier', [earlierFilters]),
	...versionedProperties('current', [
		filters,
		// Graph sorts groups by display name only (advanced queries docs, sorting table).
		sortField([{ name: 'Display Name', value: 'displayName' }]),
	]),
	...outputFields(groupFieldOptions),
];

export const description = showFor('group', ['getAll'], properties);

const GROUP_TYPE_FILTERS: Record<string, string> = {
	any: '',
	dynamic: "groupTypes/any(t:t eq 'DynamicMembership')",
	microsoft365: "groupTypes/any(t:t eq 'Unified')",
	security: 'securityEnabled eq true',
};

/** The `$orderby`: "Sort" (1.2), or the free-text "Order By" inside "Filters" (1 and 1.1). */
function orderByFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	filters: IDataObject,
): string | undefined {
	if (usesListingConvention(ctx)) return sortFor(ctx, itemIndex);
	return (
		checkOrderBy(ctx, checkText(ctx, filters.orderBy, itemIndex, 'Order By', false), itemIndex) ||
		undefined
	);
}

export function check(this: IExecuteFunctions, itemIndex: number): Listing {
	const filters = filtersFor(this, itemIndex);
	const groupType =
		checkChoice(this, filters.groupType, itemIndex, 'Group Type', [
			'any',
			'dynamic',
			'microsoft365',
			'security',
		] as const) ?? 'any';
	const search = searchFor(this, itemIndex, filters);
	return {
		path: '/groups',
		limit: limitFor(this, itemIndex),
		qs: {
			$select: selectFor(this, itemIndex, {
				simplified: GROUP_SIMPLIFIED_PROPERTIES,
				all: GROUP_PROPERTIES,
			}),
			$filter: allOf([
				GROUP_TYPE_FILTERS[groupType],
				rawFilterParam(this, filters.filter, itemIndex),
			]),
			$search: search ? searchAny(['displayName', 'description'], search) : undefined,
			$orderby: orderByFor(this, itemIndex, filters),
		},
		// Versions 1 and 1.1 gave the objects as Graph listed them.
		earlierShape: 'asListed',
	};
}

export const mode = 'perItem';

/** GET /groups with search, group type and raw filters, sorting and paging. */
export const execute = readListing;
