import type { INodePropertyOptions } from 'n8n-workflow';

/** Properties of a group that `$select` accepts on lists and single reads (Graph v1.0 group resource). */
export const GROUP_PROPERTIES = [
	'id',
	'classification',
	'createdDateTime',
	'deletedDateTime',
	'description',
	'displayName',
	'expirationDateTime',
	'groupTypes',
	'isAssignableToRole',
	'mail',
	'mailEnabled',
	'mailNickname',
	'membershipRule',
	'membershipRuleProcessingState',
	'onPremisesLastSyncDateTime',
	'onPremisesSecurityIdentifier',
	'onPremisesSyncEnabled',
	'preferredDataLocation',
	'preferredLanguage',
	'proxyAddresses',
	'renewedDateTime',
	'securityEnabled',
	'securityIdentifier',
	'theme',
	'visibility',
];

/** The group properties of the "Simplified" output. */
export const GROUP_SIMPLIFIED_PROPERTIES = [
	'id',
	'displayName',
	'description',
	'mail',
	'mailEnabled',
	'mailNickname',
	'securityEnabled',
	'groupTypes',
	'membershipRule',
	'membershipRuleProcessingState',
	'visibility',
	'isAssignableToRole',
	'createdDateTime',
];

export const groupFieldOptions: INodePropertyOptions[] = GROUP_PROPERTIES.filter((property) => property !== 'id')
	.map((property) => ({ name: property, value: property }))
	.sort((a, b) => a.name.localeCompare(b.name));

/**
 * Members and owners are directory objects of several types. `$select` on such a collection may
 * name properties of any of them; each object returns the ones it has.
 */
export const MEMBER_PROPERTIES = [
	'id',
	'accountEnabled',
	'deviceId',
	'department',
	'description',
	'displayName',
	'groupTypes',
	'jobTitle',
	'mail',
	'mailEnabled',
	'mailNickname',
	'operatingSystem',
	'securityEnabled',
	'userPrincipalName',
	'userType',
];

/** The "Simplified" member properties, by member type (the value of the "Member Type" parameter). */
export const MEMBER_SIMPLIFIED_PROPERTIES: Record<string, string[]> = {
	all: ['id', 'displayName', 'mail', 'userPrincipalName'],
	users: ['id', 'displayName', 'userPrincipalName', 'mail', 'jobTitle', 'department', 'accountEnabled'],
	groups: ['id', 'displayName', 'mail', 'mailNickname', 'securityEnabled', 'mailEnabled', 'groupTypes'],
	devices: ['id', 'displayName', 'deviceId', 'operatingSystem', 'accountEnabled'],
};

export const memberFieldOptions: INodePropertyOptions[] = MEMBER_PROPERTIES.filter((property) => property !== 'id')
	.map((property) => ({ name: property, value: property }))
	.sort((a, b) => a.name.localeCompare(b.name));
