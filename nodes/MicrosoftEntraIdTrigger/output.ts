import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Resource } from './events';

/*
 * The items the trigger emits. Every item carries `changeType` and `resource`; object events also
 * carry the object's properties (`id` first) and `changedProperties`.
 *
 * changeType: created | updated | restored | deleted | enabled | disabled | memberAdded |
 * memberRemoved | syncReset (a warning: the delta state expired, see recovery.ts).
 */

export function objectItem(
	resource: Resource,
	changeType: string,
	id: string,
	properties: IDataObject,
	extra: IDataObject = {},
): INodeExecutionData {
	const { id: _ignored, ...rest } = properties;
	return { json: { changeType, resource, id, ...rest, ...extra } };
}

/** `#microsoft.graph.user` -> `user`. */
export function memberTypeOf(odataType: string): string {
	const name = odataType.replace(/^#?microsoft\.graph\./, '');
	return name || 'directoryObject';
}

export function memberItem(groupId: string, memberId: string, odataType: string, removed: boolean): INodeExecutionData {
	return {
		json: {
			changeType: removed ? 'memberRemoved' : 'memberAdded',
			resource: 'group',
			groupId,
			memberId,
			memberType: memberTypeOf(odataType),
		},
	};
}
