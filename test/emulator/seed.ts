import type { Clock } from './clock';
import type { DemoGroup, DemoUser } from './demo-tenant';
import {
	DEMO_DEVICES,
	DEMO_DOMAINS,
	DEMO_GROUPS,
	DEMO_TENANT_ID,
	DEMO_USERS,
	SERVICE_PLANS,
	SKUS,
} from './demo-tenant';
import type { Sku } from './model';
import { Random } from './random';
import { Directory } from './store';
import { securityIdentifier } from './user-values';

const DAY = 24 * 3600 * 1000;

/** The tenant's subscriptions (subscribedSku resource: prepaidUnits, consumedUnits, servicePlans). */
function demoSkus(): Sku[] {
	const plan = (name: keyof typeof SERVICE_PLANS) => ({
		servicePlanId: SERVICE_PLANS[name],
		servicePlanName: name,
	});
	return [
		{
			skuId: SKUS.E3,
			skuPartNumber: 'ENTERPRISEPACK',
			name: 'Office 365 E3',
			capabilityStatus: 'Enabled',
			prepaidUnits: { enabled: 25, suspended: 0, warning: 0, lockedOut: 0 },
			consumedUnits: 0,
			servicePlans: [
				plan('EXCHANGE_S_ENTERPRISE'),
				plan('SHAREPOINTENTERPRISE'),
				plan('TEAMS1'),
				plan('OFFICESUBSCRIPTION'),
			],
		},
		{
			skuId: SKUS.E5,
			skuPartNumber: 'SPE_E5',
			name: 'Microsoft 365 E5',
			capabilityStatus: 'Enabled',
			prepaidUnits: { enabled: 2, suspended: 0, warning: 0, lockedOut: 0 },
			consumedUnits: 0,
			servicePlans: [plan('EXCHANGE_S_ENTERPRISE'), plan('TEAMS1'), plan('OFFICESUBSCRIPTION')],
		},
		{
			skuId: SKUS.EMS,
			skuPartNumber: 'EMSPREMIUM',
			name: 'Enterprise Mobility + Security E5',
			capabilityStatus: 'Warning',
			prepaidUnits: { enabled: 0, suspended: 0, warning: 5, lockedOut: 0 },
			consumedUnits: 0,
			servicePlans: [],
		},
	];
}

