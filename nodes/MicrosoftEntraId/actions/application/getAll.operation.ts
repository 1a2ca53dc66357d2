import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { selectFor } from '../../helpers/parameters';
import { outputFields, showFor } from '../common.descriptions';
import type { Listing } from '../listing';
import {
	filtersFor,
	limitFields,
	limitFor,
	rawFilterCollection,
	rawFilterParam,
	readListing,
} from '../listing';
import { APPLICATION_PROPERTIES, SIMPLIFIED_PROPERTIES } from './fields';

const fieldOptions = APPLICATION_PROPERTIES.filter((property) => property !== 'id')
	.map((property) => ({ name: property, value: property }))
	.sort((a, b) => a.name.localeCompare(b.name));

const properties: INodeProperties[] = [
	...limitFields(),
	rawFilterCollection("e.g. startswith(displayName,'n8n')"),
	...outputFields(fieldOptions),
];

export const description = showFor('application', ['getAll'], properties);

export function check(this: IExecuteFunctions, itemIndex: number): Listing {
	const filter = rawFilterParam(this, filtersFor(this, itemIndex).filter, itemIndex);
	return {
		path: '/applications',
		limit: limitFor(this, itemIndex),
		qs: {
			$select: selectFor(this, itemIndex, {
				simplified: SIMPLIFIED_PROPERTIES,
				all: APPLICATION_PROPERTIES,
			}),
			$filter: filter || undefined,
		},
		subject: { kind: 'Applications' },
	};
}

export const mode = 'perItem';

/**
 * GET /applications (List applications: Application.Read.All), with the app registrations' secrets
 * (`passwordCredentials`: name, hint, key id, dates; never the value) and certificates
 * (`keyCredentials`). Pages of up to 999.
 */
export const execute = readListing;
