import type { RunningEmulator } from './index';
import { DEMO_APP, DEMO_TENANT_ID, startEmulator } from './index';
import type { EmulatorOptions } from './index';

/** Test helpers: real HTTP against a running emulator (Node's fetch). */
export interface GraphAnswer {
	status: number;
	headers: Headers;
	body: any;
}

export interface Harness {
	emu: RunningEmulator;
	token: string;
	graph(
		method: string,
		path: string,
		options?: { body?: unknown; headers?: Record<string, string>; token?: string | null },
	): Promise<GraphAnswer>;
	get(path: string, headers?: Record<string, string>): Promise<GraphAnswer>;
	tokenFor(clientId: string, secret: string): Promise<string>;
	url(path: string): string;
}

export async function appToken(
	url: string,
	clientId = DEMO_APP.clientId,
	secret = DEMO_APP.clientSecret,
): Promise<string> {
	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: clientId,
		client_secret: secret,
		scope: 'https://graph.microsoft.com/.default',
	});
	const response = await fetch(`${url}/${DEMO_TENANT_ID}/oauth2/v2.0/token`, {
		method: 'POST',
		body: form,
	});
	const body = (await response.json()) as { access_token: string };
	if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
	return body.access_token;
}

export async function harness(options: EmulatorOptions = {}): Promise<Harness> {
	const h = {} as Harness;
	const emu = await startEmulator(options);
	fill(h, emu, await appToken(emu.url));
	return h;
}

/**
 * One emulator for a describe block: started before its first test and stopped after its last,
 * reset to the demo tenant before each test (with `signIn`, and a fresh token of the demo app). The
 * harness is returned at once; its fields are filled in when the block starts.
 */
export function sharedHarness(
	options: EmulatorOptions = {},
	perTest: { signIn?: boolean } = {},
): Harness {
	const h = {} as Harness;
	beforeAll(async () => {
		const emu = await startEmulator(options);
		fill(h, emu, await appToken(emu.url));
	});
	afterAll(() => h.emu.stop());
	beforeEach(async () => {
		h.emu.admin.reset();
		if (perTest.signIn) h.token = await h.tokenFor(DEMO_APP.clientId, DEMO_APP.clientSecret);
	});
	return h;
}

function fill(h: Harness, emu: RunningEmulator, token: string): void {
	const url = (path: string) =>
		path.startsWith('http')
			? path
			: `${emu.url}${path.startsWith('/v1.0') || path.startsWith('/_emulator') ? '' : '/v1.0'}${path}`;
	Object.assign(h, {
		emu,
		token,
		url,
		async graph(
			method: string,
			path: string,
			options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
		) {
			const headers: Record<string, string> = { ...(options.headers ?? {}) };
			const bearer = options.token === undefined ? h.token : options.token;
			if (bearer) headers.Authorization = `Bearer ${bearer}`;
			let body: string | undefined;
			if (options.body !== undefined) {
				body = JSON.stringify(options.body);
				headers['Content-Type'] = 'application/json';
			}
			const response = await fetch(url(path), { method, headers, body });
			const text = await response.text();
			let parsed: unknown = text;
			try {
				parsed = text ? JSON.parse(text) : undefined;
			} catch {
				/* text body */
			}
			return { status: response.status, headers: response.headers, body: parsed };
		},
		get: (path: string, headers?: Record<string, string>) => h.graph('GET', path, { headers }),
		tokenFor: (clientId: string, secret: string) => appToken(emu.url, clientId, secret),
	} satisfies Harness);
}

export const EVENTUAL = { ConsistencyLevel: 'eventual' };

/** Follows nextLinks to the end; returns every item and the pages. */
export async function allPages(
	h: Harness,
	path: string,
	headers?: Record<string, string>,
): Promise<{ items: any[]; pages: any[] }> {
	const items: any[] = [];
	const pages: any[] = [];
	let next: string | undefined = path;
	while (next) {
		const answer = await h.graph('GET', next, { headers });
		if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
		pages.push(answer.body);
		items.push(...answer.body.value);
		next = answer.body['@odata.nextLink'];
	}
	return { items, pages };
}

/** A whole delta round: follows nextLinks until the deltaLink. */
export async function deltaRound(
	h: Harness,
	link: string,
	headers?: Record<string, string>,
): Promise<{ items: any[]; pages: any[]; deltaLink: string }> {
	const items: any[] = [];
	const pages: any[] = [];
	let next: string = link;
	for (;;) {
		const answer = await h.graph('GET', next, { headers });
		if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
		const page = answer.body;
		pages.push(page);
		items.push(...page.value);
		if (page['@odata.nextLink'] && page['@odata.deltaLink'])
			throw new Error('a page carried both nextLink and deltaLink');
		if (page['@odata.deltaLink']) return { items, pages, deltaLink: page['@odata.deltaLink'] };
		next = page['@odata.nextLink'];
		if (!next) throw new Error('page without nextLink or deltaLink');
	}
}
