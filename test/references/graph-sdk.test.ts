import { ConfidentialClientApplication } from '@azure/msal-node';
import type {
	Context,
	GraphError,
	Middleware,
	PageCollection,
} from '@microsoft/microsoft-graph-client';
import {
	AuthenticationHandler,
	BatchRequestContent,
	BatchResponseContent,
	Client,
	PageIterator,
	RetryHandler,
	RetryHandlerOptions,
	TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import type { User } from '@microsoft/microsoft-graph-types';

import type { RunningEmulator } from '../emulator';
import { DEMO_APP, DEMO_TENANT_ID, DEMO_USERS, startEmulator } from '../emulator';
import type { TlsFront } from './tls-front';
import { startTlsFront } from './tls-front';

/*
 * Microsoft's Graph JavaScript SDK (@microsoft/microsoft-graph-client 3) against the emulator,
 * through the TLS front (the SDK attaches the token only to https hosts), with a token from MSAL.
 * Its own middleware (authentication, retry, telemetry) runs; only the last step, the HTTP call,
 * goes through the front's fetch, which trusts the front's certificate.
 */

let emulator: RunningEmulator;
let front: TlsFront;
let client: Client;

beforeAll(async () => {
	emulator = await startEmulator({ users: 40 });
	front = await startTlsFront(emulator.url);
	const msal = new ConfidentialClientApplication({
		auth: {
			...DEMO_APP,
			authority: `${front.url}/${DEMO_TENANT_ID}`,
			knownAuthorities: [front.host],
		},
		system: { networkClient: front.msalNetworkClient },
	});
	const authProvider = {
		getAccessToken: async () =>
			(await msal.acquireTokenByClientCredential({
				scopes: ['https://graph.microsoft.com/.default'],
			}))!.accessToken,
	};
	const send: Middleware = {
		execute: async (context: Context) => {
			context.response = await front.fetch(
				context.request as string | Request,
				context.options as RequestInit,
			);
		},
	};
	client = Client.initWithMiddleware({
		baseUrl: front.url,
		customHosts: new Set(['127.0.0.1']),
		middleware: [
			new AuthenticationHandler(authProvider),
			new RetryHandler(new RetryHandlerOptions(1, 3)),
			new TelemetryHandler(),
			send,
		],
	});
});
afterAll(async () => {
	await front.stop();
	await emulator.stop();
});

const graphCalls = () =>
	emulator.admin.requestLog().filter((entry) => entry.kind === 'graph' && !entry.batch);

describe('Graph SDK', () => {
	it('pages a listing with its PageIterator to the end, following the emulator nextLinks', async () => {
		const everyone: User = await client.api('/users').select('id').top(999).get();
		const all = (everyone as unknown as PageCollection).value.map((user: User) => user.id).sort();
		expect(all.length).toBeGreaterThan(40);
		emulator.admin.clearLog();
		const seen: string[] = [];
		const first: PageCollection = await client.api('/users').select('id,displayName').top(7).get();
		const iterator = new PageIterator(client, first, (user: User) => {
			seen.push(user.id!);
			return true;
		});
		await iterator.iterate();
		expect(iterator.isComplete()).toBe(true);
		expect(seen.sort()).toEqual(all);
		expect(graphCalls()).toHaveLength(Math.ceil(all.length / 7));
		expect(graphCalls().every((entry) => entry.status === 200)).toBe(true);
	});

	it('runs a delta round with the PageIterator to its deltaLink, and the deltaLink brings a later change', async () => {
		const first: PageCollection = await client
			.api('/users/delta')
			.select('id,displayName,jobTitle')
			.get();
		let count = 0;
		const iterator = new PageIterator(client, first, () => {
			count += 1;
			return true;
		});
		await iterator.iterate();
		const deltaLink = iterator.getDeltaLink();
		expect(deltaLink?.startsWith(`${front.url}/v1.0/users/delta?$deltatoken=`)).toBe(true);
		expect(count).toBeGreaterThan(40);
		emulator.admin.updateUser(DEMO_USERS.lee.id, { jobTitle: 'Changed by the SDK test' });
		const changes: PageCollection = await client.api(deltaLink!).get();
		expect(changes.value).toEqual([
			expect.objectContaining({ id: DEMO_USERS.lee.id, jobTitle: 'Changed by the SDK test' }),
		]);
		expect(changes['@odata.deltaLink']).toBeDefined();
	});

	it('sends a $batch with BatchRequestContent (dependsOn) and reads each answer with BatchResponseContent', async () => {
		const content = new BatchRequestContent([
			{
				id: '1',
				request: new Request(`${front.url}/users/${DEMO_USERS.alex.id}?$select=id,displayName`, {
					method: 'GET',
				}),
			},
			{
				id: '2',
				request: new Request(`${front.url}/users/${DEMO_USERS.megan.id}`, {
					method: 'PATCH',
					body: JSON.stringify({ officeLocation: 'Batch 2' }),
					headers: { 'Content-Type': 'application/json' },
				}),
				dependsOn: ['1'],
			},
			// the SDK accepts parallel, serial or same-dependency batches: this one is serial
			{
				id: '3',
				request: new Request(`${front.url}/users/nobody@contoso.com`, { method: 'GET' }),
				dependsOn: ['2'],
			},
		]);
		const answer = new BatchResponseContent(
			await client.api('/$batch').post(await content.getContent()),
		);
		expect(answer.getResponseById('1').status).toBe(200);
		expect(await answer.getResponseById('1').json()).toMatchObject({
			id: DEMO_USERS.alex.id,
			displayName: DEMO_USERS.alex.displayName,
		});
		expect(answer.getResponseById('2').status).toBe(204);
		expect(answer.getResponseById('3').status).toBe(404);
		expect(emulator.admin.getUser(DEMO_USERS.megan.id)!.officeLocation).toBe('Batch 2');
	});

	it('turns a Graph error into its GraphError with code, status and the request-id', async () => {
		const failure = (await client
			.api('/users/nobody@contoso.com')
			.get()
			.catch((error: unknown) => error)) as GraphError;
		expect(failure.statusCode).toBe(404);
		expect(failure.code).toBe('Request_ResourceNotFound');
		expect(failure.requestId).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
		);
		expect(failure.headers?.get('request-id')).toBe(failure.requestId);
		expect(failure.date).toBeInstanceOf(Date);
	});

	it("retries a 429 with its RetryHandler after the emulator's Retry-After, then succeeds", async () => {
		emulator.admin.clearLog();
		emulator.admin.injectFault({
			method: 'GET',
			pathPattern: '^/v1\\.0/organization',
			count: 1,
			status: 429,
			headers: { 'Retry-After': '1' },
		});
		const organization: PageCollection = await client.api('/organization').get();
		expect(organization.value[0].id).toBe(DEMO_TENANT_ID);
		expect(graphCalls().map((entry) => entry.status)).toEqual([429, 200]);
	});
});
