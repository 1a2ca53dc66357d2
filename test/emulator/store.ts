import type { Clock } from './clock';
import { badRequest, notFound } from './errors';
import type {
	DeviceRecord,
	DirObject,
	GroupRecord,
	Kind,
	MemberEvent,
	MemberType,
	Sku,
	UserRecord,
} from './model';
import { isDynamic, isUnified } from './model';
import { matchesRule, parseRule } from './rules';

/** Deleted users and Microsoft 365 groups stay restorable for 30 days (directory deletedItems docs). */
export const DELETED_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface LogEntry {
	seq: number;
	id: string;
}

/** What a change notification reports: `deleted` is a permanent deletion, members/owners are relationship changes. */
export type ChangeKind = 'updated' | 'deleted' | 'members' | 'owners';

export interface Tombstone {
	id: string;
	kind: Kind;
	seq: number;
	type: 'user' | 'group';
}

/**
 * The tenant's directory: live objects in creation order, deleted items, permanent-deletion
 * tombstones, membership and manager links, licences, and a change log per kind that delta reads.
 */
/**
 * Directory versions are unique across every emulator in the process: listing caches (listing.ts)
 * are keyed on the version, so two emulators in one test file never answer each other's listings.
 */
let lastVersion = 0;
function nextVersion(): number {
	lastVersion += 1;
	return lastVersion;
}

export class Directory {
	/** Last change-log sequence number. */
	seq = 0;
	/** Bumped on every mutation: listing caches are keyed on it. */
	version = nextVersion();
	/**
	 * Filtered and sorted listings of this directory, by collection and query, with the version they
	 * were computed at. Per directory, so that two emulators never answer each other's listings.
	 */
	readonly listingCache = new Map<string, { version: number; items: DirObject[] }>();
	private objectSeq = 0;
	readonly users = new Map<string, UserRecord>();
	readonly groups = new Map<string, GroupRecord>();
	readonly devices = new Map<string, DeviceRecord>();
	readonly order: Record<Kind, DirObject[]> = { users: [], groups: [] };
	readonly deleted: Record<Kind, Map<string, DirObject>> = { users: new Map(), groups: new Map() };
	readonly tombstones = new Map<string, Tombstone>();
	readonly log: Record<Kind, LogEntry[]> = { users: [], groups: [] };
	readonly upnIndex = new Map<string, string>();
	readonly memberOf = new Map<string, Set<string>>();
	readonly managers = new Map<string, string>();
	readonly skus = new Map<string, Sku>();
	readonly dynamicGroups = new Set<string>();
	/** Told about every logged change (change notifications, subscriptions.ts). */
	onChange?: (kind: Kind, id: string, change: ChangeKind) => void;

	constructor(
		readonly clock: Clock,
		readonly tenantId: string,
		readonly domains: string[],
	) {}

	private touch(kind: Kind, id: string, change: ChangeKind = 'updated'): number {
		this.version = nextVersion();
		const seq = ++this.seq;
		this.log[kind].push({ seq, id });
		this.onChange?.(kind, id, change);
		return seq;
	}

	// ---- lookups -------------------------------------------------------------------------------

	findUser(idOrUpn: string): UserRecord | undefined {
		const byId = this.users.get(idOrUpn) ?? this.users.get(idOrUpn.toLowerCase());
		if (byId) return byId;
		const id = this.upnIndex.get(idOrUpn.toLowerCase());
		return id ? this.users.get(id) : undefined;
	}

	findGroup(id: string): GroupRecord | undefined {
		return this.groups.get(id) ?? this.groups.get(id.toLowerCase());
	}

	findObject(id: string): UserRecord | GroupRecord | undefined {
		return this.findUser(id) ?? this.findGroup(id);
	}

	/** A user, group or device: what a group's members collection can hold. */
	findMember(id: string): DirObject | undefined {
		return this.findObject(id) ?? this.devices.get(id) ?? this.devices.get(id.toLowerCase());
	}

	requireUser(idOrUpn: string): UserRecord {
		const user = this.findUser(idOrUpn);
		if (!user) throw notFound(idOrUpn);
		return user;
	}

	requireGroup(id: string): GroupRecord {
		const group = this.findGroup(id);
		if (!group) throw notFound(id);
		return group;
	}

