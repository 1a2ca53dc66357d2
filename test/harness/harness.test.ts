/**
 * Proves the harness runs nodes through n8n's real code: client-credentials token fetch and 401
 * refresh by n8n-core's requestOAuth2, error wrapping, continue-on-fail, expressions, defaults,
 * resource locators, paired items, poll static data, load options and list search.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { GraphClient } from '../../nodes/transport';
import type { FaultReply, FaultServer, SeenRequest } from '../faults/servers';
import { useFaultServer } from '../faults/servers';
import type { HarnessCredentials } from './index';
import {
	OAUTH2_API_PROPERTIES,
	emulatorCredentials,
	executeNode,
	listSearch,
	loadOptions,
	pollNode,
	resolveCredentialProperties,
} from './index';

const TENANT = '11111111-2222-3333-4444-555555555555';
const APP = { clientId: 'app-client-id', clientSecret: 'app-client-secret' };

/**
 * The scripted Graph as a strict identity platform: tokens are `token-<n>` and only the latest one
 * is valid (401 otherwise); a refresh grant gets a refresh token back. `handler` answers Graph
 * calls made with a valid token.
 */
function strictTokens(server: FaultServer) {
	const state = {
		issued: 0,
		handler: (_request: SeenRequest): FaultReply => ({
			status: 200,
			body: { value: [{ id: 'u1', userPrincipalName: 'ada@contoso.com' }] },
		}),
	};
	server.token = (request) => {
		state.issued += 1;
		const refresh = new URLSearchParams(request.body).get('grant_type') === 'refresh_token';
		return {
			status: 200,
			body: {
				token_type: 'Bearer',
				expires_in: 3599,
				access_token: `token-${state.issued}`,
				...(refresh ? { refresh_token: `refresh-${state.issued}` } : {}),
			},
		};
	};
	server.graph = (request) =>
		request.headers.authorization === `Bearer token-${state.issued}`
			? state.handler(request)
			: {
					status: 401,
					body: {
						error: {
							code: 'InvalidAuthenticationToken',
							message: 'Access token has expired or is not yet valid.',
						},
					},
				};
	return state;
}

const scripted = useFaultServer();
let graph: ReturnType<typeof strictTokens>;
beforeEach(() => {
	graph = strictTokens(scripted.server);
});

/** The forms of the token requests the server saw. */
const tokenRequests = () =>
	scripted.server.seen
		.filter((request) => request.url === `/${TENANT}/oauth2/v2.0/token`)
		.map((request) => new URLSearchParams(request.body));

function credentials(extra: Partial<HarnessCredentials> = {}): HarnessCredentials {
	return { ...emulatorCredentials(scripted.server.url, APP, TENANT), ...extra };
}

const CREDENTIALS = [{ name: 'microsoftEntraIdOAuth2Api', required: true }];

