import type { IDataObject } from 'n8n-workflow';

import type { EventName } from '../../../nodes/feed/events';
import { EVENTS } from '../../../nodes/feed/events';
import { Random } from '../../emulator/random';
import type { TriggerRunner } from './runner';
import { json } from './runner';
import type { TriggerWorld } from './setup';
import { activate, startWorld, upn } from './setup';

/*
 * Issue 5's randomized test. For many seeds, one trigger node per event runs against the emulator
 * while the directory changes out of band; polls are interleaved with injected 429/503/dropped
 * connections (also mid-round), persistent failures, expired and reset delta state, and n8n
 * "restarts" that discard the static data not persisted because a poll emitted nothing.
 *
 * The oracle works on ranges: a node's stored state stands for a point in the sequence of changes
 * (its activation or its last successful poll; after a restart, the last persisted one). A successful
 * poll covers the changes after that point. From the changes in the range and the directory at both
 * ends it derives what the poll must emit (required), what it may emit (allowed: e.g. a value changed
 * and changed back) and what Graph's delta cannot show (net-invisible: deleted and restored between
 * two polls). Then:
 * - every required change is emitted, or the poll carries a syncReset warning and the change is of a
 *   kind the warning says cannot be recovered (created objects and soft deletions must be recovered);
 * - nothing else is emitted: an emission neither required nor allowed is a duplicate (already
 *   emitted before, without a restart in between) or a false event. Both must be zero.
 */

const SEEDS = Number(process.env.TRIGGER_SEEDS ?? 24);
/** e.g. TRIGGER_SEED_LIST=9,14 to replay chosen seeds with a trace of the objects in question. */
const SEED_LIST = process.env.TRIGGER_SEED_LIST?.split(',').map(Number);
const STEPS = Number(process.env.TRIGGER_STEPS ?? 140);
const EIGHT_DAYS = 8 * 24 * 3600;

type State = 'absent' | 'live' | 'soft' | 'purged';
interface UserView {
	state: State;
	accountEnabled?: boolean;
	tracked: string;
}
interface GroupView {
	state: State;
	tracked: string;
	members: string[];
}
interface Snapshot {
	users: Map<string, UserView>;
	groups: Map<string, GroupView>;
}
interface Op {
	seq: number;
	id: string;
	op: string;
	/** For membership ops: the member. */
	member?: string;
}

interface Expectation {
	required: Map<string, Set<string>>;
	allowed: Map<string, Set<string>>;
	/** Required keys that a recovery must still deliver (created objects, soft deletions). */
	recoverable: Set<string>;
	netInvisible: number;
}

interface Node {
	event: EventName;
	runner: TriggerRunner;
	resumeSeq: number;
	persistedSeq: number;
	/** Keys emitted so far, for telling duplicates from false events. */
	emitted: Set<string>;
}

interface Counts {
	changes: number;
	polls: number;
	failedPolls: number;
	restarts: number;
	expiries: number;
	resets: number;
	faults: number;
	emitted: number;
	required: number;
	deliveredRequired: number;
	warnedLost: number;
	netInvisible: number;
	missing: number;
	lateCreations: number;
	duplicates: number;
	unexpected: number;
}

function newCounts(): Counts {
	return {
		changes: 0,
		polls: 0,
		failedPolls: 0,
		restarts: 0,
		expiries: 0,
		resets: 0,
		faults: 0,
		emitted: 0,
		required: 0,
		deliveredRequired: 0,
		warnedLost: 0,
		netInvisible: 0,
		missing: 0,
		lateCreations: 0,
		duplicates: 0,
		unexpected: 0,
	};
}

/** What the test has done to the directory, and views of it at chosen points. */
class Ledger {
	seq = 0;
	readonly ops: Op[] = [];
	readonly users: string[] = [];
	readonly groups: string[] = [];
	readonly snapshots = new Map<number, Snapshot>();

	constructor(private readonly world: TriggerWorld) {}

	record(id: string, op: string, member?: string): void {
		this.seq += 1;
		this.ops.push({ seq: this.seq, id, op, member });
	}

	opsIn(from: number, to: number): Op[] {
		return this.ops.filter((op) => op.seq > from && op.seq <= to);
	}

