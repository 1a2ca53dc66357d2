/**
 * The demo tenant: fixed ids so that tests, examples and the README can name them.
 * Contoso is Microsoft's own fictitious company used throughout its documentation.
 */
export const DEMO_TENANT_ID = '8f0b7c6e-2f4d-4e39-9a55-3c1d2b7e6a10';
export const DEMO_DOMAIN = 'contoso.onmicrosoft.com';
/** Verified domains of the tenant: a UPN must end in one of them. */
export const DEMO_DOMAINS = [DEMO_DOMAIN, 'contoso.com'];

/** Every application permission the package uses (app-only, client credentials). */
export const DEMO_APP = {
	clientId: '0e7d1c7a-5b1e-4a8e-9d65-7a0b1f9c2d01',
	clientSecret: 'demo-secret-change-me',
	permissions: [
		'User.ReadWrite.All',
		'User.EnableDisableAccount.All',
		'User.RevokeSessions.All',
		'Group.ReadWrite.All',
		'GroupMember.ReadWrite.All',
		'LicenseAssignment.ReadWrite.All',
		'Organization.Read.All',
		'UserAuthenticationMethod.ReadWrite.All',
		'RoleManagement.ReadWrite.Directory',
		'AuditLog.Read.All',
		'Application.ReadWrite.All',
	],
};

/** Reads only: every write answers 403 Authorization_RequestDenied. */
export const READONLY_APP = {
	clientId: '4b2c9e51-8f3d-4b7a-a1e6-2d9c7f0e3b02',
	clientSecret: 'readonly-secret',
	permissions: ['User.Read.All', 'Group.Read.All'],
};

/**
 * Least privilege for membership changes (Remove member: GroupMember.ReadWrite.All) without
 * RoleManagement.ReadWrite.Directory, so a role-assignable group's members cannot be changed (403).
 */
export const MEMBERSHIP_APP = {
	clientId: '5c8e1f47-2a9d-4c6b-8e3f-1d7a4b9c0e05',
	clientSecret: 'membership-secret',
	permissions: ['User.Read.All', 'GroupMember.ReadWrite.All'],
};

/** authorization_code + refresh_token; signs in as the demo admin (DEMO_USERS.admin). */
export const DELEGATED_APP = {
	clientId: '9a6f2d3e-1c4b-4e8a-b7d5-0f3e6a9c8d03',
	clientSecret: 'delegated-secret',
	redirectUris: ['*'],
};

/**
 * The demo apps as Graph application objects (List applications): object ids, names, and how long
 * their secret runs from the emulator's start. The read-only app's secret ends in 20 days, so "Get
 * Expiring Credentials" within 30 days finds it.
 */
export const DEMO_APPLICATIONS: Record<
	string,
	{
		objectId: string;
		displayName: string;
		secretKeyId: string;
		secretName: string;
		secretEndsInDays: number;
	}
> = {
	[DEMO_APP.clientId]: {
		objectId: 'e1a0c000-0000-4000-8000-000000000001',
		displayName: 'n8n demo (app-only)',
		secretKeyId: 'f1a0c000-0000-4000-8000-000000000001',
		secretName: 'n8n',
		secretEndsInDays: 700,
	},
	[READONLY_APP.clientId]: {
		objectId: 'e1a0c000-0000-4000-8000-000000000002',
		displayName: 'Reporting (read-only)',
		secretKeyId: 'f1a0c000-0000-4000-8000-000000000002',
		secretName: 'reporting',
		secretEndsInDays: 20,
	},
	[DELEGATED_APP.clientId]: {
		objectId: 'e1a0c000-0000-4000-8000-000000000003',
		displayName: 'n8n demo (delegated)',
		secretKeyId: 'f1a0c000-0000-4000-8000-000000000003',
		secretName: 'n8n delegated',
		secretEndsInDays: 365,
	},
};

export interface DemoUser {
	id: string;
	userPrincipalName: string;
	displayName: string;
	givenName?: string;
	surname?: string;
	jobTitle?: string;
	department?: string;
	usageLocation?: string;
	accountEnabled?: boolean;
	userType?: 'Member' | 'Guest';
	mail?: string;
	officeLocation?: string;
	mobilePhone?: string;
	city?: string;
	country?: string;
	roles?: string[];
	licenses?: string[];
	manager?: string;
}

export const SKUS = {
	/** Office 365 E3: plenty of units. */
	E3: '6fd2c87f-b296-42f0-b197-1e91e994b900',
	/** Microsoft 365 E5: 2 units, both consumed (assigning one more fails). */
	E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
	/** Enterprise Mobility + Security E5: in its grace period (Warning), no enabled units. */
	EMS: 'b05e124f-c7cc-45a0-a6aa-8cf78c946968',
};

