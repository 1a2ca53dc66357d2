import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO_APP, DEMO_GROUPS, DEMO_USERS, READONLY_APP } from './index';
import type { Harness } from './helpers';
import { harness } from './helpers';

/*
 * Change notifications, as documented on learn.microsoft.com/graph:
 * - api/resources/subscription ("subscription resource type": properties, max expiration for users/groups)
 * - api/subscription-post-subscriptions ("Create subscription": validation, permissions)
 * - api/subscription-update / api/subscription-delete / api/subscription-reauthorize
 * - change-notifications-delivery-webhooks ("Receive change notifications through webhooks")
 * - change-notifications-lifecycle-events ("Reduce missing subscriptions and change notifications")
 * - throttling-limits#change-notifications ("Microsoft Graph service limits": subscription quotas)
 */

interface Received {
	query: URLSearchParams;
	body: string;
	contentType: string;
}

/** A notification endpoint on loopback that answers like a well-behaved app (or as told). */
class Endpoint {
	received: Received[] = [];
	answer: 'echo' | 'wrongToken' | 'status500' | 'json' = 'echo';
	private server!: Server;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const url = new URL(req.url ?? '/', 'http://x');
				const body = Buffer.concat(chunks).toString('utf8');
				this.received.push({
					query: url.searchParams,
					body,
					contentType: String(req.headers['content-type'] ?? ''),
				});
				const token = url.searchParams.get('validationToken');
				if (token === null) res.writeHead(this.answer === 'status500' ? 500 : 202).end();
				else if (this.answer === 'status500') res.writeHead(500).end();
				else if (this.answer === 'json')
					res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(token));
				else
					res
						.writeHead(200, { 'Content-Type': 'text/plain' })
						.end(this.answer === 'wrongToken' ? 'nope' : token);
			});
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
	}

	notifications(): Record<string, unknown>[] {
		return this.received
			.filter((entry) => !entry.query.has('validationToken'))
			.flatMap((entry) => (JSON.parse(entry.body) as { value: Record<string, unknown>[] }).value);
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

let h: Harness;
let endpoint: Endpoint;

beforeAll(async () => {
	h = await harness();
});
afterAll(() => h.emu.stop());
beforeEach(async () => {
	endpoint = new Endpoint();
	await endpoint.start();
	for (const record of h.emu.admin.listSubscriptions())
		h.emu.admin.removeSubscription(String(record.id));
	h.emu.admin.setNotificationFaults({
		delayMs: 0,
		drop: 0,
		duplicate: 0,
		reorder: false,
		failValidation: 0,
	});
	h.emu.admin.clearDeliveries();
});
afterEach(async () => {
	await h.emu.admin.settleNotifications();
	await endpoint.stop();
});

const inMinutes = (minutes: number) =>
	new Date(Date.parse(h.emu.admin.now()) + minutes * 60_000).toISOString();

function subscribe(overrides: Record<string, unknown> = {}, token?: string) {
	return h.graph('POST', '/subscriptions', {
		body: {
			changeType: 'updated,deleted',
			notificationUrl: endpoint.url,
			resource: '/users',
			expirationDateTime: inMinutes(60),
			clientState: 'secret-1',
			...overrides,
		},
		token,
	});
}

describe('create subscription', () => {
	// subscription-post-subscriptions + delivery-webhooks "notificationUrl validation"
	test('validates the notification URL with a POST carrying validationToken, then answers 201', async () => {
		const answer = await subscribe({ lifecycleNotificationUrl: endpoint.url });
		expect(answer.status).toBe(201);
		expect(answer.body).toMatchObject({
			resource: '/users',
			changeType: 'updated,deleted',
			clientState: 'secret-1',
			notificationUrl: endpoint.url,
			lifecycleNotificationUrl: endpoint.url,
		});
		expect(answer.body.id).toMatch(/^[0-9a-f-]{36}$/);
		// Both URLs validated (lifecycle page: "you must validate both").
		const validations = endpoint.received.filter((entry) => entry.query.has('validationToken'));
		expect(validations).toHaveLength(2);
		expect(validations[0].contentType).toMatch(/^text\/plain/);
		expect(validations[0].body).toBe('');
	});

	// delivery-webhooks: "If the response ... isn't ... the validation token ... the subscription creation fails"
	test.each(['wrongToken', 'status500', 'json'] as const)(
		'a failed handshake (%s) fails the create with 400 and creates nothing',
		async (answer) => {
			endpoint.answer = answer;
			const result = await subscribe();
			expect(result.status).toBe(400);
			expect(result.body.error.code).toBe('ValidationError');
			expect(h.emu.admin.listSubscriptions()).toEqual([]);
		},
	);

	// subscription resource: users/groups support updated and deleted (no created)
	test('changeType created is refused for users and groups', async () => {
		const answer = await subscribe({ changeType: 'created,updated' });
		expect(answer.status).toBe(400);
	});

	// subscription resource: max expiration 41,760 minutes for directory objects; in the future
	test('expirationDateTime beyond 41,760 minutes, or in the past, is refused; 41,760 is accepted', async () => {
		expect((await subscribe({ expirationDateTime: inMinutes(41_761) })).status).toBe(400);
		expect((await subscribe({ expirationDateTime: inMinutes(-1) })).status).toBe(400);
		expect((await subscribe({ expirationDateTime: inMinutes(41_759) })).status).toBe(201);
	});

	// subscription resource: clientState "maximum length is 128 characters"
	test('clientState longer than 128 characters is refused', async () => {
		expect((await subscribe({ clientState: 'x'.repeat(129) })).status).toBe(400);
		expect((await subscribe({ clientState: 'x'.repeat(128) })).status).toBe(201);
	});

	// Resources that support change notifications for directory objects
	test('resources: /users, /users/{id}, /groups, /groups/{id}/members; others refused', async () => {
		for (const resource of [
			'/users',
			`/users/${DEMO_USERS.alex.id}`,
			'/groups',
			`/groups/${DEMO_GROUPS.itAdmins.id}/members`,
		]) {
			expect((await subscribe({ resource })).status).toBe(201);
		}
		expect((await subscribe({ resource: '/devices' })).status).toBe(400);
		// users/groups: includeResourceData is not supported (basic notifications only)
		expect((await subscribe({ includeResourceData: true })).status).toBe(400);
	});

	// delivery-webhooks: notificationUrl must be HTTPS; the emulator accepts http on loopback only
	test('non-loopback notification URLs are refused (the emulator never sends off the machine)', async () => {
		const answer = await subscribe({ notificationUrl: 'https://example.com/hook' });
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toMatch(/loopback/);
	});

	// throttling-limits: "100 total subscriptions per app per tenant" for directory resources; over it 403
	test('the 101st subscription of an app in the tenant gets 403', async () => {
		const results = [];
		for (let i = 0; i < 100; i++) results.push((await subscribe()).status);
		expect(results.every((status) => status === 201)).toBe(true);
		const over = await subscribe();
		expect(over.status).toBe(403);
	});

	// subscription-post-subscriptions permissions: User.Read.All for users, Group.Read.All for groups
	test('needs read permission on the resource', async () => {
		const readonly = await h.tokenFor(READONLY_APP.clientId, READONLY_APP.clientSecret);
		expect((await subscribe({}, readonly)).status).toBe(201);
	});
});

describe('read, update, delete, reauthorize', () => {
	test('list shows only the calling app; PATCH renews; lifecycle URL cannot change; DELETE removes', async () => {
		const created = (await subscribe({ lifecycleNotificationUrl: endpoint.url })).body;
		const readonly = await h.tokenFor(READONLY_APP.clientId, READONLY_APP.clientSecret);
		expect((await h.graph('GET', '/subscriptions', { token: readonly })).body.value).toEqual([]);
		const listed = (await h.get('/subscriptions')).body.value;
		expect(listed).toEqual([expect.objectContaining({ id: created.id, clientState: null })]);
		expect((await h.graph('GET', `/subscriptions/${created.id}`, { token: readonly })).status).toBe(
			404,
		);
		// subscription-update: new expirationDateTime
		const renewed = await h.graph('PATCH', `/subscriptions/${created.id}`, {
			body: { expirationDateTime: inMinutes(4000) },
		});
		expect(renewed.status).toBe(200);
		expect(Date.parse(renewed.body.expirationDateTime)).toBeGreaterThan(
			Date.parse(created.expirationDateTime),
		);
		expect(
			(
				await h.graph('PATCH', `/subscriptions/${created.id}`, {
					body: { expirationDateTime: inMinutes(50_000) },
				})
			).status,
		).toBe(400);
		// lifecycle page: lifecycleNotificationUrl only at creation
		expect(
			(
				await h.graph('PATCH', `/subscriptions/${created.id}`, {
					body: { lifecycleNotificationUrl: endpoint.url },
				})
			).status,
		).toBe(400);
		expect((await h.graph('POST', `/subscriptions/${created.id}/reauthorize`)).status).toBe(204);
		expect((await h.graph('DELETE', `/subscriptions/${created.id}`)).status).toBe(204);
		expect((await h.get(`/subscriptions/${created.id}`)).status).toBe(404);
	});
});

describe('notifications', () => {
	// delivery-webhooks: basic notification payload for users (no resource data)
	test('a user change sends changeType updated with the ids and the clientState; a permanent deletion sends deleted', async () => {
		const { id } = (await subscribe()).body;
		const user = h.emu.admin.createUser({
			displayName: 'N',
			userPrincipalName: `n${Date.now()}@contoso.com`,
			mailNickname: 'n',
			accountEnabled: true,
		});
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications()).toEqual([
			{
				subscriptionId: id,
				subscriptionExpirationDateTime: expect.any(String),
				changeType: 'updated',
				resource: `Users/${user.id}`,
				resourceData: {
					'@odata.type': '#Microsoft.Graph.User',
					'@odata.id': `Users/${user.id}`,
					id: user.id,
					organizationId: expect.any(String),
				},
				clientState: 'secret-1',
				tenantId: expect.any(String),
			},
		]);
		endpoint.received = [];
		h.emu.admin.deleteUser(String(user.id));
		h.emu.admin.purgeUser(String(user.id));
		await h.emu.admin.settleNotifications();
		// "updated" covers soft deletion, "deleted" is permanent deletion
		expect(endpoint.notifications().map((entry) => entry.changeType)).toEqual([
			'updated',
			'deleted',
		]);
	});

	test('a /groups/{id}/members subscription hears membership changes of that group only', async () => {
		await subscribe({ resource: `/groups/${DEMO_GROUPS.itAdmins.id}/members` });
		h.emu.admin.updateGroup(DEMO_GROUPS.itAdmins.id, { description: 'renamed' });
		h.emu.admin.addMember(DEMO_GROUPS.marketing.id, DEMO_USERS.lee.id);
		h.emu.admin.addMember(DEMO_GROUPS.itAdmins.id, DEMO_USERS.lee.id);
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications().map((entry) => entry.resource)).toEqual([
			`Groups/${DEMO_GROUPS.itAdmins.id}`,
		]);
		h.emu.admin.removeMember(DEMO_GROUPS.itAdmins.id, DEMO_USERS.lee.id);
		h.emu.admin.removeMember(DEMO_GROUPS.marketing.id, DEMO_USERS.lee.id);
	});

	// delivery-webhooks: notifications can be delayed, repeated, out of order or lost (faults)
	test('faults: loss, duplication, reordering and delay', async () => {
		await subscribe();
		const make = (name: string) =>
			h.emu.admin.createUser({
				displayName: name,
				userPrincipalName: `${name}${Date.now()}@contoso.com`,
				mailNickname: name,
				accountEnabled: true,
			}).id as string;
		h.emu.admin.setNotificationFaults({ drop: 1 });
		make('lost');
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications()).toEqual([]);
		expect(h.emu.admin.deliveries().filter((entry) => entry.status === -1)).toHaveLength(1);
		h.emu.admin.setNotificationFaults({ duplicate: 1 });
		const twice = make('twice');
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications().map((entry) => entry.resource)).toEqual([
			`Users/${twice}`,
			`Users/${twice}`,
		]);
		endpoint.received = [];
		h.emu.admin.setNotificationFaults({ reorder: true, delayMs: 50 });
		const first = make('first');
		const second = make('second');
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications().map((entry) => entry.resource)).toEqual([
			`Users/${second}`,
			`Users/${first}`,
		]);
	});

	// delivery-webhooks: no 2xx answer: Graph retries the delivery
	test('a failed delivery is retried', async () => {
		await subscribe();
		endpoint.answer = 'status500';
		h.emu.admin.createUser({
			displayName: 'r',
			userPrincipalName: `r${Date.now()}@contoso.com`,
			mailNickname: 'r',
			accountEnabled: true,
		});
		await new Promise((resolve) => setTimeout(resolve, 800));
		endpoint.answer = 'echo';
		await h.emu.admin.settleNotifications();
		const attempts = h.emu.admin.deliveries().filter((entry) => entry.kind === 'notification');
		expect(attempts.map((entry) => entry.status)).toEqual([500, 500, 202]);
	});
});

