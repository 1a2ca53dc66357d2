import type { IExecuteFunctions } from 'n8n-workflow';

import { showFor } from '../common.descriptions';
import type { Listing } from '../listing';
import { readListing } from '../listing';
import { listingProperties, memberListing } from './memberListing';

export const description = showFor(
	'group',
	['getTransitiveMembers'],
	listingProperties('transitiveMembers'),
);

export const mode = 'perItem';

export function check(this: IExecuteFunctions, itemIndex: number): Listing {
	return memberListing(this, 'transitiveMembers', itemIndex);
}

export const execute = readListing;
