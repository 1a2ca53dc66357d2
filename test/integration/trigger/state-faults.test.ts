/**
 * The trigger's part of the fault corpus (issue "Hostile Graph answers and broken state", T1-T5 and
 * the cases that already held): broken or hostile delta state never wedges the trigger, is never
 * dropped without a `syncReset` item, and never loses a created user.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunningEmulator } from '../../emulator';
import { DEMO_APP, DEMO_TENANT_ID, startEmulator } from '../../emulator';
import type { HarnessCredentials } from '../../harness';
import { emulatorCredentials } from '../../harness';
import type { RewritingProxy } from './rewritingProxy';
import {
	deltaLinkTo,
	dropDateHeader,
	startRewritingProxy,
	withoutDeltaProperty,
} from './rewritingProxy';
import { TriggerRunner, json } from './runner';
import { DOMAIN } from './setup';

let emulator: RunningEmulator;
let proxy: RewritingProxy;

async function start(clockOffsetSeconds = 0): Promise<void> {
	emulator = await startEmulator({ clockOffsetSeconds });
	proxy = await startRewritingProxy(emulator.url);
}

afterEach(async () => {
	await proxy?.stop();
	await emulator?.stop();
});

/** Credentials whose Graph (and login) URL is the proxy, or the emulator itself. */
function credentialsFor(url: string): HarnessCredentials {
	return emulatorCredentials(url, DEMO_APP, DEMO_TENANT_ID);
}

function runner(parameters: IDataObject, url = proxy.url): TriggerRunner {
	return new TriggerRunner(
		{ ...parameters, options: { maxWaitSeconds: 5, ...((parameters.options as object) ?? {}) } },
		credentialsFor(url),
	);
}

let counter = 0;
function newUser(props: Record<string, unknown> = {}): string {
	counter += 1;
	const upn = `fault${counter}.${Date.now().toString(36)}@${DOMAIN}`;
	return emulator.admin.createUser({
		displayName: `Fault ${counter}`,
		userPrincipalName: upn,
		mailNickname: `fault${counter}`,
		accountEnabled: true,
		...props,
	}).id as string;
}

async function activate(...runners: TriggerRunner[]): Promise<void> {
	emulator.admin.advanceClock(2);
	for (const one of runners) expect(await one.activate()).toEqual([]);
	emulator.admin.advanceClock(2);
}

function storedFeed(one: TriggerRunner): IDataObject {
	return (one.staticData.entraIdDelta as IDataObject).feed as IDataObject;
}

function graphPaths(): string[] {
	return emulator.admin
		.requestLog()
		.filter((entry) => entry.kind === 'graph')
		.map((entry) => decodeURIComponent(entry.path));
}

describe('T1: a deltaLink on another host is never stored', () => {
	it('fails the poll, keeps the old state, and the next poll emits the user', async () => {
		await start();
		const trigger = runner({ event: 'userCreated' });
		await activate(trigger);
		const user = newUser();
		const before = structuredClone(trigger.staticData);
		const foreign = deltaLinkTo('https://graph.attacker.example');
		proxy.rewrites.push(foreign);
		await expect(trigger.poll()).rejects.toThrow(/deltaLink that cannot be used/);
		expect(trigger.staticData).toEqual(before);
		proxy.rewrites.length = 0;
		expect(json(await trigger.poll()).map((item) => [item.changeType, item.id])).toEqual([
			['created', user],
		]);
		expect(String(storedFeed(trigger).deltaLink).startsWith(`${proxy.url}/v1.0/`)).toBe(true);
	});

	it('refuses a foreign deltaLink at activation too: nothing is stored', async () => {
		await start();
		const trigger = runner({ event: 'userCreated' });
		proxy.rewrites.push(deltaLinkTo('http://127.0.0.2:1'));
		await expect(trigger.activate()).rejects.toThrow(/deltaLink that cannot be used/);
		expect(trigger.staticData).toEqual({});
	});
});