	snapshot(): void {
		if (this.snapshots.has(this.seq)) return;
		const admin = this.world.emulator.admin;
		const users = new Map<string, UserView>();
		for (const id of this.users) {
			const user = admin.getUser(id);
			users.set(
				id,
				user
					? {
							state: user.deleted ? 'soft' : 'live',
							accountEnabled: user.accountEnabled as boolean,
							tracked: `${user.jobTitle}|${user.department}|${user.accountEnabled}`,
						}
					: { state: 'purged', tracked: '' },
			);
		}
		const groups = new Map<string, GroupView>();
		for (const id of this.groups) {
			const group = admin.getGroup(id);
			groups.set(
				id,
				group
					? {
							state: group.deleted ? 'soft' : 'live',
							tracked: String(group.description),
							members: [...(group.members as string[])].sort(),
						}
					: { state: 'purged', tracked: '', members: [] },
			);
		}
		this.snapshots.set(this.seq, { users, groups });
	}

	at(seq: number): Snapshot {
		const snapshot = this.snapshots.get(seq);
		if (!snapshot) throw new Error(`no snapshot at ${seq}`);
		return snapshot;
	}
}

function add(map: Map<string, Set<string>>, key: string, ...types: string[]): void {
	const set = map.get(key) ?? new Set<string>();
	for (const type of types) set.add(type);
	map.set(key, set);
}

const USER_EVENTS = new Set<EventName>([
	'userCreated',
	'userCreatedOrUpdated',
	'userDeleted',
	'userEnabledChanged',
]);

/** The oracle: what a poll covering (from, to] must and may emit for one event. */
function expectationFor(event: EventName, ledger: Ledger, from: number, to: number): Expectation {
	const result: Expectation = {
		required: new Map(),
		allowed: new Map(),
		recoverable: new Set(),
		netInvisible: 0,
	};
	const [a, b] = [ledger.at(from), ledger.at(to)];
	const ops = ledger.opsIn(from, to);
	const touched = new Map<string, Op[]>();
	for (const op of ops) touched.set(op.id, [...(touched.get(op.id) ?? []), op]);
	const isUser = USER_EVENTS.has(event);
	if (event === 'groupMembershipChanged')
		return membershipExpectation(ledger, a, b, touched, result);
	for (const [id, objectOps] of touched) {
		const before = (isUser ? a.users.get(id) : a.groups.get(id)) ?? {
			state: 'absent' as State,
			tracked: '',
		};
		const after = (isUser ? b.users.get(id) : b.groups.get(id)) ?? {
			state: 'absent' as State,
			tracked: '',
		};
		if (!(isUser ? ledger.users : ledger.groups).includes(id)) continue;
		const did = (name: string) => objectOps.some((op) => op.op === name);
		const created = did('create');
		const restored = did('restore');
		const updated = did('update');
		switch (event) {
			case 'userCreated':
			case 'groupCreated':
				if (created && after.state === 'live') {
					add(result.required, id, 'created');
					result.recoverable.add(id);
				}
				break;
			case 'userCreatedOrUpdated':
			case 'groupCreatedOrUpdated':
				if (after.state !== 'live') break;
				if (created) {
					add(result.required, id, 'created');
					result.recoverable.add(id);
				} else if (restored) add(result.required, id, 'restored', 'updated', 'created');
				else if (updated && before.tracked !== after.tracked) add(result.required, id, 'updated');
				else if (updated) add(result.allowed, id, 'updated');
				break;
			case 'userDeleted':
			case 'groupDeleted':
				// Security groups go straight to 'purged' on delete (no deleted items), hence delete or purge.
				if (after.state === 'soft' && did('delete')) {
					add(result.required, id, 'soft');
					result.recoverable.add(id);
				} else if (
					after.state === 'purged' &&
					(did('purge') || (event === 'groupDeleted' && did('delete')))
				)
					add(result.required, id, 'permanent');
				else if (did('delete')) result.netInvisible += 1;
				break;
			case 'userEnabledChanged': {
				const was = (before as UserView).accountEnabled;
				const now = (after as UserView).accountEnabled;
				if (before.state !== 'live' || after.state !== 'live' || created || restored || !updated)
					break;
				if (was !== now) add(result.required, id, now ? 'enabled' : 'disabled');
				else add(result.allowed, id, 'enabled', 'disabled');
				break;
			}
			default:
				break;
		}
	}
	return result;
}

