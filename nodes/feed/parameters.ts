import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_GROUP_PROPERTIES, DEFAULT_USER_PROPERTIES, EVENTS } from './events';

const USER_EVENTS = EVENTS.filter((event) => event.resource === 'user').map((event) => event.value);
const GROUP_EVENTS = EVENTS.filter((event) => event.resource === 'group').map(
	(event) => event.value,
);

/**
 * The canvas subtitle: the event's display name ("User Created"), not its value. One table for both
 * triggers, built from the event definitions.
 */
export const EVENT_SUBTITLE = `={{ (${JSON.stringify(Object.fromEntries(EVENTS.map((event) => [event.value, event.name])))})[$parameter["event"]] || $parameter["event"] }}`;

/**
 * The trigger's parameters, as a new array of new objects on every call: n8n's loader changes a
 * polling node's properties in place (it puts Poll Times at the front), so no two node descriptions
 * may share one array, or the instant trigger would show Poll Times too.
 */
export function triggerProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			required: true,
			options: EVENTS.map((event) => ({
				name: event.name,
				value: event.value,
				description: event.description,
			})),
			default: 'userCreated',
		},
		{
			displayName:
				'Changes are read with Microsoft Graph delta queries. Activating the workflow only records the current state: changes made after activation are emitted, earlier ones are not.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Delete Kind',
					name: 'deleteKind',
					type: 'options',
					displayOptions: { show: { '/event': ['userDeleted', 'groupDeleted'] } },
					options: [
						{ name: 'Both', value: 'both', description: 'Soft and permanent deletes' },
						{
							name: 'Permanent',
							value: 'permanent',
							description:
								'Deleted for good (purged, or a group type that is not kept in deleted items)',
						},
						{
							name: 'Soft (Restorable)',
							value: 'soft',
							description: 'Moved to deleted items, restorable for 30 days',
						},
					],
					default: 'both',
					description: 'Which deletions to emit',
				},
				{
					displayName: 'Group Properties',
					name: 'groupProperties',
					type: 'string',
					displayOptions: {
						show: { '/event': ['groupCreated', 'groupCreatedOrUpdated', 'groupDeleted'] },
					},
					default: DEFAULT_GROUP_PROPERTIES.join(','),
					description:
						'Comma-separated group properties to track and return ($select). Changes to other properties are not tracked. createdDateTime is always added.',
				},
				{
					displayName: 'Group Type',
					name: 'groupType',
					type: 'options',
					displayOptions: {
						show: { '/event': ['groupCreated', 'groupCreatedOrUpdated', 'groupDeleted'] },
					},
					options: [
						{ name: 'All', value: 'all' },
						{
							name: 'Microsoft 365',
							value: 'microsoft365',
							description: 'Groups whose groupTypes contain "Unified"',
						},
						{
							name: 'Security',
							value: 'security',
							description: 'Security-enabled groups that are not Microsoft 365 groups',
						},
					],
					default: 'all',
					description: 'Only emit groups of this type',
				},
				{
					displayName: 'Max Retries',
					name: 'maxRetries',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 20 },
					default: 5,
					description:
						'How often a throttled (429), unavailable (503/504) or dropped request is sent again before the poll fails (the stored state then stays, and the next poll reads the same changes)',
				},
				{
					displayName: 'Max Total Retry Wait (Seconds)',
					name: 'maxWaitSeconds',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 3600 },
					default: 300,
					description:
						'Upper bound for all waits of one request together, including the waits Graph asks for with Retry-After',
				},
				{
					displayName: 'Only When These Properties Change',
					name: 'watchedProperties',
					type: 'string',
					displayOptions: { show: { '/event': ['userCreatedOrUpdated', 'groupCreatedOrUpdated'] } },
					default: '',
					placeholder: 'e.g. department,jobTitle',
					description:
						'Comma-separated properties: an update is emitted only when one of them changed. Empty: any tracked change. Creations and restores are always emitted.',
				},
				{
					displayName: 'Return Full Object',
					name: 'fullObject',
					type: 'boolean',
					displayOptions: { hide: { '/event': ['groupMembershipChanged'] } },
					default: false,
					description:
						'Whether to read every selected property of each changed object (in $batch requests of 20). Without it, an update carries only the changed properties.',
				},
				{
					displayName: 'User Properties',
					name: 'userProperties',
					type: 'string',
					displayOptions: { show: { '/event': USER_EVENTS } },
					default: DEFAULT_USER_PROPERTIES.join(','),
					description:
						'Comma-separated user properties to track and return ($select). Changes to other properties are not tracked. createdDateTime (and accountEnabled for the enable/disable event) are always added.',
				},
				{
					displayName: 'User Type',
					name: 'userType',
					type: 'options',
					displayOptions: { show: { '/event': USER_EVENTS } },
					options: [
						{ name: 'All', value: 'all' },
						{ name: 'Guest', value: 'Guest' },
						{ name: 'Member', value: 'Member' },
					],
					default: 'all',
					description: 'Only emit users of this type',
				},
			],
		},
	];
}

export { GROUP_EVENTS, USER_EVENTS };
