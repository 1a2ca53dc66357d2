import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { USER_PROPERTIES, USER_SIMPLIFIED_PROPERTIES } from '../../../shared/properties';
import { selectFor, userIdFrom } from '../../helpers/parameters';
import { userPath } from '../../../transport';
import { outputFields, showFor, userFieldOptions, userLocator } from '../common.descriptions';
import type { Listing } from '../listing';
import {
	filtersFor,
	limitFields,
	limitFor,
	rawFilterCollection,
	rawFilterParam,
	readListing,
	usesListingConvention,
	versionedProperties,
} from '../listing';

const properties: INodeProperties[] = [
	userLocator('user', 'Manager', { description: 'The user whose direct reports to list' }),
	...limitFields(true),
	// List directReports: $filter (advanced query, new in 1.2); it has no $search
	...versionedProperties('current', [rawFilterCollection("e.g. startswith(jobTitle,'Senior')")]),
	...outputFields(userFieldOptions),
];

export const description = showFor('user', ['getDirectReports'], properties);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Listing {
	const user = userIdFrom(this, 'user', itemIndex, 'Manager');
	const select = selectFor(this, itemIndex, {
		simplified: USER_SIMPLIFIED_PROPERTIES,
		all: USER_PROPERTIES,
	});
	const filter = usesListingConvention(this)
		? rawFilterParam(this, filtersFor(this, itemIndex).filter, itemIndex)
		: '';
	return {
		path: `${userPath(user)}/directReports/microsoft.graph.user`,
		qs: { $select: select, $count: true, $filter: filter || undefined },
		limit: limitFor(this, itemIndex),
		subject: { kind: 'User', id: user },
		earlierShape: 'withoutContextAndEtag',
	};
}

/**
 * GET /users/{id|upn}/directReports/microsoft.graph.user: one item per report, users only (a
 * manager's reports may also be organizational contacts). The OData cast is sent as an advanced
 * query (ConsistencyLevel: eventual, `$count=true`), as Graph wants for casts on directory
 * relationships; pages follow `@odata.nextLink`.
 */
export const execute = readListing;