	isDomainVerified(upn: string): boolean {
		const domain = upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
		return this.domains.includes(domain);
	}

	// ---- order (binary-searched by seq) ---------------------------------------------------------

	/** Index of the first object in `order[kind]` whose seq is greater than `seq`. */
	indexAfter(kind: Kind, seq: number): number {
		const list = this.order[kind];
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (list[mid].seq <= seq) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	private insertOrdered(object: UserRecord | GroupRecord): void {
		this.order[object.kind].splice(this.indexAfter(object.kind, object.seq), 0, object);
	}

	private removeOrdered(object: UserRecord | GroupRecord): void {
		const list = this.order[object.kind];
		const index = this.indexAfter(object.kind, object.seq) - 1;
		if (list[index] === object) list.splice(index, 1);
	}

	// ---- creation ------------------------------------------------------------------------------

	addUser(
		props: Record<string, unknown>,
		options: { password?: string; roles?: string[] } = {},
	): UserRecord {
		const upn = String(props.userPrincipalName);
		if (this.upnIndex.has(upn.toLowerCase())) {
			throw badRequest(
				'Another object with the same value for property userPrincipalName already exists.',
			);
		}
		const id = String(props.id);
		const user: UserRecord = {
			id,
			kind: 'users',
			seq: ++this.objectSeq,
			bornSeq: 0,
			props: {
				...props,
				id,
				createdDateTime: props.createdDateTime ?? this.clock.iso(),
				deletedDateTime: null,
			},
			password: options.password,
			roles: options.roles ?? [],
		};
		user.bornSeq = this.touch('users', id);
		this.users.set(id, user);
		this.order.users.push(user);
		this.upnIndex.set(upn.toLowerCase(), id);
		this.evaluateDynamic(user);
		return user;
	}

	addGroup(props: Record<string, unknown>): GroupRecord {
		const id = String(props.id);
		const group: GroupRecord = {
			id,
			kind: 'groups',
			seq: ++this.objectSeq,
			bornSeq: 0,
			props: {
				...props,
				id,
				createdDateTime: props.createdDateTime ?? this.clock.iso(),
				deletedDateTime: null,
			},
			members: new Set(),
			owners: new Set(),
			memberLog: [],
		};
		group.bornSeq = this.touch('groups', id);
		this.groups.set(id, group);
		this.order.groups.push(group);
		if (isDynamic(group)) this.refreshDynamicGroup(group);
		return group;
	}

	// ---- updates -------------------------------------------------------------------------------

	/** Applies a patch; records a change only for properties whose value really changes. */
	update(object: UserRecord | GroupRecord, patch: Record<string, unknown>): string[] {
		const changed: string[] = [];
		for (const [key, value] of Object.entries(patch)) {
			if (JSON.stringify(object.props[key] ?? null) === JSON.stringify(value ?? null)) continue;
			changed.push(key);
		}
		if (!changed.length) return changed;
		if (object.kind === 'users' && changed.includes('userPrincipalName'))
			this.renameUpn(object, String(patch.userPrincipalName));
		const seq = this.touch(object.kind, object.id);
		object.changed ??= new Map();
		for (const key of changed) {
			object.props[key] = patch[key];
			object.changed.set(key, seq);
		}
		if (object.kind === 'users') this.evaluateDynamic(object);
		else if (changed.some((key) => key.startsWith('membershipRule') || key === 'groupTypes'))
			this.refreshDynamicGroup(object);
		return changed;
	}

	private renameUpn(user: UserRecord, upn: string): void {
		const owner = this.upnIndex.get(upn.toLowerCase());
		if (owner && owner !== user.id) {
			throw badRequest(
				'Another object with the same value for property userPrincipalName already exists.',
			);
		}
		this.upnIndex.delete(String(user.props.userPrincipalName).toLowerCase());
		this.upnIndex.set(upn.toLowerCase(), user.id);
	}

	/** Marks a non-property change (manager, sign-in sessions) so delta can track it. */
	markChanged(object: UserRecord | GroupRecord, key: string): void {
		const seq = this.touch(object.kind, object.id, key === 'owners' ? 'owners' : 'updated');
		object.changed ??= new Map();
		object.changed.set(key, seq);
	}

	// ---- membership ----------------------------------------------------------------------------

	memberType(id: string): MemberType {
		return this.groups.has(id) ? 'group' : this.devices.has(id) ? 'device' : 'user';
	}

	/** Devices are seeded (no device API is emulated): not logged, not tracked by delta. */
	addDevice(props: Record<string, unknown>): DeviceRecord {
		const id = String(props.id);
		const device: DeviceRecord = {
			id,
			kind: 'devices',
			seq: ++this.objectSeq,
			bornSeq: 0,
			props: { ...props, id, deletedDateTime: null },
		};
		this.devices.set(id, device);
		this.version = nextVersion();
		return device;
	}

	addMember(group: GroupRecord, memberId: string): void {
		if (group.members.has(memberId)) return;
		group.members.add(memberId);
		let set = this.memberOf.get(memberId);
		if (!set) this.memberOf.set(memberId, (set = new Set()));
		set.add(group.id);
		this.logMember(group, memberId, false);
	}

	removeMember(group: GroupRecord, memberId: string): void {
		if (!group.members.delete(memberId)) return;
		this.memberOf.get(memberId)?.delete(group.id);
		this.logMember(group, memberId, true);
	}

	private logMember(group: GroupRecord, memberId: string, removed: boolean): void {
		const seq = this.touch('groups', group.id, 'members');
		const event: MemberEvent = { seq, id: memberId, type: this.memberType(memberId), removed };
		group.memberLog.push(event);
		group.changed ??= new Map();
		group.changed.set('members', seq);
	}

	addOwner(group: GroupRecord, ownerId: string): void {
		group.owners.add(ownerId);
		this.markChanged(group, 'owners');
	}

	removeOwner(group: GroupRecord, ownerId: string): void {
		if (group.owners.delete(ownerId)) this.markChanged(group, 'owners');
	}

	/** Groups that directly contain the object. */
	parentsOf(id: string): string[] {
		return [...(this.memberOf.get(id) ?? [])];
	}

	/** All groups containing the object, through nesting; cycles are visited once. */
	transitiveParents(id: string): string[] {
		const seen = new Set<string>();
		const queue = this.parentsOf(id);
		while (queue.length) {
			const next = queue.shift() as string;
			if (seen.has(next) || next === id) continue;
			seen.add(next);
			queue.push(...this.parentsOf(next));
		}
		return [...seen];
	}

	/** All members of a group through nested groups (nested groups included); cycles are safe. */
	transitiveMembers(group: GroupRecord): string[] {
		const seen = new Set<string>();
		const queue = [...group.members];
		while (queue.length) {
			const next = queue.shift() as string;
			if (seen.has(next) || next === group.id) continue;
			seen.add(next);
			const nested = this.groups.get(next);
			if (nested) queue.push(...nested.members);
		}
		return [...seen];
	}

	// ---- dynamic groups ------------------------------------------------------------------------

	private refreshDynamicGroup(group: GroupRecord): void {
		if (isDynamic(group)) this.dynamicGroups.add(group.id);
		else this.dynamicGroups.delete(group.id);
		if (!isDynamic(group) || group.props.membershipRuleProcessingState !== 'On') return;
		const rule = parseRule(String(group.props.membershipRule ?? ''));
		if (!rule) return;
		for (const user of this.order.users as UserRecord[]) {
			if (matchesRule(rule, user.props)) this.addMember(group, user.id);
			else this.removeMember(group, user.id);
		}
	}

	private evaluateDynamic(user: UserRecord): void {
		for (const groupId of this.dynamicGroups) {
			const group = this.groups.get(groupId);
			if (!group || group.props.membershipRuleProcessingState !== 'On') continue;
			const rule = parseRule(String(group.props.membershipRule ?? ''));
			if (!rule) continue;
			if (matchesRule(rule, user.props)) this.addMember(group, user.id);
			else this.removeMember(group, user.id);
		}
	}

	// ---- manager -------------------------------------------------------------------------------

	setManager(user: UserRecord, managerId: string | undefined): void {
		if (managerId === undefined) this.managers.delete(user.id);
		else this.managers.set(user.id, managerId);
		this.markChanged(user, 'manager');
	}

	directReports(managerId: string): string[] {
		const reports: string[] = [];
		for (const [userId, manager] of this.managers)
			if (manager === managerId && this.users.has(userId)) reports.push(userId);
		return reports;
	}

	// ---- deletion and restore ------------------------------------------------------------------

	/** Users and Microsoft 365 groups go to deletedItems; security groups are deleted permanently. */
	remove(object: UserRecord | GroupRecord): 'soft' | 'permanent' {
		if (object.kind === 'groups' && !isUnified(object)) {
			this.detach(object);
			this.tombstone(object);
			return 'permanent';
		}
		this.detach(object);
		object.props.deletedDateTime = this.clock.iso();
		object.deletedAtSeq = this.touch(object.kind, object.id);
		this.deleted[object.kind].set(object.id, object);
		return 'soft';
	}

	/** Takes a live object out of the live maps, indexes and every group it belongs to. */
	private detach(object: UserRecord | GroupRecord): void {
		const parents = this.parentsOf(object.id);
		for (const groupId of parents) {
			const group = this.groups.get(groupId);
			if (group) this.removeMember(group, object.id);
		}
		this.memberOf.delete(object.id);
		this.removeOrdered(object);
		if (object.kind === 'users') {
			object.savedMemberships = parents;
			this.users.delete(object.id);
			this.upnIndex.delete(String(object.props.userPrincipalName).toLowerCase());
			this.releaseLicenses(object);
		} else {
			this.groups.delete(object.id);
			this.dynamicGroups.delete(object.id);
			for (const member of object.members) this.memberOf.get(member)?.delete(object.id);
		}
	}

	private tombstone(object: UserRecord | GroupRecord): void {
		const seq = this.touch(object.kind, object.id, 'deleted');
		this.tombstones.set(object.id, {
			id: object.id,
			kind: object.kind,
			seq,
			type: object.kind === 'users' ? 'user' : 'group',
		});
	}

	findDeleted(id: string): UserRecord | GroupRecord | undefined {
		return (this.deleted.users.get(id) ?? this.deleted.groups.get(id)) as
			| UserRecord
			| GroupRecord
			| undefined;
	}

	restore(id: string): UserRecord | GroupRecord {
		const object = this.findDeleted(id);
		if (!object) throw notFound(id);
		if (object.kind === 'users') {
			const upn = String(object.props.userPrincipalName).toLowerCase();
			if (this.upnIndex.has(upn)) {
				throw badRequest(
					'Another object with the same value for property userPrincipalName already exists.',
				);
			}
			this.upnIndex.set(upn, object.id);
			this.users.set(object.id, object);
		} else {
			this.groups.set(object.id, object);
			for (const member of object.members) this.linkMemberOf(member, object.id);
		}
		this.deleted[object.kind].delete(id);
		object.props.deletedDateTime = null;
		object.deletedAtSeq = undefined;
		object.changed = undefined;
		object.bornSeq = this.touch(object.kind, object.id);
		this.insertOrdered(object);
		if (object.kind === 'users') this.afterUserRestore(object);
		return object;
	}

	private linkMemberOf(member: string, groupId: string): void {
		let set = this.memberOf.get(member);
		if (!set) this.memberOf.set(member, (set = new Set()));
		set.add(groupId);
	}

	private afterUserRestore(user: UserRecord): void {
		for (const groupId of user.savedMemberships ?? []) {
			const group = this.groups.get(groupId);
			if (group && !isDynamic(group)) this.addMember(group, user.id);
		}
		user.savedMemberships = undefined;
		this.consumeLicenses(user);
		this.evaluateDynamic(user);
	}

	/** Permanent deletion of an object in deletedItems. */
	purge(id: string): void {
		const object = this.findDeleted(id);
		if (!object) throw notFound(id);
		this.deleted[object.kind].delete(id);
		this.tombstone(object);
	}

	/** Purges deleted items older than the 30-day retention. */
	sweep(): void {
		const limit = this.clock.now() - DELETED_RETENTION_MS;
		for (const kind of ['users', 'groups'] as Kind[]) {
			for (const object of [...this.deleted[kind].values()]) {
				if (Date.parse(String(object.props.deletedDateTime)) <= limit) this.purge(object.id);
			}
		}
	}

	// ---- licences ------------------------------------------------------------------------------

	private releaseLicenses(user: UserRecord): void {
		for (const license of (user.props.assignedLicenses as { skuId: string }[]) ?? []) {
			const sku = this.skus.get(license.skuId);
			if (sku) sku.consumedUnits = Math.max(0, sku.consumedUnits - 1);
		}
	}

	private consumeLicenses(user: UserRecord): void {
		for (const license of (user.props.assignedLicenses as { skuId: string }[]) ?? []) {
			const sku = this.skus.get(license.skuId);
			if (sku) sku.consumedUnits += 1;
		}
	}

	/** Licences a user holds through groups (group-based licensing): user id -> { skuId, groupId, disabledPlans }. */
	readonly inheritedLicenses = new Map<
		string,
		Array<{ skuId: string; groupId: string; disabledPlans: string[] }>
	>();

	/** The licences assigned to the user directly (licenseAssignmentStates with assignedByGroup null). */
	directLicenses(user: UserRecord): { skuId: string; disabledPlans: string[] }[] {
		const states =
			(user.props.licenseAssignmentStates as Array<Record<string, unknown>> | undefined) ?? [];
		return states
			.filter((state) => state.assignedByGroup === null)
			.map((state) => ({
				skuId: String(state.skuId),
				disabledPlans: [...(state.disabledPlans as string[])],
			}));
	}

	/**
	 * Sets the user's direct licences. Licence changes are not tracked by delta ("Delta does not track
	 * licence changes"). user resource: assignedLicenses holds every licence the user has, direct or
	 * through a group; licenseAssignmentStates holds one state per assignment, with assignedByGroup the
	 * group's id for an inherited one ("The state of license assignments for this user ... also indicates
	 * licenses that are directly assigned or the user inherited through group memberships").
	 */
	setLicenses(user: UserRecord, licenses: { skuId: string; disabledPlans: string[] }[]): void {
		this.releaseLicenses(user);
		const inherited = this.inheritedLicenses.get(user.id) ?? [];
		const all = [...licenses];
		for (const license of inherited)
			if (!all.some((held) => held.skuId === license.skuId))
				all.push({ skuId: license.skuId, disabledPlans: [...license.disabledPlans] });
		user.props.assignedLicenses = all;
		user.props.assignedPlans = all.flatMap((license) => this.assignedPlans(license));
		user.props.licenseAssignmentStates = [
			...licenses.map((license) => this.assignmentState(license, null)),
			...inherited.map((license) => this.assignmentState(license, license.groupId)),
		];
		this.consumeLicenses(user);
		this.version = nextVersion();
	}

	/** Group-based licensing: the group's direct user members inherit the licence (admin API only). */
	assignGroupLicense(group: GroupRecord, skuId: string): void {
		const sku = skuId.toLowerCase();
		for (const memberId of group.members) {
			const user = this.users.get(memberId);
			if (!user) continue;
			const list = this.inheritedLicenses.get(user.id) ?? [];
			if (!list.some((entry) => entry.skuId === sku && entry.groupId === group.id))
				list.push({ skuId: sku, groupId: group.id, disabledPlans: [] });
			this.inheritedLicenses.set(user.id, list);
			this.setLicenses(user, this.directLicenses(user));
		}
	}

	/** licenseAssignmentState: state Active, error None; assignedByGroup null for a direct assignment. */
	private assignmentState(
		license: { skuId: string; disabledPlans: string[] },
		groupId: string | null,
	): Record<string, unknown> {
		const time = this.clock.iso();
		return {
			assignedByGroup: groupId,
			disabledPlans: [...license.disabledPlans],
			error: 'None',
			lastUpdatedDateTime: time,
			skuId: license.skuId,
			state: 'Active',
		};
	}

	private assignedPlans(license: {
		skuId: string;
		disabledPlans: string[];
	}): Record<string, unknown>[] {
		const sku = this.skus.get(license.skuId);
		if (!sku) return [];
		return sku.servicePlans
			.filter((plan) => !license.disabledPlans.includes(plan.servicePlanId))
			.map((plan) => ({
				assignedDateTime: this.clock.iso(),
				capabilityStatus: 'Enabled',
				service: plan.servicePlanName,
				servicePlanId: plan.servicePlanId,
			}));
	}
}
