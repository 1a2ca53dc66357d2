import { application } from './application';
import { authenticationMethod } from './authenticationMethod';
import { deletedItem } from './deletedItem';
import { directoryRole } from './directoryRole';
import { group } from './group';
import { guest } from './guest';
import { license } from './license';
import type { ResourceModule } from './types';
import { user } from './user';

/**
 * Every resource of the node, by the value of its "Resource" option.
 * Each resource lives in `actions/<resource>/index.ts`; in that folder, `<operation>.operation.ts`
 * files are its operations and every other file is a helper of that resource only. What several
 * resources use lives in `../helpers/`, except two description files that sit beside the resources
 * because they are parameter descriptions, not code: `listing.ts` (the listing parameters of every
 * Get Many) and `common.descriptions.ts` (request options). Graph facts the credential and the
 * triggers read too are in `nodes/shared/`.
 */
export const resources: Record<string, ResourceModule> = {
	application,
	authenticationMethod,
	deletedItem,
	directoryRole,
	group,
	guest,
	license,
	user,
};
