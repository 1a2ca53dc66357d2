import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput, locatorValue } from '../../helpers/parameters';
import type { BatchRequest } from '../../../transport';
import { isGuid, odataString } from '../../../transport';
import { GUID_PATTERN } from '../common.descriptions';

/** Directory role management: the Microsoft Entra ID (directory) RBAC provider. */
export const ROLE_DEFINITIONS_PATH = '/roleManagement/directory/roleDefinitions';
export const ROLE_ASSIGNMENTS_PATH = '/roleManagement/directory/roleAssignments';

/** A role picker: from a searchable list of the tenant's role definitions, or by ID (template ID). */
export function roleLocator(
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchRoleDefinitions', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 62e90394-69f5-4237-9190-012177145e10',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: GUID_PATTERN,
							errorMessage: 'Not a valid role definition ID (a GUID)',
						},
					},
				],
			},
		],
	};
}

/** The role definition ID (or template ID, which Graph accepts alike for built-in roles). */
export function roleIdFrom(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const { value } = locatorValue(
		ctx,
		ctx.getNodeParameter(name, itemIndex, '') as unknown,
		itemIndex,
		label,
	);
	if (isGuid(value)) return value.toLowerCase();
	throw invalidInput(
		ctx,
		itemIndex,
		`"${label}" is not a role definition ID: "${value}"`,
		'Pick the role from the list, or enter its ID (a GUID, e.g. 62e90394-69f5-4237-9190-012177145e10 for Global Administrator)',
	);
}

/**
 * `GET /roleManagement/directory/roleAssignments?$filter=principalId eq '{id}'`: a principal's
 * assignments (List unifiedRoleAssignments documents `$filter` on principalId). The role is matched
 * in the answer, so no combined filter is needed.
 */
export function assignmentsOf(
	principalId: string,
	itemIndex?: number,
	expandRole = false,
): BatchRequest {
	const qs: Record<string, string> = { $filter: `principalId eq ${odataString(principalId)}` };
	if (expandRole) qs.$expand = 'roleDefinition';
	return {
		method: 'GET',
		path: ROLE_ASSIGNMENTS_PATH,
		qs,
		itemIndex,
		subject: { kind: 'Role assignments of user', id: principalId },
	};
}

/** The tenant-wide assignments of one role among a principal's assignments. */
export function matching(assignments: unknown, roleId: string): IDataObject[] {
	const list = Array.isArray(assignments) ? (assignments as IDataObject[]) : [];
	return list.filter(
		(assignment) =>
			String(assignment.roleDefinitionId).toLowerCase() === roleId &&
			(assignment.directoryScopeId ?? '/') === '/',
	);
}
