import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { Checked } from '../../helpers/execution';
import { failFast, handleItemError, sendItemRequests } from '../../helpers/execution';
import { resolvedId, resolveUserIds } from '../../helpers/lookups';
import { bulkEnabled, checkBoolean, invalidInput, userIdFrom } from '../../helpers/parameters';
import type { BatchRequest, GraphClient } from '../../../transport';
import { encodePathSegment } from '../../../transport';
import { showFor, userLocator } from '../common.descriptions';
import { assignmentsOf, matching, ROLE_ASSIGNMENTS_PATH, roleIdFrom, roleLocator } from './roles';

const properties: INodeProperties[] = [
	userLocator('user', 'User', { description: 'The user who loses the role' }),
	roleLocator('role', 'Role', 'The directory role to remove (its tenant-wide assignment)'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore If Not Assigned',
				name: 'ignoreNotAssigned',
				type: 'boolean',
				default: true,
				description:
					'Whether a user who does not hold the role passes with status "notAssigned" instead of failing',
			},
		],
	},
];

export const description = showFor('directoryRole', ['removeFromUser'], properties);

interface Input {
	user: string;
	roleId: string;
	ignoreNotAssigned: boolean;
}

export const mode = 'allItems';

export function check(this: IExecuteFunctions, itemIndex: number): Input {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options === null || typeof options !== 'object' || Array.isArray(options)) {
		throw invalidInput(
			this,
			itemIndex,
			`"Options" must be an object`,
			'Set the options in the collection',
		);
	}
	return {
		user: userIdFrom(this, 'user', itemIndex, 'User'),
		roleId: roleIdFrom(this, 'role', itemIndex, 'Role'),
		ignoreNotAssigned:
			options.ignoreNotAssigned === undefined
				? true
				: checkBoolean(this, options.ignoreNotAssigned, itemIndex, 'Ignore If Not Assigned'),
	};
}

/**
 * Reads the user's assignments (`GET roleAssignments?$filter=principalId eq '{id}'`), then
 * `DELETE /roleManagement/directory/roleAssignments/{id}` (204) for the role's tenant-wide
 * assignment; both steps in `$batch` when bulk is on. Output: { status: "removed" | "notAssigned" }.
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
	const fail = (itemIndex: number, error: unknown) => {
		failFast(this, error, itemIndex);
		outcome.set(itemIndex, error);
	};

	const ready: Array<{
		itemIndex: number;
		principalId: string;
		roleId: string;
		ignoreNotAssigned: boolean;
	}> = [];
	for (const entry of valid) {
		try {
			ready.push({ ...entry, principalId: resolvedId(resolved, entry.user) });
		} catch (error) {
			fail(entry.itemIndex, error);
		}
	}
	const principals = [...new Set(ready.map((entry) => entry.principalId))];
	const reads = await sendItemRequests(
		this,
		graph,
		principals.map((id) => assignmentsOf(id)),
		bulk,
	);
	const readOf = new Map(principals.map((id, index) => [id, reads[index]]));

	const deletes: Array<{ itemIndex: number; output: IDataObject; request: BatchRequest }> = [];
	for (const entry of ready) {
		const read = readOf.get(entry.principalId)!;
		if (read.error) {
			fail(entry.itemIndex, read.error);
			continue;
		}
		const [assignment] = matching(read.body?.value, entry.roleId);
		const base = { userId: entry.principalId, roleDefinitionId: entry.roleId };
		if (!assignment) {
			if (entry.ignoreNotAssigned) outcome.set(entry.itemIndex, { ...base, status: 'notAssigned' });
			else
				fail(
					entry.itemIndex,
					invalidInput(
						this,
						entry.itemIndex,
						`The user ${entry.principalId} does not hold the role ${entry.roleId}`,
						'Turn on "Ignore If Not Assigned" to let such items pass',
					),
				);
			continue;
		}
		const id = String(assignment.id);
		deletes.push({
			itemIndex: entry.itemIndex,
			output: { ...base, assignmentId: id, status: 'removed' },
			request: {
				method: 'DELETE',
				path: `${ROLE_ASSIGNMENTS_PATH}/${encodePathSegment(id)}`,
				itemIndex: entry.itemIndex,
				subject: { kind: 'Role assignment', id },
			},
		});
	}
	const results = await sendItemRequests(
		this,
		graph,
		deletes.map((entry) => entry.request),
		bulk,
	);
	deletes.forEach((entry, index) =>
		outcome.set(entry.itemIndex, results[index].error ?? entry.output),
	);

	return checked.map((entry, itemIndex) => {
		const value = 'error' in entry ? entry.error : outcome.get(itemIndex);
		if (value instanceof Error || value === undefined)
			return handleItemError(this, value ?? new Error('No result'), itemIndex);
		return { json: value as IDataObject, pairedItem: { item: itemIndex } };
	});
}