describe('T2: an unusable stored link heals with a syncReset item and recovery', () => {
	it('a stored link that is not a URL', async () => {
		await start();
		const trigger = runner({ event: 'userCreated' });
		await activate(trigger);
		const user = newUser();
		storedFeed(trigger).deltaLink = 'not a link';
		const items = json(await trigger.poll());
		expect(items[0]).toEqual(
			expect.objectContaining({
				changeType: 'syncReset',
				reason: 'storedLinkInvalid',
				message: expect.stringContaining('not a valid URL'),
			}),
		);
		expect(items.slice(1).map((item) => [item.changeType, item.id, item.recovered])).toEqual([
			['created', user, true],
		]);
		const later = newUser();
		expect(json(await trigger.poll()).map((item) => item.id)).toEqual([later]);
	});

	it('a credential whose Graph URL changed host: the old link is not sent, the new host is tracked', async () => {
		await start();
		// Activated against the emulator directly, then the credential is pointed at another origin.
		const trigger = runner({ event: 'userCreated' }, emulator.url);
		await activate(trigger);
		const oldLink = String(storedFeed(trigger).deltaLink);
		const user = newUser();
		trigger.credentials = {
			...trigger.credentials,
			graphBaseUrl: proxy.url,
			loginBaseUrl: proxy.url,
		};
		emulator.admin.clearLog();
		const items = json(await trigger.poll());
		expect(items[0]).toEqual(
			expect.objectContaining({
				changeType: 'syncReset',
				reason: 'graphHostChanged',
				message: expect.stringContaining(`${emulator.url}/v1.0`),
			}),
		);
		expect(String(items[0].message)).toContain(proxy.url);
		expect(items.slice(1).map((item) => [item.changeType, item.id])).toEqual([['created', user]]);
		const token = new URL(oldLink).searchParams.get('$deltatoken')!;
		expect(graphPaths().some((path) => path.includes(token))).toBe(false);
		expect(String(storedFeed(trigger).deltaLink).startsWith(`${proxy.url}/v1.0/`)).toBe(true);
		const later = newUser();
		expect(json(await trigger.poll()).map((item) => item.id)).toEqual([later]);
	});

	it('a $deltatoken Graph rejects (400 to the stored link)', async () => {
		await start();
		const trigger = runner({ event: 'userCreated' });
		await activate(trigger);
		const user = newUser();
		const link = new URL(String(storedFeed(trigger).deltaLink));
		link.searchParams.set('$deltatoken', 'damaged');
		storedFeed(trigger).deltaLink = link.toString();
		const items = json(await trigger.poll());
		expect(items[0]).toEqual(
			expect.objectContaining({
				changeType: 'syncReset',
				reason: 'Request_BadRequest',
				message: expect.stringContaining('rejected the stored delta link'),
			}),
		);
		expect(items.slice(1).map((item) => [item.changeType, item.id])).toEqual([['created', user]]);
		expect(await trigger.poll()).toEqual([]);
	});

	it('a 400 later in the round (not the stored link) fails the poll and keeps the state', async () => {
		await start();
		const trigger = runner({ event: 'userCreated' });
		await activate(trigger);
		const users = Array.from({ length: 250 }, () => newUser());
		const before = structuredClone(trigger.staticData);
		emulator.admin.injectFault({ pathPattern: 'skiptoken', status: 400, count: 1 });
		await expect(trigger.poll()).rejects.toThrow();
		expect(trigger.staticData).toEqual(before);
		expect(json(await trigger.poll()).map((item) => item.id)).toEqual(users);
	});
});

describe('T3: corrupt or newer static data is reported and recovered, never dropped silently', () => {
	const cases: Array<[string, (feed: IDataObject) => unknown, string]> = [
		['a string', () => 'garbage', 'stateUnreadable'],
		['version 2', (feed) => ({ version: 2, feed }), 'stateVersionNewer'],
		[
			'deltaLink 42',
			(feed) => ({ version: 1, feed: { ...feed, deltaLink: 42 } }),
			'stateUnreadable',
		],
		['feed []', () => ({ version: 1, feed: [] }), 'stateUnreadable'],
		[
			'recentCreated not a map',
			(feed) => ({ version: 1, feed: { ...feed, recentCreated: 'x' } }),
			'stateUnreadable',
		],
	];
	it.each(cases)(
		'state that is %s: syncReset, the user created meanwhile, then normal polls',
		async (_name, corrupt, reason) => {
			await start();
			const trigger = runner({ event: 'userCreated' });
			await activate(trigger);
			const user = newUser();
			trigger.staticData.entraIdDelta = corrupt(storedFeed(trigger)) as IDataObject;
			const items = json(await trigger.poll());
			expect(items[0]).toEqual(
				expect.objectContaining({
					changeType: 'syncReset',
					reason,
					message: expect.stringContaining('stored state cannot be used'),
				}),
			);
			expect(items.filter((item) => item.id === user)).toEqual([
				expect.objectContaining({ changeType: 'created', recovered: true }),
			]);
			expect((trigger.staticData.entraIdDelta as IDataObject).version).toBe(1);
			const later = newUser();
			expect(json(await trigger.poll()).map((item) => item.id)).toEqual([later]);
		},
	);

	it('a state of another feed (the node was reconfigured) starts a new feed, as documented', async () => {
		await start();
		const trigger = runner({ event: 'userCreated' });
		await activate(trigger);
		(storedFeed(trigger) as IDataObject).feedKey = 'group:id,displayName';
		expect(await trigger.poll()).toEqual([]);
		const user = newUser();
		expect(json(await trigger.poll()).map((item) => item.id)).toEqual([user]);
	});
});