describe('lifecycle', () => {
	// lifecycle page: reauthorizationRequired "when a subscription is about to expire"; then every 15 minutes
	test('reauthorizationRequired inside the last 3 hours, again every 15 minutes until renewed; removal at expiry', async () => {
		const { id } = (
			await subscribe({
				lifecycleNotificationUrl: endpoint.url,
				expirationDateTime: inMinutes(600),
			})
		).body;
		h.emu.admin.advanceClock(6 * 3600);
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications()).toEqual([]);
		h.emu.admin.advanceClock(3600 + 60);
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications()).toEqual([
			{
				subscriptionId: id,
				subscriptionExpirationDateTime: expect.any(String),
				tenantId: expect.any(String),
				clientState: 'secret-1',
				lifecycleEvent: 'reauthorizationRequired',
			},
		]);
		h.emu.admin.advanceClock(5 * 60);
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications()).toHaveLength(1);
		h.emu.admin.advanceClock(11 * 60);
		await h.emu.admin.settleNotifications();
		expect(endpoint.notifications()).toHaveLength(2);
		// Directory subscriptions simply end at expiry (subscriptionRemoved is for Outlook/Teams resources).
		h.emu.admin.advanceClock(3 * 3600);
		await h.emu.admin.settleNotifications();
		h.token = await h.tokenFor(DEMO_APP.clientId, DEMO_APP.clientSecret);
		expect((await h.get(`/subscriptions/${id}`)).status).toBe(404);
	});
});
