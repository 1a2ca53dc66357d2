import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { outputObject, withoutContextAndEtag } from '../../helpers/output';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import {
	deletedItemPath,
	ensureNodeError,
	graphErrorInfo,
	odataString,
	userPath,
} from '../../../transport';
import { showFor } from '../common.descriptions';
import { deletedIdFrom, deletedItemLocator, objectTypeField } from './fields';

const properties: INodeProperties[] = [
	objectTypeField,
	{
		...deletedItemLocator,
		description: 'The deleted user or Microsoft 365 group to bring back, with its memberships',
	},
];

export const description = showFor('deletedItem', ['restore'], properties);

/** Another live object holding the name the deleted one needs back, if any. */
async function findConflict(
	graph: GraphClient,
	id: string,
	itemIndex: number,
): Promise<string | undefined> {
	const deleted = await graph.request({
		path: deletedItemPath(id),
		itemIndex,
		subject: { kind: 'Deleted item', id },
	});
	const type = String(deleted['@odata.type'] ?? '');
	const name = `"${String(deleted.displayName ?? id)}"`;
	if (type.endsWith('.user') && typeof deleted.userPrincipalName === 'string') {
		const upn = deleted.userPrincipalName;
		try {
			const other = await graph.request({
				path: userPath(upn),
				qs: { $select: 'id,displayName' },
				itemIndex,
			});
			return `Cannot restore user ${name}: its user principal name ${upn} now belongs to another user ("${String(other.displayName)}", ID ${String(other.id)}). Rename or delete that user, then restore again`;
		} catch (error) {
			if (graphErrorInfo(error)?.status === 404) return undefined;
			throw ensureNodeError(graph.node, error);
		}
	}
	if (type.endsWith('.group') && typeof deleted.mail === 'string' && deleted.mail) {
		const others = await graph.getAll<IDataObject>(
			{
				path: '/groups',
				qs: { $filter: `mail eq ${odataString(deleted.mail)}`, $select: 'id,displayName' },
				itemIndex,
			},
			1,
		);
		if (others.length) {
			return `Cannot restore group ${name}: its email address ${deleted.mail} now belongs to another group ("${String(others[0].displayName)}", ID ${String(others[0].id)}). Change that group's address or delete it, then restore again`;
		}
	}
	return undefined;
}

export const mode = 'batch';

export function check(this: IExecuteFunctions, itemIndex: number): string {
	return deletedIdFrom(this, itemIndex);
}

/**
 * POST /directory/deletedItems/{id}/restore (200 with the object), `$batch` when bulk is on. Graph
 * refuses a restore with 400 when, for example, the user's UPN or the group's mail address is now
 * used by another object; its error does not say which, so on a 400 the deleted object is read and
 * the holder of its name looked up, to say what to change. The restored object then shows in the
 * delta query as new (the trigger's `restored` event).
 */
export function request(this: IExecuteFunctions, graph: GraphClient, id: string): BatchRequest {
	return {
		method: 'POST',
		path: `${deletedItemPath(id)}/restore`,
		subject: { kind: 'Deleted item', id },
	};
}

/** The first node version whose Restore output follows the output convention (no `@odata.type`). */
const CLEAN_OUTPUT_VERSION = 1.2;

/**
 * The restored object with `restored: true`. From node version 1.2 without OData annotations, its
 * type in `objectType` (`user`, `group`); nodes saved with 1 or 1.1 keep the `@odata.type` they had.
 */
export function finish(
	this: IExecuteFunctions,
	graph: GraphClient,
	id: string,
	result: BatchResult,
): IDataObject {
	const object = withoutContextAndEtag(result.body);
	if (this.getNode().typeVersion < CLEAN_OUTPUT_VERSION) return { ...object, restored: true };
	return { ...outputObject(this, object, { typed: true }), restored: true };
}

/** A refused restore (400) is usually a name conflict: say which object holds the name. */
export async function recover(
	this: IExecuteFunctions,
	graph: GraphClient,
	id: string,
	result: BatchResult,
	itemIndex: number,
): Promise<IDataObject> {
	if (result.status === 400) {
		// The look-up only improves the message; if it fails, Graph's own error stands.
		const conflict = await findConflict(graph, id, itemIndex).catch(() => undefined);
		if (conflict && result.error instanceof NodeApiError) result.error.message = conflict;
	}
	throw result.error;
}
