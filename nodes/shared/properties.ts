/*
 * Property lists of Graph's v1.0 directory objects, for `$select`: facts about Graph that several
 * resources (and their UI field lists) read.
 */

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

/** How a short view of a group starts: what it is called and what kind of group it is. */
export const GROUP_IDENTITY_PROPERTIES = [
	'id',
	'displayName',
	'description',
	'mail',
	'mailEnabled',
	'mailNickname',
	'securityEnabled',
	'groupTypes',
];

/** The group properties of the "Simplified" output. */
export const GROUP_SIMPLIFIED_PROPERTIES = [
	...GROUP_IDENTITY_PROPERTIES,
	'membershipRule',
	'membershipRuleProcessingState',
	'visibility',
	'isAssignableToRole',
	'createdDateTime',
];

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
	users: [
		'id',
		'displayName',
		'userPrincipalName',
		'mail',
		'jobTitle',
		'department',
		'accountEnabled',
	],
	groups: [
		'id',
		'displayName',
		'mail',
		'mailNickname',
		'securityEnabled',
		'mailEnabled',
		'groupTypes',
	],
	devices: ['id', 'displayName', 'deviceId', 'operatingSystem', 'accountEnabled'],
};

/**
 * Properties of a user that `$select` accepts on lists and single reads (Graph v1.0 user resource).
 * Left out: properties that need extra permissions (employeeLeaveDateTime; signInActivity is offered
 * under "Selected Fields" only, see SIGN_IN_ACTIVITY_FIELD) or that
 * Graph returns only for a single user (aboutMe, birthday, skills, ...).
 */
export const USER_PROPERTIES = [
	'id',
	'accountEnabled',
	'ageGroup',
	'assignedLicenses',
	'businessPhones',
	'city',
	'companyName',
	'country',
	'createdDateTime',
	'creationType',
	'deletedDateTime',
	'department',
	'displayName',
	'employeeHireDate',
	'employeeId',
	'employeeOrgData',
	'employeeType',
	'externalUserState',
	'faxNumber',
	'givenName',
	'identities',
	'imAddresses',
	'jobTitle',
	'lastPasswordChangeDateTime',
	'mail',
	'mailNickname',
	'mobilePhone',
	'officeLocation',
	'onPremisesDistinguishedName',
	'onPremisesDomainName',
	'onPremisesImmutableId',
	'onPremisesLastSyncDateTime',
	'onPremisesSamAccountName',
	'onPremisesSyncEnabled',
	'onPremisesUserPrincipalName',
	'otherMails',
	'passwordPolicies',
	'postalCode',
	'preferredDataLocation',
	'preferredLanguage',
	'proxyAddresses',
	'securityIdentifier',
	'showInAddressList',
	'state',
	'streetAddress',
	'surname',
	'usageLocation',
	'userPrincipalName',
	'userType',
];

/** How a short view of a user starts: who the user is and where they work. */
export const USER_IDENTITY_PROPERTIES = [
	'id',
	'displayName',
	'userPrincipalName',
	'mail',
	'givenName',
	'surname',
	'jobTitle',
	'department',
];

/** The user properties of the "Simplified" output. */
export const USER_SIMPLIFIED_PROPERTIES = [
	...USER_IDENTITY_PROPERTIES,
	'officeLocation',
	'accountEnabled',
	'usageLocation',
	'employeeId',
	'createdDateTime',
];
