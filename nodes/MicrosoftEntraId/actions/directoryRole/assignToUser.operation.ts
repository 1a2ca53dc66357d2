import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { sendRequests } from '../../helpers/engine';
import type { Checked } from '../../helpers/execution';
import { failFast, handleItemError, sendItemRequests } from '../../helpers/execution';
import { resolvedId, resolveUserIds } from '../../helpers/lookups';
import { withoutContextAndEtag } from '../../helpers/output';
import { bulkEnabled, userIdFrom } from '../../helpers/parameters';
import type { BatchRequest, BatchResult, GraphClient } from '../../../transport';
import { encodePathSegment, graphErrorInfo } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import {
	assignmentsOf,
	matching,
	ROLE_ASSIGNMENTS_PATH,
	ROLE_DEFINITIONS_PATH,
	roleIdFrom,
	roleLocator,
} from './roles';

/** `GET /roleManagement/directory/roleDefinitions/{id}?$select=id,displayName`: a role's name. */
function roleDefinitionRead(roleId: string): BatchRequest {
	return {
		method: 'GET',
		path: `${ROLE_DEFINITIONS_PATH}/${encodePathSegment(roleId)}`,
		qs: { $select: 'id,displayName' },
		subject: { kind: 'Role', id: roleId },
	};
}

const properties: INodeProperties[] = [
	{
		displayName:
			'Privileged: a directory role gives the user administrative rights over the whole tenant (Global Administrator and Privileged Role Administrator: full control). Assign the least privileged role that does the job, and prefer time-bound, approved assignments (Privileged Identity Management) for standing admin rights.',
		name: 'privilegeNotice',
		type: 'notice',
		default: '',
	},
	userLocator('user', 'User', { description: 'The user who gets the role' }),
	roleLocator(
		'role',
		'Role',
		'The directory role to assign, tenant-wide (privileged: a role such as Global Administrator gives full control of the tenant)',
	),
];

export const description = showFor('directoryRole', ['assignToUser'], properties);

/** Refusals that may mean "already assigned" (the emulator answers 400; a conflict may come as 409). */
const MAYBE_ASSIGNED = new Set([400, 409]);

interface Input {
	user: string;
	roleId: string;
}

export const mode = 'allItems';

export function check(this: IExecuteFunctions, itemIndex: number): Input {
	return {
		user: userIdFrom(this, 'user', itemIndex, 'User'),
		roleId: roleIdFrom(this, 'role', itemIndex, 'Role'),
	};
}

/**
 * POST /roleManagement/directory/roleAssignments { principalId, roleDefinitionId, directoryScopeId: "/" }
 * (201), `$batch` when bulk is on; UPNs are looked up first. When Graph refuses with 400/409, the user's
 * assignments are read: if the role is there, the item passes with status "alreadyAssigned" (decided
 * from the directory, not from the error's wording).
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	checked: Array<Checked<Input>>,
): Promise<INodeExecutionData[]> {
	const bulk = bulkEnabled(this);
	const valid = checked.flatMap((entry, itemIndex) =>
		'input' in entry ? [{ itemIndex, ...entry.input }] : [],
	);
	const resolved = await resolveUserIds(
		this,
		graph,
		valid.map((entry) => entry.user),
		bulk,
	);

	const outcome = new Map<number, IDataObject | unknown>();
	const writes: Array<{
		itemIndex: number;
		principalId: string;
		roleId: string;
		request: BatchRequest;
	}> = [];
	for (const entry of valid) {
		try {
			const principalId = resolvedId(resolved, entry.user);
			const body = { principalId, roleDefinitionId: entry.roleId, directoryScopeId: '/' };
			writes.push({
				...entry,
				principalId,
				request: {
					method: 'POST',
					path: ROLE_ASSIGNMENTS_PATH,
					body,
					itemIndex: entry.itemIndex,
					subject: { kind: 'Role or user', id: `${entry.roleId}, ${principalId}` },
				},
			});
		} catch (error) {
			failFast(this, error, entry.itemIndex);
			outcome.set(entry.itemIndex, error);
		}
	}
	// A 400 or 409 may only mean "already assigned" (checked afterwards): it does not stop the run.
	const results = await sendItemRequests(
		this,
		graph,
		writes.map((write) => write.request),
		bulk,
		MAYBE_ASSIGNED,
	);

	// Refusals with 400/409: is the role already there? One read per distinct user. With them, in
	// the same round trip, one read per distinct role for its display name (the output's roleDisplayName).
	const refused = writes.filter(
		(_, index) =>
			results[index].error && MAYBE_ASSIGNED.has(graphErrorInfo(results[index].error)?.status ?? 0),
	);
	const principals = [...new Set(refused.map((write) => write.principalId))];
	const roleIds = [
		...new Set(
			writes
				.filter((_, index) => !results[index].error || refused.includes(writes[index]))
				.map((write) => write.roleId),
		),
	];
	// Look-ups: one that fails leaves its write's own error (or the name out), it does not stop the run.
	const reads = await sendRequests(
		graph,
		[...principals.map((id) => assignmentsOf(id)), ...roleIds.map((id) => roleDefinitionRead(id))],
		{ bulk },
	);
	const existing = new Map(
		principals.map((id, index) => [id, reads[index]] as [string, BatchResult]),
	);
	const roleNames = new Map(
		roleIds.map(
			(id, index) => [id, reads[principals.length + index]?.body?.displayName] as [string, unknown],
		),
	);
	const named = (roleId: string): IDataObject =>
		typeof roleNames.get(roleId) === 'string'
			? { roleDisplayName: roleNames.get(roleId) as string }
			: {};

	writes.forEach((write, index) => {
		const result = results[index];
		if (!result.error) {
			outcome.set(write.itemIndex, {
				status: 'assigned',
				...withoutContextAndEtag(result.body),
				...named(write.roleId),
			});
			return;
		}
		const read = existing.get(write.principalId);
		const found = read && !read.error ? matching(read.body?.value, write.roleId) : [];
		outcome.set(
			write.itemIndex,
			found.length
				? { status: 'alreadyAssigned', ...withoutContextAndEtag(found[0]), ...named(write.roleId) }
				: result.error,
		);
	});

	return checked.map((entry, itemIndex) => {
		const value = 'error' in entry ? entry.error : outcome.get(itemIndex);
		if (value instanceof Error || value === undefined)
			return handleItemError(this, value ?? new Error('No result'), itemIndex);
		return { json: value as IDataObject, pairedItem: { item: itemIndex } };
	});
}