function membershipExpectation(
	ledger: Ledger,
	a: Snapshot,
	b: Snapshot,
	touched: Map<string, Op[]>,
	result: Expectation,
): Expectation {
	for (const groupId of ledger.groups) {
		const after = b.groups.get(groupId);
		if (!after || after.state !== 'live') continue;
		const before = a.groups.get(groupId);
		const groupOps = touched.get(groupId) ?? [];
		const reborn =
			groupOps.some((op) => op.op === 'create' || op.op === 'restore') ||
			!before ||
			before.state !== 'live';
		const was = new Set(before?.state === 'live' ? before.members : []);
		const now = new Set(after.members);
		const candidates = new Set([
			...was,
			...now,
			...groupOps.filter((op) => op.member).map((op) => op.member as string),
		]);
		for (const member of candidates) {
			const key = `${groupId}:${member}`;
			const memberTouched =
				groupOps.some((op) => op.member === member) || touched.has(member) || reborn;
			if (was.has(member) !== now.has(member))
				add(result.required, key, now.has(member) ? 'memberAdded' : 'memberRemoved');
			else if (memberTouched) add(result.allowed, key, 'memberAdded', 'memberRemoved');
		}
	}
	return result;
}

/** The key and type of an emitted item, in the oracle's terms. */
function keyOf(event: EventName, item: IDataObject): [string, string] {
	if (event === 'groupMembershipChanged')
		return [`${item.groupId}:${item.memberId}`, String(item.changeType)];
	if (event === 'userDeleted' || event === 'groupDeleted')
		return [String(item.id), String(item.deleteKind)];
	return [String(item.id), String(item.changeType)];
}

function createdByTest(ledger: Ledger, id: string): boolean {
	return ledger.ops.some((op) => op.id === id && op.op === 'create');
}

/** Compares one successful poll with the oracle. */
function judge(
	node: Node,
	ledger: Ledger,
	items: IDataObject[],
	counts: Counts,
	problems: string[],
	label: string,
): void {
	const expectation = expectationFor(node.event, ledger, node.resumeSeq, ledger.seq);
	const reset = items.some((item) => item.changeType === 'syncReset');
	if (reset) counts.resets += 1;
	counts.netInvisible += expectation.netInvisible;
	const before = problems.length;
	const seen = new Map<string, Set<string>>();
	for (const item of items) {
		if (item.changeType === 'syncReset') continue;
		counts.emitted += 1;
		const [key, type] = keyOf(node.event, item);
		if (seen.get(key)?.has(type)) {
			counts.duplicates += 1;
			problems.push(`${label}: ${node.event} emitted ${key} ${type} twice in one poll`);
		}
		add(seen, key, type);
		// A creation delta never showed (created and deleted between two polls, then restored, or
		// recovered after an expiry) may be reported late, once: it is no duplicate.
		const lateCreation =
			type === 'created' && !node.emitted.has(`${key}:created`) && createdByTest(ledger, key);
		const ok =
			expectation.required.get(key)?.has(type) ||
			expectation.allowed.get(key)?.has(type) ||
			lateCreation;
		if (lateCreation && !expectation.required.get(key)?.has(type)) counts.lateCreations += 1;
		if (!ok) {
			if (node.emitted.has(`${key}:${type}`)) {
				counts.duplicates += 1;
				problems.push(`${label}: ${node.event} emitted ${key} ${type} again without a restart`);
			} else {
				counts.unexpected += 1;
				problems.push(
					`${label}: ${node.event} emitted ${key} ${type}, which the range does not contain`,
				);
			}
		}
		node.emitted.add(`${key}:${type}`);
	}
	for (const [key, types] of expectation.required) {
		counts.required += 1;
		if ([...types].some((type) => seen.get(key)?.has(type))) counts.deliveredRequired += 1;
		else if (reset && !expectation.recoverable.has(key)) counts.warnedLost += 1;
		else {
			counts.missing += 1;
			problems.push(
				`${label}: ${node.event} did not emit ${key} (${[...types].join('/')})${reset ? ' although recoverable' : ''}`,
			);
		}
	}
	if (SEED_LIST && problems.length > before) {
		console.log(
			`${label} ${node.event} range (${node.resumeSeq}, ${ledger.seq}] items ${JSON.stringify(items)}`,
		);
		for (const problem of problems.slice(before)) {
			const id = problem
				.split(' ')
				.find((word) => /^[0-9a-f]{8}-/.test(word))
				?.split(':')[0];
			console.log(
				problem,
				JSON.stringify(ledger.ops.filter((op) => op.id === id || op.member === id)),
			);
		}
	}
}

