import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { executeNode } from '../harness';
import { node } from '../integration/setup';
import type { FaultServer } from './servers';
import { CLIENT_SECRET, credentials, useFaultServer } from './servers';

/*
 * The fault corpus: the action node run through n8n-core (test/harness) against a FaultServer
 * (scripted Graph, or a rewriting proxy in front of the emulator). Every output item, error and n8n
 * log line of a run is kept, so that a file can check at its end that none holds a token or the
 * client secret (expectNoSecrets). Trigger cases can use the same servers and recorder.
 */

/** What the corpus saw, for the secrets check. */
const seenText: string[] = [];
const secrets = new Set<string>([CLIENT_SECRET]);

/** Records anything the user could see (output items, errors with their description and context). */
export function record(value: unknown): void {
	if (value instanceof Error) {
		const error = value as Error & {
			description?: unknown;
			context?: unknown;
			httpCode?: unknown;
			messages?: unknown;
		};
		seenText.push(
			JSON.stringify({
				message: error.message,
				description: error.description,
				context: error.context,
				httpCode: error.httpCode,
				messages: error.messages,
				stack: error.stack,
			}),
		);
		return;
	}
	seenText.push(
		JSON.stringify(value, (_key, inner: unknown) =>
			inner instanceof Error ? { message: inner.message, ...(inner as object) } : inner,
		),
	);
}

/** Adds secrets to look for (tokens a server issued, another app's client secret). */
export function secret(...values: string[]): void {
	for (const value of values) if (value) secrets.add(value);
}

let logCapture: jest.SpyInstance | undefined;

/** Captures n8n's log lines (the harness prints them with HARNESS_LOG=1) for the secrets check. */
export function captureN8nLog(): void {
	process.env.HARNESS_LOG = '1';
	logCapture = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
		seenText.push(
			args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
		);
	});
}

/** Fails if any recorded output, error or log line holds a secret or a server's token. */
export function expectNoSecrets(...servers: FaultServer[]): void {
	logCapture?.mockRestore();
	delete process.env.HARNESS_LOG;
	for (const server of servers) secret(...server.tokens);
	const leaks = [...secrets].filter((value) => seenText.some((text) => text.includes(value)));
	expect(leaks).toEqual([]);
	expect(seenText.length).toBeGreaterThan(0);
}

/**
 * A corpus file's setup: n8n's log captured, a fresh FaultServer for each test (scripted, or a proxy
 * in front of `upstream`), and after the file the check that none of its servers' tokens nor any
 * secret showed up in what the user could see.
 */
export function useFaultCorpus(upstream?: () => string): { readonly server: FaultServer } {
	beforeAll(() => captureN8nLog());
	const faults = useFaultServer(upstream);
	afterAll(() => expectNoSecrets(...faults.all));
	return faults;
}

export interface ActionRun {
	/** n8n's outputs after the run: [regular] or [regular, error] (Continue using error output). */
	output: INodeExecutionData[][];
	/** What the node threw (without continue-on-fail), or undefined. */
	error?: Error & { description?: string; httpCode?: string; context?: Record<string, unknown> };
	/** When the node returned or threw (ms since the epoch). */
	endedAt: number;
}

/** Runs the action node once; never throws (the error is returned), everything seen is recorded. */
export async function runAction(
	server: FaultServer,
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	options: {
		onError?: INode['onError'];
		app?: { clientId: string; clientSecret: string };
		tenantId?: string;
	} = {},
): Promise<ActionRun> {
	try {
		const { output, error } = await executeNode(node, parameters, items, {
			credentials: credentials(server, options.app, options.tenantId),
			onError: options.onError,
		});
		record(output);
		if (error) record(error);
		return { output, error: error as ActionRun['error'], endedAt: Date.now() };
	} catch (error) {
		record(error);
		return { output: [], error: error as ActionRun['error'], endedAt: Date.now() };
	}
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byUpn = (value: string) => ({ __rl: true, mode: 'upn', value });

/** n ids that look like Graph object ids. */
export function guids(count: number, prefix = 'a'): string[] {
	return Array.from(
		{ length: count },
		(_, index) => `${prefix.repeat(8)}-0000-4000-8000-${String(index).padStart(12, '0')}`,
	);
}

export function sleepMs(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