/** A node that lists users for each item, using the upn/limit/user parameters. */
const usersNode: INodeType = {
	description: {
		displayName: 'Users Probe',
		name: 'usersProbe',
		group: ['transform'],
		version: [1, 2],
		description: 'Lists users',
		defaults: { name: 'Users Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: CREDENTIALS,
		properties: [
			{ displayName: 'UPN', name: 'upn', type: 'string', default: '' },
			{ displayName: 'Limit', name: 'limit', type: 'number', default: 50 },
			{ displayName: 'Fail', name: 'fail', type: 'boolean', default: false },
			{
				displayName: 'User',
				name: 'user',
				type: 'resourceLocator',
				default: { mode: 'list', value: '' },
				modes: [
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						typeOptions: { searchListMethod: 'searchUsers' },
					},
					{ displayName: 'By ID', name: 'id', type: 'string' },
				],
			},
		],
	},
	methods: {
		loadOptions: {
			async getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const client = await GraphClient.create(this);
				const page = await client.request<{ value: IDataObject[] }>({ path: '/users' });
				const prefix = this.getCurrentNodeParameter('upn') as string;
				return page.value.map((user) => ({
					name: `${prefix}${user.userPrincipalName as string}`,
					value: user.id as string,
				}));
			},
		},
		listSearch: {
			async searchUsers(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const client = await GraphClient.create(this);
				const page = await client.request<{ value: IDataObject[] }>({
					path: '/users',
					qs: {
						$filter: filter ? `startswith(displayName,'${filter}')` : undefined,
						$skiptoken: paginationToken,
					},
				});
				return {
					results: page.value.map((user) => ({
						name: user.userPrincipalName as string,
						value: user.id as string,
					})),
					paginationToken: 'next-page',
				};
			},
		},
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const client = await GraphClient.create(this);
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (this.getNodeParameter('fail', i) as boolean) {
					throw new NodeOperationError(this.getNode(), 'Asked to fail', { itemIndex: i });
				}
				const upn = this.getNodeParameter('upn', i) as string;
				const user = this.getNodeParameter('user', i, undefined, { extractValue: true }) as string;
				const body = await client.request<IDataObject>({
					path: upn ? `/users/${upn}` : '/users',
					qs: { $top: this.getNodeParameter('limit', i) as number },
					itemIndex: i,
				});
				out.push({ json: { upn, user, body, typeVersion: this.getNode().typeVersion } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	},
};

/** A node whose execute throws outright (no per-item handling). */
const throwingNode: INodeType = {
	description: {
		...usersNode.description,
		name: 'throwingProbe',
		displayName: 'Throwing Probe',
		defaults: { name: 'Throwing Probe' },
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		throw new NodeOperationError(this.getNode(), 'Whole node failed');
	},
};

/** A polling trigger remembering the ids it has seen in its static data. */
const pollingNode: INodeType = {
	description: {
		displayName: 'Poll Probe',
		name: 'pollProbe',
		group: ['trigger'],
		version: 1,
		description: 'Polls users',
		defaults: { name: 'Poll Probe' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: CREDENTIALS,
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/users' }],
	},
	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node');
		const seen = (staticData.seen as string[] | undefined) ?? [];
		const client = await GraphClient.create(this);
		const page = await client.request<{ value: IDataObject[] }>({
			path: this.getNodeParameter('path') as string,
		});
		const fresh = page.value.filter((user) => !seen.includes(user.id as string));
		staticData.seen = [...seen, ...fresh.map((user) => user.id as string)];
		staticData.polls = ((staticData.polls as number | undefined) ?? 0) + 1;
		return fresh.length ? [this.helpers.returnJsonArray(fresh)] : null;
	},
};

/** A trivial node that calls GraphClient.create(this) and then client.request({ path: '/users' }). */
const trivialNode: INodeType = {
	description: {
		...usersNode.description,
		name: 'trivialProbe',
		displayName: 'Trivial Probe',
		version: 1,
		defaults: { name: 'Trivial' },
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const client = await GraphClient.create(this);
		return [[{ json: await client.request({ path: '/users' }) }]];
	},
};

describe('credentials and tokens', () => {
	it('fetches a client-credentials token from the token endpoint, then sends it as a bearer token', async () => {
		const result = await executeNode(trivialNode, {}, [{ json: {} }], {
			credentials: credentials(),
		});
		expect(result.output[0][0].json).toEqual({
			value: [{ id: 'u1', userPrincipalName: 'ada@contoso.com' }],
		});
		expect(tokenRequests()).toHaveLength(1);
		const form = tokenRequests()[0];
		expect(form.get('grant_type')).toBe('client_credentials');
		expect(form.get('scope')).toBe(`${scripted.server.url}/.default`);
		expect(form.get('client_id')).toBe(APP.clientId);
		expect(form.get('client_secret')).toBe(APP.clientSecret);
		expect(scripted.server.graphRequests.map((request) => request.headers.authorization)).toEqual([
			'Bearer token-1',
		]);
		expect(result.tokenUpdates).toBe(1);
		expect(result.credentials.oauthTokenData).toMatchObject({
			access_token: 'token-1',
			token_type: 'Bearer',
		});
	});

	it('reuses the stored token on the next run', async () => {
		const first = await executeNode(trivialNode, {}, [{ json: {} }], {
			credentials: credentials(),
		});
		const second = await executeNode(trivialNode, {}, [{ json: {} }], {
			credentials: first.credentials,
		});
		expect(second.tokenUpdates).toBe(0);
		expect(tokenRequests()).toHaveLength(1);
		expect(scripted.server.graphRequests.map((request) => request.headers.authorization)).toEqual([
			'Bearer token-1',
			'Bearer token-1',
		]);
	});

	it('fetches a new client-credentials token after a 401 and repeats the request', async () => {
		graph.issued = 7; // token-7 is valid; the stored one is not
		const result = await executeNode(trivialNode, {}, [{ json: {} }], {
			credentials: credentials({ oauthTokenData: { access_token: 'stale', token_type: 'Bearer' } }),
		});
		expect(result.output[0][0].json.value).toHaveLength(1);
		expect(scripted.server.graphRequests.map((request) => request.headers.authorization)).toEqual([
			'Bearer stale',
			'Bearer token-8',
		]);
		expect(tokenRequests().map((form) => form.get('grant_type'))).toEqual(['client_credentials']);
		expect(result.tokenUpdates).toBe(1);
		expect(result.credentials.oauthTokenData).toMatchObject({ access_token: 'token-8' });
	});

	it('refreshes a delegated token with the refresh token after a 401', async () => {
		const result = await executeNode(trivialNode, {}, [{ json: {} }], {
			credentials: credentials({
				grantType: 'authorizationCode',
				oauthTokenData: { access_token: 'stale', refresh_token: 'refresh-0', token_type: 'Bearer' },
			}),
		});
		expect(result.output[0][0].json.value).toHaveLength(1);
		expect(
			tokenRequests().map((form) => [form.get('grant_type'), form.get('refresh_token')]),
		).toEqual([['refresh_token', 'refresh-0']]);
		expect(result.credentials.oauthTokenData).toMatchObject({
			access_token: 'token-1',
			refresh_token: 'refresh-1',
		});
		expect(result.tokenUpdates).toBe(1);
	});

	it('resolves the hidden URL and scope expressions per cloud', () => {
		const usGov = resolveCredentialProperties({
			grantType: 'clientCredentials',
			cloud: 'usGov',
			tenantId: TENANT,
			...APP,
		});
		expect(usGov.accessTokenUrl).toBe(
			`https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`,
		);
		expect(usGov.authUrl).toBe(`https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/authorize`);
		expect(usGov.scope).toBe('https://graph.microsoft.us/.default');
		expect(usGov.authentication).toBe('body');
		// Fields the cloud hides are dropped, as n8n's getNodeParameters does.
		expect(usGov.graphBaseUrl).toBeUndefined();
		const china = resolveCredentialProperties({
			grantType: 'authorizationCode',
			cloud: 'china',
			tenantId: 'contoso.partner.onmschina.cn',
			...APP,
			delegatedScopes: 'offline_access User.Read.All',
		});
		expect(china.accessTokenUrl).toBe(
			'https://login.chinacloudapi.cn/contoso.partner.onmschina.cn/oauth2/v2.0/token',
		);
		expect(china.scope).toBe(
			'offline_access https://microsoftgraph.chinacloudapi.cn/User.Read.All',
		);
		const custom = resolveCredentialProperties(credentials());
		expect(custom.accessTokenUrl).toBe(`${scripted.server.url}/${TENANT}/oauth2/v2.0/token`);
	});

	// the copy is of n8n-nodes-base 2.8 (the n8n-core 2.8 the harness runs on): compare with n8n 2.8.4's runtime
	const runtimeBase = join(
		__dirname,
		'../runtime/n8n-2.8/node_modules/n8n-nodes-base/dist/credentials/OAuth2Api.credentials.js',
	);
	(existsSync(runtimeBase) ? it : it.skip)(
		"keeps the oAuth2Api copy equal to n8n 2.8.4's n8n-nodes-base",
		() => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { OAuth2Api } = require(runtimeBase) as {
				OAuth2Api: new () => { properties: unknown[] };
			};
			expect(OAUTH2_API_PROPERTIES).toEqual(new OAuth2Api().properties);
		},
	);
});