/** One directory change picked at random among those that apply. */
function change(world: TriggerWorld, ledger: Ledger, random: Random): void {
	const admin = world.emulator.admin;
	const users = ledger.users.map((id) => ({ id, user: admin.getUser(id) }));
	const live = users.filter((entry) => entry.user && !entry.user.deleted).map((entry) => entry.id);
	const soft = users.filter((entry) => entry.user?.deleted).map((entry) => entry.id);
	const groups = ledger.groups.map((id) => ({ id, group: admin.getGroup(id) }));
	const liveGroups = groups.filter((entry) => entry.group && !entry.group.deleted);
	const softGroups = groups.filter((entry) => entry.group?.deleted).map((entry) => entry.id);
	const roll = random.int(100);
	if (roll < 18 || live.length < 3) {
		const userPrincipalName = upn('r');
		const created = admin.createUser({
			displayName: `R ${userPrincipalName}`,
			userPrincipalName,
			mailNickname: userPrincipalName.split('@')[0].replace(/\W/g, ''),
			accountEnabled: true,
			userType: random.int(5) === 0 ? 'Guest' : 'Member',
		});
		ledger.users.push(created.id as string);
		ledger.record(created.id as string, 'create');
	} else if (roll < 38) {
		const id = random.pick(live);
		const patch = [
			{ jobTitle: `T${random.int(1000)}` },
			{ department: `D${random.int(5)}` },
			{ accountEnabled: random.int(2) === 0 },
		][random.int(3)];
		admin.updateUser(id, patch);
		ledger.record(id, 'update');
	} else if (roll < 46) {
		const id = random.pick(live);
		const groupsOf = (admin.getUser(id)?.memberOf as string[]) ?? [];
		admin.deleteUser(id);
		ledger.record(id, 'delete');
		for (const groupId of groupsOf) ledger.record(groupId, 'implicitRemove', id);
	} else if (roll < 51 && soft.length) {
		const id = random.pick(soft);
		admin.restoreUser(id);
		ledger.record(id, 'restore');
	} else if (roll < 55 && soft.length) {
		const id = random.pick(soft);
		admin.purgeUser(id);
		ledger.record(id, 'purge');
	} else if (roll < 63 || liveGroups.length < 2) {
		const unified = random.int(2) === 0;
		const created = admin.createGroup({
			displayName: `G${ledger.seq}`,
			groupTypes: unified ? ['Unified'] : [],
		});
		ledger.groups.push(created.id as string);
		ledger.record(created.id as string, 'create');
	} else if (roll < 70) {
		const { id } = random.pick(liveGroups);
		admin.updateGroup(id, { description: `d${random.int(1000)}` });
		ledger.record(id, 'update');
	} else if (roll < 74) {
		const { id, group } = random.pick(liveGroups);
		admin.deleteGroup(id);
		ledger.record(id, (group?.groupTypes as string[]).includes('Unified') ? 'delete' : 'purge');
	} else if (roll < 77 && softGroups.length) {
		const id = random.pick(softGroups);
		admin.restoreGroup(id);
		ledger.record(id, 'restore');
	} else if (roll < 92) {
		const { id, group } = random.pick(liveGroups);
		const members = new Set(group?.members as string[]);
		const candidates = live.filter((user) => !members.has(user));
		if (!candidates.length) return;
		const member = random.pick(candidates);
		admin.addMember(id, member);
		ledger.record(id, 'addMember', member);
	} else {
		const withMembers = liveGroups.filter((entry) => (entry.group?.members as string[]).length);
		if (!withMembers.length) return;
		const { id, group } = random.pick(withMembers);
		const member = random.pick(group?.members as string[]);
		admin.removeMember(id, member);
		ledger.record(id, 'removeMember', member);
	}
}

async function poll(
	node: Node,
	ledger: Ledger,
	counts: Counts,
	problems: string[],
	label: string,
): Promise<void> {
	ledger.snapshot();
	counts.polls += 1;
	let items: IDataObject[];
	try {
		items = json(await node.runner.poll());
	} catch {
		// The poll failed: the stored state (and so the resume point) stays.
		counts.failedPolls += 1;
		return;
	}
	judge(node, ledger, items, counts, problems, label);
	if (SEED_LIST)
		console.log(
			`${label} poll ${node.event} at ${ledger.seq} (from ${node.resumeSeq}): ${items.length} items`,
		);
	node.resumeSeq = ledger.seq;
	if (items.length) node.persistedSeq = ledger.seq;
}

