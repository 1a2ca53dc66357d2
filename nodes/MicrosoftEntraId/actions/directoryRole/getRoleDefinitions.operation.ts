import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOutput } from '../../helpers/execution';
import { withoutContextAndEtag } from '../../helpers/output';
import { checkBoolean, checkText, invalidInput } from '../../helpers/parameters';
import type { GraphClient } from '../../../transport';
import { odataString } from '../../../transport';
import { showFor } from '../common.descriptions';
import { allOf } from '../listing';
import { ROLE_DEFINITIONS_PATH } from './roles';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Built-In',
				name: 'isBuiltIn',
				type: 'boolean',
				default: true,
				description: 'Whether to return only built-in roles (on) or only custom roles (off)',
			},
			{
				displayName: 'Display Name',
				name: 'displayName',
				type: 'string',
				default: '',
				placeholder: 'e.g. User Administrator',
				description: 'Only the role with exactly this name',
			},
		],
	},
	{
		displayName: 'Include Permissions',
		name: 'includePermissions',
		type: 'boolean',
		default: false,
		description:
			"Whether to include each role's permissions (rolePermissions: the allowed resource actions)",
	},
];

export const description = showFor('directoryRole', ['getRoleDefinitions'], properties);

export function check(
	this: IExecuteFunctions,
	itemIndex: number,
): { filter?: string; includePermissions: boolean } {
	const raw = this.getNodeParameter('filters', itemIndex, {}) as unknown;
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		throw invalidInput(
			this,
			itemIndex,
			`"Filters" must be an object`,
			'Set the filters in the collection',
		);
	}
	const filters = raw as IDataObject;
	const clauses: string[] = [];
	if (filters.isBuiltIn !== undefined)
		clauses.push(`isBuiltIn eq ${checkBoolean(this, filters.isBuiltIn, itemIndex, 'Built-In')}`);
	const name = checkText(this, filters.displayName, itemIndex, 'Display Name', false);
	if (name) clauses.push(`displayName eq ${odataString(name)}`);
	const includePermissions = checkBoolean(
		this,
		this.getNodeParameter('includePermissions', itemIndex, false),
		itemIndex,
		'Include Permissions',
	);
	return { filter: allOf(clauses), includePermissions };
}

export const mode = 'perItem';

/**
 * GET /roleManagement/directory/roleDefinitions (`$filter` eq on displayName and isBuiltIn, as
 * List roleDefinitions documents): one item per role, sorted by name.
 */
export async function execute(
	this: IExecuteFunctions,
	graph: GraphClient,
	{ filter, includePermissions }: ReturnType<typeof check>,
	itemIndex: number,
): Promise<ItemOutput> {
	const roles = await graph.getAll<IDataObject>({
		path: ROLE_DEFINITIONS_PATH,
		qs: { $filter: filter },
		itemIndex,
		subject: { kind: 'Role definition' },
	});
	return roles
		.map((role) => {
			const out = withoutContextAndEtag(role);
			if (!includePermissions) delete out.rolePermissions;
			return out;
		})
		.sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)));
}
