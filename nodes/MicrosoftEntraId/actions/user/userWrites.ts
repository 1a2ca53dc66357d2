import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Checked } from '../../helpers/execution';
import { failFast, handleItemError, sendItemRequests } from '../../helpers/execution';
import { resolvedId, resolveUserIds } from '../../helpers/lookups';
import { withoutContextAndEtag } from '../../helpers/output';
import { bulkEnabled } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { userPath } from '../../../transport';

/** One user write (create or update) and the manager to set afterwards. */
export interface UserWrite {
	/** The user write; absent when only the manager changes (Graph refuses a PATCH with nothing in it). */
	request?: BatchRequest;
	manager?: string;
	/** The user to set the manager on (id or UPN); the id in Graph's answer wins (a created user's). */
	target: string;
	/** The item's output after the write (and the manager) succeeded; without it, the user as Graph returned it. */
	output?: IDataObject;
}

type Entry = { write: UserWrite; managerId?: string } | { error: unknown };

/** The user Graph answered with (Create), without a password: never echo one into the execution data. */
function answeredUser(result: BatchResult): IDataObject {
	const user = withoutContextAndEtag(result.body);
	delete user.passwordProfile;
	return user;
}

/** The request that makes `managerId` the manager of `user`. */
export function setManagerRequest(
	graph: GraphClient,
	user: string,
	managerId: string,
	itemIndex: number,
): BatchRequest {
	return {
		method: 'PUT',
		path: `${userPath(user)}/manager/$ref`,
		body: { '@odata.id': graph.directoryObjectRef(managerId) },
		itemIndex,
		subject: { kind: 'User', id: user },
	};
}

/** Looks up managers given by UPN; an item whose manager does not exist fails before its write. */
async function resolveManagers(
	ctx: IExecuteFunctions,
	graph: GraphClient,
	entries: Entry[],
	bulk: boolean,
): Promise<void> {
	const managers = entries.flatMap((entry) =>
		'write' in entry && entry.write.manager ? [entry.write.manager] : [],
	);
	if (!managers.length) return;
	const resolved = await resolveUserIds(ctx, graph, managers, bulk);
	entries.forEach((entry, itemIndex) => {
		if (!('write' in entry) || !entry.write.manager) return;
		try {
			entry.managerId = resolvedId(resolved, entry.write.manager);
		} catch (error) {
			const failure = new NodeOperationError(
				ctx.getNode(),
				`Manager not found: ${entry.write.manager}`,
				{
					itemIndex,
					description: error instanceof Error ? error.message : String(error),
				},
			);
			failFast(ctx, failure, itemIndex);
			entries[itemIndex] = { error: failure };
		}
	});
}

/**
 * The `execute` of Create and Update: looks up managers given by UPN, sends the writes (`$batch`
 * when bulk is on), then sets the managers of the users written (batched as well).
 * A failed manager change fails the item, saying that the user itself was written.
 */
export async function writeUsers(
	this: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<UserWrite>>,
): Promise<INodeExecutionData[]> {
	const bulk = bulkEnabled(this);
	const entries: Entry[] = checked.map((entry) =>
		'input' in entry ? { write: entry.input } : entry,
	);
	await resolveManagers(this, graph, entries, bulk);
	const indexes = entries.flatMap((entry, itemIndex) => ('write' in entry ? [itemIndex] : []));
	const results = new Map<number, BatchResult>();
	// A manager-only update has no user write: its manager step alone tells whether the user exists.
	for (const itemIndex of indexes) {
		if (!(entries[itemIndex] as { write: UserWrite }).write.request)
			results.set(itemIndex, { status: 204, headers: {}, body: undefined });
	}
	const writeIndexes = indexes.filter((itemIndex) => !results.has(itemIndex));
	const requests = writeIndexes.map(
		(itemIndex) => (entries[itemIndex] as { write: UserWrite }).write.request!,
	);
	(await sendItemRequests(this, graph, requests, bulk)).forEach((result, n) =>
		results.set(writeIndexes[n], result),
	);

	const managerIndexes = indexes.filter((itemIndex) => {
		const entry = entries[itemIndex] as { write: UserWrite; managerId?: string };
		return entry.managerId && !results.get(itemIndex)?.error;
	});
	const managerRequests = managerIndexes.map((itemIndex) => {
		const entry = entries[itemIndex] as { write: UserWrite; managerId: string };
		const answeredId = results.get(itemIndex)!.body?.id;
		return setManagerRequest(
			graph,
			typeof answeredId === 'string' && answeredId ? answeredId : entry.write.target,
			entry.managerId,
			itemIndex,
		);
	});
	const managerResults = new Map<number, BatchResult>();
	(await sendItemRequests(this, graph, managerRequests, bulk)).forEach((result, n) =>
		managerResults.set(managerIndexes[n], result),
	);

	return entries.map((entry, itemIndex) => {
		try {
			if ('error' in entry) throw entry.error;
			const result = results.get(itemIndex)!;
			if (result.error) throw result.error;
			const managerResult = managerResults.get(itemIndex);
			if (managerResult?.error) {
				if (!entry.write.request) throw managerResult.error;
				throw new NodeOperationError(
					this.getNode(),
					`The user was saved, but setting the manager failed: ${managerResult.error.message}`,
					{
						itemIndex,
						description: managerResult.error.description ?? undefined,
					},
				);
			}
			const json = entry.write.output ? { ...entry.write.output } : answeredUser(result);
			if (entry.managerId) json.managerId = entry.managerId;
			return { json, pairedItem: { item: itemIndex } };
		} catch (error) {
			return handleItemError(this, error, itemIndex);
		}
	});
}