function userProps(user: DemoUser, createdDateTime: string): Record<string, unknown> {
	const upn = user.userPrincipalName;
	const guest = user.userType === 'Guest';
	return {
		id: user.id,
		accountEnabled: user.accountEnabled ?? true,
		businessPhones: [],
		city: user.city ?? null,
		companyName: null,
		country: user.country ?? null,
		createdDateTime,
		creationType: guest ? 'Invitation' : null,
		department: user.department ?? null,
		displayName: user.displayName,
		employeeId: null,
		employeeType: null,
		externalUserState: guest ? 'Accepted' : null,
		givenName: user.givenName ?? null,
		jobTitle: user.jobTitle ?? null,
		mail: user.mail ?? (guest || upn.startsWith('$') ? null : upn),
		mailNickname: upn.split('@')[0].replace(/[#$']/g, ''),
		mobilePhone: user.mobilePhone ?? null,
		officeLocation: user.officeLocation ?? null,
		otherMails: guest && user.mail ? [user.mail] : [],
		preferredLanguage: guest ? null : 'en-US',
		proxyAddresses: [],
		surname: user.surname ?? null,
		usageLocation: user.usageLocation ?? null,
		userPrincipalName: upn,
		userType: user.userType ?? 'Member',
		assignedLicenses: [],
		assignedPlans: [],
		signInSessionsValidFromDateTime: createdDateTime,
		lastPasswordChangeDateTime: createdDateTime,
		securityIdentifier: securityIdentifier(user.id),
	};
}

export function groupProps(
	group: Omit<DemoGroup, 'members' | 'owners'>,
	createdDateTime: string,
): Record<string, unknown> {
	const dynamic = group.groupTypes.includes('DynamicMembership');
	return {
		id: group.id,
		classification: null,
		createdDateTime,
		description: group.description ?? null,
		displayName: group.displayName,
		expirationDateTime: null,
		groupTypes: group.groupTypes,
		isAssignableToRole: null,
		mail: group.mailEnabled ? `${group.mailNickname}@${DEMO_DOMAINS[1]}` : null,
		mailEnabled: group.mailEnabled,
		mailNickname: group.mailNickname,
		membershipRule: group.membershipRule ?? null,
		membershipRuleProcessingState: dynamic ? 'On' : null,
		onPremisesDomainName: null,
		onPremisesLastSyncDateTime: null,
		onPremisesNetBiosName: null,
		onPremisesSamAccountName: null,
		onPremisesSecurityIdentifier: null,
		onPremisesSyncEnabled: null,
		preferredDataLocation: null,
		preferredLanguage: null,
		proxyAddresses: group.mailEnabled ? [`SMTP:${group.mailNickname}@${DEMO_DOMAINS[1]}`] : [],
		renewedDateTime: createdDateTime,
		resourceBehaviorOptions: [],
		resourceProvisioningOptions: [],
		securityEnabled: group.securityEnabled,
		securityIdentifier: `S-1-12-1-${parseInt(group.id.slice(0, 8), 16)}-${parseInt(group.id.slice(9, 13), 16)}`,
		theme: null,
		visibility: group.groupTypes.includes('Unified') ? 'Public' : null,
		onPremisesProvisioningErrors: [],
		serviceProvisioningErrors: [],
	};
}

export { userProps };

function seedDevices(directory: Directory): void {
	const registered = directory.clock.iso(directory.clock.now() - 200 * DAY);
	for (const device of Object.values(DEMO_DEVICES)) {
		directory.addDevice({
			...device,
			approximateLastSignInDateTime: null,
			isCompliant: device.accountEnabled,
			isManaged: true,
			manufacturer: null,
			model: null,
			physicalIds: [],
			profileType: 'RegisteredDevice',
			registrationDateTime: registered,
		});
	}
}

function seedDemo(directory: Directory): void {
	const now = directory.clock.now();
	const users = Object.values(DEMO_USERS) as DemoUser[];
	users.forEach((user, index) => {
		const created = directory.clock.iso(now - (400 - index * 10) * DAY);
		const record = directory.addUser(userProps(user, created), {
			password: 'Demo!Passw0rd',
			roles: user.roles ?? [],
		});
		const licenses = (user.licenses ?? []).map((skuId) => ({ skuId, disabledPlans: [] }));
		if (licenses.length) directory.setLicenses(record, licenses);
	});
	for (const user of users) if (user.manager) directory.managers.set(user.id, user.manager);
	seedDevices(directory);
	const groups = Object.values(DEMO_GROUPS) as DemoGroup[];
	groups.forEach((group, index) => {
		const record = directory.addGroup(
			groupProps(group, directory.clock.iso(now - (300 - index * 10) * DAY)),
		);
		for (const owner of group.owners) record.owners.add(owner);
	});
	for (const group of groups) {
		const record = directory.groups.get(group.id);
		if (record) for (const member of group.members) directory.addMember(record, member);
	}
}

const GIVEN = [
	'Ava',
	'Ben',
	'Chloe',
	'Dan',
	'Elena',
	'Farid',
	'Grace',
	'Hiro',
	'Ines',
	'Jonas',
	'Kira',
	'Liam',
	'Maya',
	'Noah',
	'Olga',
	'Pavel',
	'Quinn',
	'Rosa',
	'Sven',
	'Tara',
	'Umar',
	'Vera',
	'Wei',
	'Xena',
	'Yusuf',
	'Zoe',
];
const SURNAMES = [
	'Adams',
	'Berg',
	'Costa',
	'Dubois',
	'Evans',
	'Fischer',
	'Garcia',
	'Hansen',
	'Ito',
	'Jensen',
	'Kowalski',
	'Lopez',
	'Martin',
	'Nakamura',
	'Okafor',
	'Petrov',
	'Rossi',
	'Silva',
	'Tanaka',
	'Novak',
];
const DEPARTMENTS = [
	'Sales',
	'Marketing',
	'Engineering',
	'Finance',
	'HR',
	'Operations',
	'Support',
	'Legal',
];
const TITLES = [
	'Analyst',
	'Engineer',
	'Manager',
	'Specialist',
	'Consultant',
	'Coordinator',
	'Director',
];
const LOCATIONS = ['US', 'GB', 'DE', 'FR', 'NL', 'JP', 'CA', 'BR'];

/** Adds `users` generated users and `groups` generated groups, deterministic for the seed. */
export function seedGenerated(
	directory: Directory,
	random: Random,
	users: number,
	groups: number,
): void {
	const now = directory.clock.now();
	const start = directory.order.users.length;
	const created: string[] = [];
	for (let i = 0; i < users; i++) {
		const given = random.pick(GIVEN);
		const surname = random.pick(SURNAMES);
		const n = start + i;
		const upn = `${given}.${surname}.${n}@contoso.com`.toLowerCase();
		const user: DemoUser = {
			id: random.guid(),
			userPrincipalName: upn,
			displayName: `${given} ${surname} ${n}`,
			givenName: given,
			surname,
			jobTitle: random.pick(TITLES),
			department: random.pick(DEPARTMENTS),
			usageLocation: random.next() < 0.9 ? random.pick(LOCATIONS) : undefined,
			accountEnabled: random.next() >= 0.05,
		};
		const createdAt = directory.clock.iso(now - random.int(1000) * DAY - random.int(DAY));
		created.push(directory.addUser(userProps(user, createdAt)).id);
	}
	const pool = created.length ? created : [...directory.users.keys()];
	const groupStart = directory.order.groups.length;
	for (let i = 0; i < groups; i++) {
		const n = groupStart + i;
		const kind = i % 3;
		const group = directory.addGroup(
			groupProps(
				{
					id: random.guid(),
					displayName: `${random.pick(DEPARTMENTS)} Team ${n}`,
					description: `Generated group ${n}`,
					mailNickname: `team${n}`,
					groupTypes: kind === 0 ? ['Unified'] : [],
					mailEnabled: kind === 0,
					securityEnabled: kind !== 0,
				},
				directory.clock.iso(now - random.int(800) * DAY),
			),
		);
		const size = pool.length ? random.int(Math.min(50, pool.length)) : 0;
		for (let m = 0; m < size; m++) directory.addMember(group, random.pick(pool));
	}
}

export interface SeedOptions {
	seed?: number;
	users?: number;
	groups?: number;
	demo?: boolean;
}

export function buildDirectory(
	clock: Clock,
	options: SeedOptions,
): { directory: Directory; random: Random } {
	const directory = new Directory(clock, DEMO_TENANT_ID, DEMO_DOMAINS);
	for (const sku of demoSkus()) directory.skus.set(sku.skuId, sku);
	const random = new Random(options.seed ?? 1);
	if (options.demo !== false) seedDemo(directory);
	seedGenerated(directory, random, options.users ?? 0, options.groups ?? 0);
	return { directory, random };
}
