import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkChoice } from '../../helpers/parameters';
import type { QueryValue } from '../../../transport';
import { searchAny } from '../../../transport';
import { showFor } from '../common.descriptions';
import type { Listing } from '../listing';
import {
	filtersFor,
	limitFields,
	limitFor,
	rawFilterCollection,
	rawFilterParam,
	readListing,
	searchField,
	searchFor,
	sortField,
	sortFor,
	usesListingConvention,
	versionedProperties,
} from '../listing';
import { deletedItemSelect, objectTypeField, objectTypeFor, outputField } from './fields';

const properties: INodeProperties[] = [
	objectTypeField,
	...limitFields(),
	searchField(
		'Only deleted objects whose display name, mail or user principal name (users) starts with a word of this text',
	),
	...versionedProperties('earlier', [
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
	]),
	...versionedProperties('current', [
		// List deletedItems: the cast resource's $filter (new in 1.2)
		rawFilterCollection("e.g. startswith(displayName,'A')"),
		sortField(
			[
				{ name: 'Deletion Time', value: 'deletedDateTime' },
				{ name: 'Display Name', value: 'displayName' },
			],
			'Without a sort: most recently deleted first. Deletion time ascending: purged soonest first.',
		),
	]),
	outputField,
];

export const description = showFor('deletedItem', ['getAll'], properties);

/** The "Sort" choices of versions 1 and 1.1, as `$orderby` values. */
const EARLIER_ORDER = {
	deletedDesc: 'deletedDateTime desc',
	deletedAsc: 'deletedDateTime asc',
	displayName: 'displayName',
} as const;

/** The `$orderby`: "Sort" (1.2; none: most recently deleted first), or the choice of versions 1 and 1.1. */
function orderByFor(ctx: IExecuteFunctions, itemIndex: number): string {
	if (usesListingConvention(ctx)) return sortFor(ctx, itemIndex) ?? EARLIER_ORDER.deletedDesc;
	const sort =
		checkChoice(ctx, ctx.getNodeParameter('sort', itemIndex, 'deletedDesc'), itemIndex, 'Sort', [
			'deletedDesc',
			'deletedAsc',
			'displayName',
		] as const) ?? 'deletedDesc';
	return EARLIER_ORDER[sort];
}

export function check(this: IExecuteFunctions, itemIndex: number): Listing {
	const type = objectTypeFor(this, itemIndex);
	const search = searchFor(this, itemIndex);
	const orderBy = orderByFor(this, itemIndex);
	const filter = usesListingConvention(this)
		? rawFilterParam(this, filtersFor(this, itemIndex).filter, itemIndex)
		: '';
	const qs: Record<string, QueryValue> = { $select: deletedItemSelect(this, itemIndex, type) };
	if (filter) qs.$filter = filter;
	if (search)
		qs.$search = searchAny(
			type === 'user' ? ['displayName', 'mail', 'userPrincipalName'] : ['displayName', 'mail'],
			search,
		);
	// $search results come ranked; Graph does not combine them with $orderby. Sorting by deletion time
	// is an advanced query (advanced queries docs, sorting table), as is $search.
	else qs.$orderby = orderBy;
	if (search || orderBy.startsWith('deletedDateTime')) qs.$count = true;
	return {
		path: `/directory/deletedItems/microsoft.graph.${type}`,
		qs,
		limit: limitFor(this, itemIndex),
		subject: { kind: 'Deleted items' },
		earlierShape: 'withoutContextAndEtag',
	};
}

export const mode = 'perItem';

/**
 * GET /directory/deletedItems/microsoft.graph.user|group (List deletedItems; the OData cast is
 * required). `$search` needs ConsistencyLevel: eventual and ordering by deletedDateTime needs
 * `$count=true` with it (advanced query): the transport adds the header for both.
 */
export const execute = readListing;
