import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { GROUP_PROPERTIES, GROUP_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { forEachChecked } from '../../helpers/execution';
import { checkChoice, checkText, selectFor } from '../../helpers/parameters';
import type { GraphClient } from '../../transport';
import { searchAny } from '../../transport';
import { groupFieldOptions, outputFields, showFor } from '../common.descriptions';
import { allOf, checkOrderBy, limitFields, limitFor, list, rawFilterParam } from '../listing';

const properties: INodeProperties[] = [
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
				placeholder: "e.g. startswith(displayName,'Sales')",
				description: 'A raw <a href="https://learn.microsoft.com/en-us/graph/filter-query-parameter">$filter</a> expression, combined with the other filters by "and"',
			},
			{
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
			},
			{
				displayName: 'Order By',
				name: 'orderBy',
				type: 'string',
				default: '',
				placeholder: 'e.g. displayName',
				description: 'A property to sort by, optionally followed by asc or desc',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. sales',
				description: 'Text to look for in the display name and description (words starting with it)',
			},
		],
	},
	...outputFields(groupFieldOptions),
];

export const description = showFor('group', ['getAll'], properties);

const GROUP_TYPE_FILTERS: Record<string, string> = {
	any: '',
	dynamic: "groupTypes/any(t:t eq 'DynamicMembership')",
	microsoft365: "groupTypes/any(t:t eq 'Unified')",
	security: 'securityEnabled eq true',
};

function check(ctx: IExecuteFunctions, itemIndex: number) {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const groupType = checkChoice(ctx, filters.groupType, itemIndex, 'Group Type', ['any', 'dynamic', 'microsoft365', 'security'] as const) ?? 'any';
	const search = checkText(ctx, filters.search, itemIndex, 'Search', false);
	return {
		limit: limitFor(ctx, itemIndex),
		qs: {
			$select: selectFor(ctx, itemIndex, { simplified: GROUP_SIMPLIFIED_PROPERTIES, all: GROUP_PROPERTIES }),
			$filter: allOf([GROUP_TYPE_FILTERS[groupType], rawFilterParam(ctx, filters.filter, itemIndex, 'Filter (OData)')]),
			$search: search ? searchAny(['displayName', 'description'], search) : undefined,
			$orderby: checkOrderBy(ctx, checkText(ctx, filters.orderBy, itemIndex, 'Order By', false), itemIndex) || undefined,
		},
	};
}

export async function execute(this: IExecuteFunctions, graph: GraphClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachChecked(
		this,
		items,
		(itemIndex) => check(this, itemIndex),
		async ({ limit, qs }, itemIndex) => await list(graph, '/groups', qs, limit, itemIndex),
	);
}
