/**
 * Directory object records and the property sets Graph documents for them.
 * user resource docs: "By default, only a limited set of properties are returned (businessPhones,
 * displayName, givenName, id, jobTitle, mail, mobilePhone, officeLocation, preferredLanguage, surname,
 * and userPrincipalName). To return an alternative property set, you must specify [it] using $select."
 */
export type Kind = 'users' | 'groups';
/** Object kinds that can be group members: users, groups and (read-only, seeded) devices. */
export type ObjectKind = Kind | 'devices';
export type MemberType = 'user' | 'group' | 'device';

export interface AssignedLicense {
	skuId: string;
	disabledPlans: string[];
}

export interface DirObject {
	id: string;
	kind: ObjectKind;
	/** Position in listings and in the initial delta round (creation order). */
	seq: number;
	/** Change-log sequence at which the object was created or last restored. */
	bornSeq: number;
	/** Change-log sequence of the last change of each property (absent: not changed since birth). */
	changed?: Map<string, number>;
	props: Record<string, unknown>;
	deletedAtSeq?: number;
}

export interface UserRecord extends DirObject {
	kind: 'users';
	password?: string;
	/** Directory roles (for the "cannot delete admin-role holders with app-only" rule). */
	roles: string[];
	/** Group memberships to give back on restore. */
	savedMemberships?: string[];
}

export interface GroupRecord extends DirObject {
	kind: 'groups';
	members: Set<string>;
	owners: Set<string>;
	/** Membership changes: one entry per add/remove, in change-log order. */
	memberLog: MemberEvent[];
}

/** A device (device resource): seeded only, listed as a group member. */
export interface DeviceRecord extends DirObject {
	kind: 'devices';
}

export interface MemberEvent {
	seq: number;
	id: string;
	type: MemberType;
	removed: boolean;
}

export interface ServicePlan {
	servicePlanId: string;
	servicePlanName: string;
}

export interface Sku {
	skuId: string;
	skuPartNumber: string;
	name: string;
	capabilityStatus: 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';
	prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
	consumedUnits: number;
	servicePlans: ServicePlan[];
}

export const USER_DEFAULT_PROPERTIES = [
	'businessPhones',
	'displayName',
	'givenName',
	'jobTitle',
	'mail',
	'mobilePhone',
	'officeLocation',
	'preferredLanguage',
	'surname',
	'userPrincipalName',
	'id',
];

/** Every user property the emulator stores; anything else in $select is "Could not find a property". */
export const USER_PROPERTIES = new Set([
	...USER_DEFAULT_PROPERTIES,
	'accountEnabled',
	'ageGroup',
	'assignedLicenses',
	'assignedPlans',
	'city',
	'companyName',
	'consentProvidedForMinor',
	'country',
	'createdDateTime',
	'creationType',
	'deletedDateTime',
	'department',
	'employeeHireDate',
	'employeeId',
	'employeeOrgData',
	'employeeType',
	'externalUserState',
	'externalUserStateChangeDateTime',
	'faxNumber',
	'identities',
	'imAddresses',
	'isResourceAccount',
	'lastPasswordChangeDateTime',
	'legalAgeGroupClassification',
	'licenseAssignmentStates',
	'mailNickname',
	'onPremisesDistinguishedName',
	'onPremisesDomainName',
	'onPremisesExtensionAttributes',
	'onPremisesImmutableId',
	'onPremisesLastSyncDateTime',
	'onPremisesProvisioningErrors',
	'onPremisesSamAccountName',
	'onPremisesSecurityIdentifier',
	'onPremisesSyncEnabled',
	'onPremisesUserPrincipalName',
	'otherMails',
	'passwordPolicies',
	'passwordProfile',
	'postalCode',
	'preferredDataLocation',
	'provisionedPlans',
	'proxyAddresses',
	'securityIdentifier',
	'serviceProvisioningErrors',
	'showInAddressList',
	'signInActivity',
	'signInSessionsValidFromDateTime',
	'state',
	'streetAddress',
	'usageLocation',
	'userType',
	'manager',
	'memberOf',
]);