/** Service plans of E3, as listed in Microsoft's licensing service plan reference. */
export const SERVICE_PLANS = {
	EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
	SHAREPOINTENTERPRISE: '5dbe027f-2339-4123-9542-606e4d348a72',
	TEAMS1: '57ff2da0-773e-42df-b2af-ffb7a2317929',
	OFFICESUBSCRIPTION: '43de0ff5-c92c-492b-9116-175376d08c38',
};

/** Demo user ids: `a0d3e000-0000-4000-8000-00000000000N`. */
const uid = (n: number): string => `a0d3e000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const DEMO_USERS = {
	admin: {
		id: uid(1),
		userPrincipalName: 'adele.vance@contoso.onmicrosoft.com',
		displayName: 'Adele Vance',
		givenName: 'Adele',
		surname: 'Vance',
		jobTitle: 'IT Administrator',
		department: 'IT',
		usageLocation: 'US',
		officeLocation: '18/2111',
		city: 'Redmond',
		country: 'United States',
		roles: ['Global Administrator'],
		licenses: [SKUS.E3],
	},
	alex: {
		id: uid(2),
		userPrincipalName: 'alex.wilber@contoso.com',
		displayName: 'Alex Wilber',
		givenName: 'Alex',
		surname: 'Wilber',
		jobTitle: 'Marketing Assistant',
		department: 'Marketing',
		usageLocation: 'US',
		mobilePhone: '+1 425 555 0109',
		licenses: [SKUS.E3],
		manager: uid(3),
	},
	megan: {
		id: uid(3),
		userPrincipalName: 'megan.bowen@contoso.com',
		displayName: 'Megan Bowen',
		givenName: 'Megan',
		surname: 'Bowen',
		jobTitle: 'Marketing Manager',
		department: 'Marketing',
		usageLocation: 'US',
		licenses: [SKUS.E5],
		manager: uid(1),
	},
	lee: {
		id: uid(4),
		userPrincipalName: 'lee.gu@contoso.com',
		displayName: 'Lee Gu',
		givenName: 'Lee',
		surname: 'Gu',
		jobTitle: 'Director',
		department: 'Engineering',
	},
	nestor: {
		id: uid(5),
		userPrincipalName: 'nestor.wilke@contoso.com',
		displayName: 'Nestor Wilke',
		givenName: 'Nestor',
		surname: 'Wilke',
		jobTitle: 'Director',
		department: 'Operations',
		usageLocation: 'CA',
		accountEnabled: false,
	},
	isaiah: {
		id: uid(6),
		userPrincipalName: 'isaiah.langer@contoso.com',
		displayName: 'Isaiah Langer',
		givenName: 'Isaiah',
		surname: 'Langer',
		jobTitle: 'Sales Rep',
		department: 'Sales',
		usageLocation: 'DE',
	},
	johanna: {
		id: uid(7),
		userPrincipalName: 'johanna.lorenz@contoso.com',
		displayName: 'Johanna Lorenz',
		givenName: 'Johanna',
		surname: 'Lorenz',
		jobTitle: 'Senior Engineer',
		department: 'Engineering',
		usageLocation: 'GB',
		licenses: [SKUS.E5],
		manager: uid(4),
	},
	patti: {
		id: uid(8),
		userPrincipalName: "patti.o'fernandez@contoso.com",
		displayName: "Patti O'Fernandez",
		givenName: 'Patti',
		surname: "O'Fernandez",
		jobTitle: 'President',
		department: 'Executive Management',
		usageLocation: 'US',
	},
	diego: {
		id: uid(9),
		userPrincipalName: 'diego.siciliani@contoso.com',
		displayName: 'Diego Siciliani',
		givenName: 'Diego',
		surname: 'Siciliani',
		jobTitle: 'HR Manager',
		department: 'HR',
		usageLocation: 'US',
	},
	guest: {
		id: uid(10),
		userPrincipalName: 'pradeep.gupta_fabrikam.com#EXT#@contoso.onmicrosoft.com',
		displayName: 'Pradeep Gupta (Fabrikam)',
		givenName: 'Pradeep',
		surname: 'Gupta',
		mail: 'pradeep.gupta@fabrikam.com',
		userType: 'Guest',
	},
	dollar: {
		id: uid(11),
		userPrincipalName: '$svc-backup@contoso.onmicrosoft.com',
		displayName: 'Backup Service',
		jobTitle: 'Service account',
		department: 'IT',
	},
} satisfies Record<string, DemoUser>;

/** Demo device ids: `d0e71ce0-0000-4000-8000-00000000000N`; deviceId is the device's own id. */
const did = (n: number): string => `d0e71ce0-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Devices (device resource), members of IT Admins: the cast /members/microsoft.graph.device lists them. */
export const DEMO_DEVICES = {
	adminLaptop: {
		id: did(1),
		deviceId: 'e5a1c2b3-0001-4c1d-9a0e-7f3b2d1c0a01',
		displayName: 'ADELE-LAPTOP',
		operatingSystem: 'Windows',
		operatingSystemVersion: '10.0.22631.3447',
		accountEnabled: true,
		trustType: 'AzureAd',
	},
	backupServer: {
		id: did(2),
		deviceId: 'e5a1c2b3-0002-4c1d-9a0e-7f3b2d1c0a02',
		displayName: 'BACKUP-SRV01',
		operatingSystem: 'Windows Server',
		operatingSystemVersion: '10.0.20348.2402',
		accountEnabled: false,
		trustType: 'ServerAd',
	},
};