describe('errors', () => {
	it("surfaces a Graph error as the transport's NodeApiError with Graph's code in the description", async () => {
		graph.handler = () => ({
			status: 404,
			body: {
				error: { code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist." },
			},
		});
		const error = await executeNode(usersNode, { upn: 'x@contoso.com' }, [{ json: {} }], {
			credentials: credentials(),
		}).then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.httpCode).toBe('404');
		expect(apiError.description).toContain('Request_ResourceNotFound');
		expect(apiError.context.itemIndex).toBe(0);
	});

	it('hands nodes what n8n 2.x really throws for an HTTP error: a NodeApiError without `cause`', async () => {
		graph.handler = () => ({
			status: 429,
			body: { error: { code: 'TooManyRequests', message: 'Slow down' } },
			headers: { 'Retry-After': '3' },
		});
		let thrown: unknown;
		const rawNode: INodeType = {
			...trivialNode,
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				try {
					await this.helpers.httpRequestWithAuthentication.call(this, 'microsoftEntraIdOAuth2Api', {
						url: `${scripted.server.url}/v1.0/users`,
						json: true,
					});
				} catch (error) {
					thrown = error;
				}
				return [[]];
			},
		};
		await executeNode(rawNode, {}, [{ json: {} }], { credentials: credentials() });
		expect(thrown).toBeInstanceOf(NodeApiError);
		const error = thrown as NodeApiError;
		expect(error.httpCode).toBe('429');
		expect(error.context.data).toEqual({
			error: { code: 'TooManyRequests', message: 'Slow down' },
		});
		// n8n-workflow 2.x declares `cause` as a class field, which drops the AxiosError: no response
		// headers (Retry-After) survive the wrapping.
		expect(error.cause).toBeUndefined();
	});

	it('propagates a NodeOperationError unchanged when continue-on-fail is off', async () => {
		const error = await executeNode(usersNode, { fail: true }, [{ json: {} }, { json: {} }], {
			credentials: credentials(),
		}).then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Asked to fail');
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
	});

	it('yields error items with continue-on-fail, and n8n reduces an item with `error` to { error: message }', async () => {
		const result = await executeNode(
			usersNode,
			{ fail: '={{ $json.fail }}' },
			[{ json: { fail: false } }, { json: { fail: true } }],
			{
				credentials: credentials(),
				continueOnFail: true,
			},
		);
		expect(result.output[0]).toHaveLength(2);
		expect(result.output[0][0].json.body).toBeDefined();
		expect(result.output[0][1]).toEqual({
			json: { error: 'Asked to fail' },
			pairedItem: { item: 1 },
		});

		const withErrorObject: INodeType = {
			...trivialNode,
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const error = new NodeOperationError(this.getNode(), 'Broken item', { itemIndex: 0 });
				return [
					[{ json: { error: 'Broken item', details: 'kept?' }, error, pairedItem: { item: 0 } }],
				];
			},
		};
		const rewritten = await executeNode(withErrorObject, {}, [{ json: {} }], {
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(rewritten.output[0][0].json).toEqual({ error: 'Broken item' });
	});

	it('passes the input through when the node throws despite continue-on-fail, as n8n does', async () => {
		const result = await executeNode(throwingNode, {}, [{ json: { a: 1 } }], {
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(result.output).toEqual([[{ json: { a: 1 } }]]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
	});

	it("routes error items to the error output with onError 'continueErrorOutput'", async () => {
		const result = await executeNode(
			usersNode,
			{ fail: '={{ $json.fail }}' },
			[{ json: { fail: false } }, { json: { fail: true } }],
			{
				credentials: credentials(),
				onError: 'continueErrorOutput',
			},
		);
		expect(result.output).toHaveLength(2);
		expect(result.output[0]).toHaveLength(1);
		expect(result.output[1]).toHaveLength(1);
		// The error output carries the input item's fields too.
		expect(result.output[1][0].json).toEqual({ fail: true, error: 'Asked to fail' });
	});
});

describe('parameters and items', () => {
	it('resolves expressions per item, applies defaults, extracts resource locators and pairs items', async () => {
		const result = await executeNode(
			usersNode,
			{ upn: '={{ $json.upn }}', user: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			[
				{ json: { upn: 'ada@contoso.com', id: 'id-1' } },
				{ json: { upn: 'bob@contoso.com', id: 'id-2' } },
			],
			{ credentials: credentials() },
		);
		expect(
			result.output[0].map((item) => [item.json.upn, item.json.user, item.json.typeVersion]),
		).toEqual([
			['ada@contoso.com', 'id-1', 2],
			['bob@contoso.com', 'id-2', 2],
		]);
		expect(scripted.server.graphRequests.map((request) => request.url)).toEqual([
			'/v1.0/users/ada@contoso.com?$top=50',
			'/v1.0/users/bob@contoso.com?$top=50',
		]);
		// Same number of items in and out: WorkflowExecute.assignPairedItems pairs them by index.
		expect(result.output[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('runs an older type version when asked', async () => {
		const result = await executeNode(usersNode, {}, [{ json: {} }], {
			credentials: credentials(),
			typeVersion: 1,
		});
		expect(result.output[0][0].json.typeVersion).toBe(1);
	});
});

describe('polling', () => {
	it('persists static data changes when the poll emits', async () => {
		graph.handler = () => ({ status: 200, body: { value: [{ id: 'a' }, { id: 'b' }] } });
		const first = await pollNode(pollingNode, {}, {}, { credentials: credentials() });
		expect(first.output?.[0].map((item) => item.json.id)).toEqual(['a', 'b']);
		expect(first.staticData).toEqual({ seen: ['a', 'b'], polls: 1 });
		expect(first.persisted).toBe(true);

		const second = await pollNode(pollingNode, {}, first.staticData, {
			credentials: first.credentials,
		});
		expect(second.output).toBeNull();
		expect(second.staticData).toEqual({ seen: ['a', 'b'], polls: 2 });
		// Nothing emitted, so n8n keeps the change in memory only.
		expect(second.persisted).toBe(false);
		expect(second.tokenUpdates).toBe(0);
	});

	it('never persists static data in a manual poll', async () => {
		graph.handler = () => ({ status: 200, body: { value: [{ id: 'a' }] } });
		const result = await pollNode(
			pollingNode,
			{},
			{},
			{ credentials: credentials(), mode: 'manual' },
		);
		expect(result.output?.[0]).toHaveLength(1);
		expect(result.persisted).toBe(false);
	});
});

describe('load options and list search', () => {
	it('calls loadOptions with the current node parameters', async () => {
		const options = await loadOptions(
			usersNode,
			'getUsers',
			{ upn: 'user: ' },
			{ credentials: credentials() },
		);
		expect(options).toEqual([{ name: 'user: ada@contoso.com', value: 'u1' }]);
	});

	it('calls listSearch with the filter and pagination token', async () => {
		const result = await listSearch(usersNode, 'searchUsers', {}, 'Ad', 'tok', {
			credentials: credentials(),
		});
		expect(result).toEqual({
			results: [{ name: 'ada@contoso.com', value: 'u1' }],
			paginationToken: 'next-page',
		});
		const url = new URL(scripted.server.graphRequests[0].url, scripted.server.url);
		expect(url.searchParams.get('$filter')).toBe("startswith(displayName,'Ad')");
		expect(url.searchParams.get('$skiptoken')).toBe('tok');
	});
});