/** Collections Graph returns as `[]` (never null) when empty ("Not nullable" in the user resource). */
export const USER_EMPTY_COLLECTIONS = [
	'businessPhones',
	'otherMails',
	'proxyAddresses',
	'assignedLicenses',
	'assignedPlans',
	'identities',
	'imAddresses',
	'licenseAssignmentStates',
	'onPremisesProvisioningErrors',
	'provisionedPlans',
	'serviceProvisioningErrors',
];

/** Writable on create/PATCH (plus passwordProfile, handled apart). */
export const USER_WRITABLE = new Set([
	'accountEnabled',
	'ageGroup',
	'businessPhones',
	'city',
	'companyName',
	'consentProvidedForMinor',
	'country',
	'department',
	'displayName',
	'employeeHireDate',
	'employeeId',
	'employeeOrgData',
	'employeeType',
	'faxNumber',
	'givenName',
	'jobTitle',
	'mail',
	'mailNickname',
	'mobilePhone',
	'officeLocation',
	'onPremisesExtensionAttributes',
	'onPremisesImmutableId',
	'otherMails',
	'passwordPolicies',
	'postalCode',
	'preferredDataLocation',
	'preferredLanguage',
	'showInAddressList',
	'state',
	'streetAddress',
	'surname',
	'usageLocation',
	'userPrincipalName',
	'userType',
]);

/** The group properties Graph returns without $select (group resource: "default properties"). */
export const GROUP_DEFAULT_PROPERTIES = [
	'id',
	'deletedDateTime',
	'classification',
	'createdDateTime',
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
	'onPremisesDomainName',
	'onPremisesLastSyncDateTime',
	'onPremisesNetBiosName',
	'onPremisesSamAccountName',
	'onPremisesSecurityIdentifier',
	'onPremisesSyncEnabled',
	'preferredDataLocation',
	'preferredLanguage',
	'proxyAddresses',
	'renewedDateTime',
	'resourceBehaviorOptions',
	'resourceProvisioningOptions',
	'securityEnabled',
	'securityIdentifier',
	'theme',
	'visibility',
	'onPremisesProvisioningErrors',
	'serviceProvisioningErrors',
];

export const GROUP_PROPERTIES = new Set([
	...GROUP_DEFAULT_PROPERTIES,
	'members',
	'owners',
	'memberOf',
]);

export const GROUP_WRITABLE = new Set([
	'classification',
	'description',
	'displayName',
	'groupTypes',
	'isAssignableToRole',
	'mailEnabled',
	'mailNickname',
	'membershipRule',
	'membershipRuleProcessingState',
	'preferredDataLocation',
	'preferredLanguage',
	'securityEnabled',
	'theme',
	'visibility',
]);

/** Navigation properties: selectable in delta (manager@delta, members@delta), never plain values. */
export const NAVIGATION = new Set(['manager', 'members', 'owners', 'memberOf']);

/**
 * device resource (v1.0), the properties the emulator keeps. Graph returns a device's properties
 * without `$select` (the resource has no reduced default set).
 */
export const DEVICE_PROPERTIES = [
	'id',
	'deletedDateTime',
	'accountEnabled',
	'approximateLastSignInDateTime',
	'deviceId',
	'displayName',
	'isCompliant',
	'isManaged',
	'manufacturer',
	'model',
	'operatingSystem',
	'operatingSystemVersion',
	'physicalIds',
	'profileType',
	'registrationDateTime',
	'trustType',
];
export const DEVICE_PROPERTY_SET = new Set([...DEVICE_PROPERTIES, 'memberOf']);

export function typeName(kind: ObjectKind): MemberType {
	return kind === 'users' ? 'user' : kind === 'groups' ? 'group' : 'device';
}

export function isUnified(group: GroupRecord): boolean {
	return (
		Array.isArray(group.props.groupTypes) &&
		(group.props.groupTypes as string[]).includes('Unified')
	);
}

export function isDynamic(group: GroupRecord): boolean {
	return (
		Array.isArray(group.props.groupTypes) &&
		(group.props.groupTypes as string[]).includes('DynamicMembership')
	);
}
