import { authenticationMethod } from './authenticationMethod';
import { directoryRole } from './directoryRole';
import { group } from './group';
import { license } from './license';
import type { ResourceModule } from './types';
import { user } from './user';

/**
 * Every resource of the node, by the value of its "Resource" option.
 * Each resource lives in `actions/<resource>/index.ts`.
 */
export const resources: Record<string, ResourceModule> = { authenticationMethod, directoryRole, group, license, user };
