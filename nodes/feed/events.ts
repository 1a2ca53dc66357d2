/**
 * The events the trigger can emit, and what each needs from Graph's delta feeds.
 * One event per node, so one delta feed per node: activation and an idle poll cost one request.
 */

import { GROUP_IDENTITY_PROPERTIES, USER_IDENTITY_PROPERTIES } from '../shared/properties';

export type EventName =
	| 'userCreated'
	| 'userCreatedOrUpdated'
	| 'userDeleted'
	| 'userEnabledChanged'
	| 'groupCreated'
	| 'groupCreatedOrUpdated'
	| 'groupDeleted'
	| 'groupMembershipChanged';

export type Resource = 'user' | 'group';

/**
 * What the event looks for in a round of changes:
 * - created: new objects only; createdOrUpdated: new, changed and restored objects;
 * - deleted: objects with `@removed`; accountEnabled: a changed `accountEnabled` on an existing user;
 * - membership: `members@delta` entries of groups.
 */
export type EventKind =
	| 'created'
	| 'createdOrUpdated'
	| 'deleted'
	| 'accountEnabled'
	| 'membership';

export interface EventDefinition {
	value: EventName;
	name: string;
	description: string;
	resource: Resource;
	kind: EventKind;
	/** Least-privileged application permission (Graph permission tables of user: delta / group: delta). */
	permission: string;
}

export const EVENTS: EventDefinition[] = [
	{
		value: 'groupCreated',
		name: 'Group Created',
		description: 'A group was created',
		resource: 'group',
		kind: 'created',
		permission: 'GroupMember.Read.All',
	},
	{
		value: 'groupCreatedOrUpdated',
		name: 'Group Created or Updated',
		description: 'A group was created, changed or restored',
		resource: 'group',
		kind: 'createdOrUpdated',
		permission: 'GroupMember.Read.All',
	},
	{
		value: 'groupDeleted',
		name: 'Group Deleted',
		description: 'A group was deleted (soft delete, permanent delete, or both)',
		resource: 'group',
		kind: 'deleted',
		permission: 'GroupMember.Read.All',
	},
	{
		value: 'groupMembershipChanged',
		name: 'Group Membership Changed',
		description: 'Members were added to or removed from a group (one item per member)',
		resource: 'group',
		kind: 'membership',
		permission: 'GroupMember.Read.All',
	},
	{
		value: 'userCreated',
		name: 'User Created',
		description: 'A user was created',
		resource: 'user',
		kind: 'created',
		permission: 'User.Read.All',
	},
	{
		value: 'userCreatedOrUpdated',
		name: 'User Created or Updated',
		description: 'A user was created, changed or restored',
		resource: 'user',
		kind: 'createdOrUpdated',
		permission: 'User.Read.All',
	},
	{
		value: 'userDeleted',
		name: 'User Deleted',
		description: 'A user was deleted (soft delete, permanent delete, or both)',
		resource: 'user',
		kind: 'deleted',
		permission: 'User.Read.All',
	},
	{
		value: 'userEnabledChanged',
		name: 'User Disabled or Enabled',
		description: 'The account of an existing user was disabled or enabled',
		resource: 'user',
		kind: 'accountEnabled',
		permission: 'User.Read.All',
	},
];

export function eventDefinition(value: string): EventDefinition | undefined {
	return EVENTS.find((event) => event.value === value);
}

/** Properties returned by default: the usual identity fields plus what the rules need. */
export const DEFAULT_USER_PROPERTIES = [
	...USER_IDENTITY_PROPERTIES,
	'userType',
	'accountEnabled',
	'createdDateTime',
];

export const DEFAULT_GROUP_PROPERTIES = [...GROUP_IDENTITY_PROPERTIES, 'createdDateTime'];

/**
 * Properties the feed must track whatever the user picks, because the rules read them:
 * createdDateTime tells created from updated, accountEnabled drives the enable/disable event.
 */
export function requiredProperties(event: EventDefinition): string[] {
	switch (event.kind) {
		case 'created':
		case 'createdOrUpdated':
			return ['createdDateTime'];
		case 'accountEnabled':
			return ['createdDateTime', 'accountEnabled'];
		default:
			return [];
	}
}