export interface DemoGroup {
	id: string;
	displayName: string;
	description: string;
	mailNickname: string;
	groupTypes: string[];
	mailEnabled: boolean;
	securityEnabled: boolean;
	membershipRule?: string;
	members: string[];
	owners: string[];
}

/** Demo group ids: `b0a7f000-0000-4000-8000-00000000000N`. */
const gid = (n: number): string => `b0a7f000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const U = DEMO_USERS;

export const DEMO_GROUPS = {
	allCompany: {
		id: gid(1),
		displayName: 'All Company',
		description: 'Everyone at Contoso',
		mailNickname: 'allcompany',
		groupTypes: ['Unified'],
		mailEnabled: true,
		securityEnabled: false,
		members: [U.admin, U.alex, U.megan, U.lee, U.nestor, U.isaiah, U.johanna, U.patti, U.diego].map(
			(u) => u.id,
		),
		owners: [U.admin.id],
	},
	itAdmins: {
		id: gid(2),
		displayName: 'IT Admins',
		description: 'Security group for IT administrators',
		mailNickname: 'itadmins',
		groupTypes: [],
		mailEnabled: false,
		securityEnabled: true,
		members: [U.admin.id, U.dollar.id, DEMO_DEVICES.adminLaptop.id, DEMO_DEVICES.backupServer.id],
		owners: [U.admin.id],
	},
	marketing: {
		id: gid(3),
		displayName: 'Marketing',
		description: 'Marketing team (Microsoft 365 group)',
		mailNickname: 'marketing',
		groupTypes: ['Unified'],
		mailEnabled: true,
		securityEnabled: false,
		members: [U.alex.id, U.megan.id],
		owners: [U.megan.id],
	},
	engineering: {
		id: gid(4),
		displayName: 'Engineering',
		description: 'Engineering, with the Platform Team nested',
		mailNickname: 'engineering',
		groupTypes: [],
		mailEnabled: false,
		securityEnabled: true,
		members: [U.lee.id, gid(5)],
		owners: [U.lee.id],
	},
	platform: {
		id: gid(5),
		displayName: 'Platform Team',
		description: 'Nested in Engineering',
		mailNickname: 'platform',
		groupTypes: [],
		mailEnabled: false,
		securityEnabled: true,
		members: [U.johanna.id],
		owners: [],
	},
	salesDynamic: {
		id: gid(6),
		displayName: 'Sales (dynamic)',
		description: 'Everyone whose department is Sales',
		mailNickname: 'salesdynamic',
		groupTypes: ['DynamicMembership'],
		mailEnabled: false,
		securityEnabled: true,
		membershipRule: 'user.department -eq "Sales"',
		members: [],
		owners: [],
	},
	cycleA: {
		id: gid(7),
		displayName: 'Cycle A',
		description: 'Contains Cycle B, which contains Cycle A',
		mailNickname: 'cyclea',
		groupTypes: [],
		mailEnabled: false,
		securityEnabled: true,
		members: [gid(8), U.diego.id],
		owners: [],
	},
	cycleB: {
		id: gid(8),
		displayName: 'Cycle B',
		description: 'Contains Cycle A',
		mailNickname: 'cycleb',
		groupTypes: [],
		mailEnabled: false,
		securityEnabled: true,
		members: [gid(7), U.patti.id],
		owners: [],
	},
	guests: {
		id: gid(9),
		displayName: 'External Guests',
		description: 'Guests from partner organisations',
		mailNickname: 'guests',
		groupTypes: [],
		mailEnabled: false,
		securityEnabled: true,
		members: [U.guest.id],
		owners: [U.admin.id],
	},
} satisfies Record<string, DemoGroup>;