describe('T4: no second "created" however many creations are remembered', () => {
	it('5,200 users created, then updated a minute later, with a feed that omits createdDateTime: no duplicates', async () => {
		await start();
		proxy.rewrites.push(withoutDeltaProperty('createdDateTime'));
		const trigger = runner({ event: 'userCreated' });
		await activate(trigger);
		const users = Array.from({ length: 5200 }, () => newUser());
		const first = json(await trigger.poll());
		expect(first.map((item) => item.id).sort()).toEqual([...users].sort());
		emulator.admin.advanceClock(60);
		for (const id of users) emulator.admin.updateUser(id, { jobTitle: 'Updated a minute later' });
		expect(await trigger.poll()).toEqual([]);
	}, 180000);
});

describe('T5: clock skew without a Date header never loses a created user', () => {
	it.each([20, 120])("n8n's clock %i minutes ahead of Graph's", async (minutes) => {
		// Graph's clock (the emulator's) behind the machine's; n8n uses the machine's.
		await start(-minutes * 60);
		proxy.rewrites.push(dropDateHeader);
		const created = runner({ event: 'userCreated' });
		const both = runner({ event: 'userCreatedOrUpdated' });
		await activate(created, both);
		const user = newUser();
		expect(json(await created.poll()).map((item) => [item.changeType, item.id])).toEqual([
			['created', user],
		]);
		expect(json(await both.poll()).map((item) => [item.changeType, item.id])).toEqual([
			['created', user],
		]);
		emulator.admin.advanceClock(60);
		const next = newUser();
		expect(json(await created.poll()).map((item) => [item.changeType, item.id])).toEqual([
			['created', next],
		]);
		emulator.admin.updateUser(user, { jobTitle: 'later' });
		expect(json(await both.poll()).map((item) => [item.changeType, item.id])).toEqual([
			['created', next],
			['updated', user],
		]);
	});
});

describe('cases that already held', () => {
	it('a foreign nextLink mid-round is not followed: the poll fails, the token stays home, the state stays', async () => {
		await start();
		const trigger = runner({ event: 'userCreated' });
		await activate(trigger);
		Array.from({ length: 250 }, () => newUser());
		const before = structuredClone(trigger.staticData);
		proxy.rewrites.push((answer) => {
			const page = answer.json as IDataObject | undefined;
			if (typeof page?.['@odata.nextLink'] !== 'string') return false;
			page['@odata.nextLink'] = String(page['@odata.nextLink']).replace(
				proxy.url,
				'http://127.0.0.2:9',
			);
			return true;
		});
		await expect(trigger.poll()).rejects.toThrow(/Refusing to follow a link/);
		expect(trigger.staticData).toEqual(before);
	});

	it('503 mid-round, then recovery from an expired state: nothing lost, nothing twice', async () => {
		await start();
		const trigger = runner({ event: 'userCreated', options: { maxRetries: 0 } });
		await activate(trigger);
		const users = Array.from({ length: 250 }, () => newUser());
		emulator.admin.injectFault({ pathPattern: 'skiptoken', status: 503, count: 1 });
		await expect(trigger.poll()).rejects.toThrow();
		expect(json(await trigger.poll()).map((item) => item.id)).toEqual(users);
		const missed = newUser();
		emulator.admin.advanceClock(8 * 24 * 3600);
		const items = json(await trigger.poll());
		expect(items.map((item) => [item.changeType, item.id ?? null])).toEqual([
			['syncReset', null],
			['created', missed],
		]);
	});
});
