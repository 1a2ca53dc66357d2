import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { TriggerConfig } from './config';
import type { Resource } from './events';

/*
 * The items the trigger emits, built here and only here, for real events, recovered events and
 * "Fetch Test Event" alike, so that a test event has exactly the keys of a real event of the same
 * kind (a user builds the next node from it).
 *
 * changeType: created | updated | restored | deleted | enabled | disabled | memberAdded |
 * memberRemoved | syncReset (a warning: the delta state could not be used, see recovery.ts).
 *
 * - created / restored: the whole object, i.e. every selected property. Graph leaves properties
 *   without a value out of a delta item, so they are filled in as null, as a GET with the same
 *   $select returns them. No changedProperties: for a new object it would only repeat the keys.
 * - updated / enabled / disabled: the changed properties (every selected one with "Return Full
 *   Object") and `changedProperties`, the properties Graph reported as changed.
 * - deleted: `deleteKind`; with "Return Full Object" also the selected properties and
 *   `deletedDateTime` as deleted items lists them (permanently deleted objects cannot be read).
 */

/** The key of every item: what happened to which kind of object. */
function head(resource: Resource, changeType: string, id: string): IDataObject {
	return { changeType, resource, id };
}

/** The selected properties of an object, null where Graph gave no value. */
function wholeObject(config: TriggerConfig, properties: IDataObject): IDataObject {
	const object: IDataObject = {};
	for (const name of config.select) if (name !== 'id') object[name] = properties[name] ?? null;
	return object;
}

function withoutId(properties: IDataObject): IDataObject {
	const rest = { ...properties };
	delete rest.id;
	return rest;
}

/** An object event (created, updated, restored, enabled, disabled). */
export function objectEvent(
	config: TriggerConfig,
	changeType: string,
	id: string,
	properties: IDataObject,
	details: { changedProperties?: string[]; flags?: IDataObject } = {},
): INodeExecutionData {
	const whole = changeType === 'created' || changeType === 'restored';
	const body = whole ? wholeObject(config, properties) : withoutId(properties);
	const changed = whole ? {} : { changedProperties: details.changedProperties ?? [] };
	return {
		json: {
			...head(config.event.resource, changeType, id),
			...body,
			...changed,
			...(details.flags ?? {}),
		},
	};
}

/** A deletion. `object` is what deleted items holds for it, when it was read. */
export function deletedEvent(
	config: TriggerConfig,
	id: string,
	deleteKind: 'soft' | 'permanent',
	object: IDataObject | undefined,
	flags: IDataObject = {},
): INodeExecutionData {
	const body =
		config.fullObject && object
			? { ...wholeObject(config, object), deletedDateTime: object.deletedDateTime ?? null }
			: {};
	return { json: { ...head(config.event.resource, 'deleted', id), ...body, deleteKind, ...flags } };
}

/** `#microsoft.graph.user` -> `user`. */
export function memberTypeOf(odataType: string): string {
	const name = odataType.replace(/^#?microsoft\.graph\./, '');
	return name || 'directoryObject';
}

export function memberItem(
	groupId: string,
	memberId: string,
	odataType: string,
	removed: boolean,
): INodeExecutionData {
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

/** Drops every OData annotation (`@odata.context`, `@odata.type`, `@odata.etag`, ...) from an object Graph returned. */
export function withoutAnnotations(object: IDataObject): IDataObject {
	const clean: IDataObject = {};
	for (const [key, value] of Object.entries(object))
		if (!key.startsWith('@odata.')) clean[key] = value;
	return clean;
}