async function runSeed(seed: number, totals: Counts, problems: string[]): Promise<void> {
	const world = await startWorld({ seed, demo: false });
	const random = new Random(seed * 7919 + 17);
	const ledger = new Ledger(world);
	const counts = newCounts();
	try {
		const nodes: Node[] = EVENTS.map((event) => ({
			event: event.value,
			runner: world.runner({ event: event.value, options: { maxRetries: 3 } }),
			resumeSeq: 0,
			persistedSeq: 0,
			emitted: new Set<string>(),
		}));
		ledger.snapshot();
		await activate(world, ...nodes.map((node) => node.runner));
		for (let step = 0; step < STEPS; step++) {
			const label = `seed ${seed} step ${step}`;
			const roll = random.int(100);
			if (roll < 55) {
				change(world, ledger, random);
				counts.changes += 1;
				// Directory timestamps have one-second resolution; people do not make several changes to
				// one object within a second (see README: the same-second limits of the rules).
				world.emulator.admin.advanceClock(1 + random.int(3));
			} else if (roll < 80) {
				await poll(random.pick(nodes), ledger, counts, problems, label);
			} else if (roll < 86) {
				// Transient: retried inside the poll. On a nextLink when the round has several pages.
				const pathPattern = random.int(2) === 0 ? 'delta' : 'skiptoken';
				const fault = [
					{ status: 429, headers: { 'Retry-After': '0' } },
					{ status: 503, headers: { 'Retry-After': '0' } },
					{ drop: true },
				][random.int(3)];
				world.emulator.admin.injectFault({ pathPattern, count: 1 + random.int(2), ...fault });
				counts.faults += 1;
			} else if (roll < 89) {
				// Persistent: the poll fails and must leave its state.
				world.emulator.admin.injectFault({
					pathPattern: '/v1.0/',
					status: 503,
					headers: { 'Retry-After': '0' },
					count: 4,
				});
				await poll(random.pick(nodes), ledger, counts, problems, label);
				world.emulator.admin.clearFaults();
				counts.faults += 1;
			} else if (roll < 91) {
				// Expired tokens (7 days) or a forced resync (410).
				if (random.int(2) === 0 && counts.expiries < 2)
					world.emulator.admin.advanceClock(EIGHT_DAYS);
				else world.emulator.admin.forceDeltaResync(random.int(2) === 0 ? 'users' : 'groups');
				counts.expiries += 1;
				if (SEED_LIST) console.log(`${label} expiry at ${ledger.seq}`);
			} else if (roll < 95) {
				const node = random.pick(nodes);
				node.runner.restart();
				if (SEED_LIST) console.log(`${label} restart ${node.event} back to ${node.persistedSeq}`);
				node.resumeSeq = node.persistedSeq;
				counts.restarts += 1;
			} else {
				world.emulator.admin.advanceClock(1 + random.int(600));
			}
		}
		// Quiet end: every node reads what is left.
		world.emulator.admin.clearFaults();
		for (const node of nodes) await poll(node, ledger, counts, problems, `seed ${seed} final`);
	} finally {
		await world.emulator.stop();
	}
	for (const key of Object.keys(totals) as Array<keyof Counts>) totals[key] += counts[key];
	console.log(`seed ${seed}: ${JSON.stringify(counts)}`);
}

it(`every change is emitted at least once and none twice (${SEEDS} seeds x ${STEPS} steps)`, async () => {
	const totals = newCounts();
	const problems: string[] = [];
	const seeds = SEED_LIST ?? Array.from({ length: SEEDS }, (_, index) => index + 1);
	for (const seed of seeds) await runSeed(seed, totals, problems);
	console.log(
		`randomized trigger test, ${SEEDS} seeds: ${JSON.stringify(totals, null, 1)}${problems.length ? `\nproblems:\n${problems.slice(0, 40).join('\n')}` : ''}`,
	);
	expect(problems).toEqual([]);
	expect(totals.missing).toBe(0);
	expect(totals.duplicates).toBe(0);
	expect(totals.deliveredRequired).toBeGreaterThan(0);
}, 600000);
