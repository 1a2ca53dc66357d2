/**
 * Shared helpers of the end-to-end suites: an isolated n8n user folder per suite with the built package
 * installed in it, bound CLI helpers, and small workflow builders.
 */
import * as fs from 'fs';
import * as path from 'path';

import {
	e2eRunDir,
	activateWorkflow,
	executeWorkflow,
	exportCredential,
	freePortPair,
	httpJson,
	importCredentials,
	importWorkflows,
	installPackageInto,
	listNodeTypes,
	n8nCli,
	nodeVersionOf,
	pinnedVersion,
	recordTiming,
	resolveRuntime,
	startN8n,
	type CredentialExport,
	type ExecuteResult,
	type N8nOptions,
	type N8nServer,
	type RuntimeName,
	type StartOptions,
} from '../runtime/lib/n8n';

export interface Sandbox {
	options: N8nOptions;
	userFolder: string;
	importCredentials(credentials: CredentialExport[]): Promise<void>;
	importWorkflows(workflows: object[]): Promise<void>;
	execute(workflowId: string): Promise<ExecuteResult>;
	exportCredential(id: string): Promise<CredentialExport>;
	activate(workflowId: string): Promise<void>;
	nodeTypes(): Promise<string[]>;
	cli(args: string[]): ReturnType<typeof n8nCli>;
	start(extra?: Partial<StartOptions>): Promise<N8nServer>;
}

/**
 * The runtime a suite runs on unless it names one: `E2E_RUNTIME` (a runtime name or version, e.g.
 * `E2E_RUNTIME=2.8` runs the suites on n8n 2.8.4), else the current n8n.
 */
export function e2eRuntime(): RuntimeName {
	return resolveRuntime(process.env.E2E_RUNTIME);
}

/**
 * Tells the run's timing reporter which runtime the calling test file exercises (a file that never
 * says is counted under `e2eRuntime()`). `label` sets a variant apart, e.g. "queue mode".
 */
export function recordSuiteRuntime(runtime: RuntimeName, label?: string): void {
	// through globalThis: the bench compiles this file without jest's types (and runs outside jest)
	const jestExpect = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect;
	const state = jestExpect?.getState();
	if (!state?.testPath) return;
	recordTiming({
		kind: 'suite',
		file: state.testPath,
		runtime,
		version: pinnedVersion(runtime),
		node: nodeVersionOf(runtime),
		label,
	});
}

/** A fresh user folder under this run's folder (test/runtime/.e2e/run-...) with the package in its nodes folder. */
export async function createSandbox(
	name: string,
	runtime: RuntimeName = e2eRuntime(),
): Promise<Sandbox> {
	recordSuiteRuntime(runtime);
	const userFolder = path.join(e2eRunDir(), name);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	installPackageInto(userFolder, runtime, path.join(e2eRunDir(), 'package'));
	const port = await freePortPair();
	const options: N8nOptions = { runtime, userFolder, port };
	return {
		options,
		userFolder,
		importCredentials: (credentials) => importCredentials(credentials, options),
		importWorkflows: (workflows) => importWorkflows(workflows, options),
		execute: (workflowId) => executeWorkflow(workflowId, options),
		exportCredential: (id) => exportCredential(id, options),
		activate: (workflowId) => activateWorkflow(workflowId, options),
		nodeTypes: () => listNodeTypes(options),
		cli: (args) => n8nCli(args, options),
		start: (extra = {}) =>
			startN8n({
				...options,
				...extra,
				...(process.env.E2E_ECHO_N8N === '1'
					? { echo: process.stderr, echoPrefix: `[n8n ${name}] ` }
					: {}),
			}),
	};
}

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion?: number;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
}

/** A node of an importable workflow, from its spec: the index places it on the canvas and in its id. */
export function workflowNode(workflowId: string, node: NodeSpec, index: number): object {
	return {
		id: `${workflowId}-${index}`,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion ?? 1,
		position: [index * 220, 0],
		parameters: node.parameters ?? {},
		...(node.credentials ? { credentials: node.credentials } : {}),
		...(node.onError ? { onError: node.onError } : {}),
		...(node.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		...((node as { executeOnce?: boolean }).executeOnce ? { executeOnce: true } : {}),
	};
}

/**
 * A workflow whose nodes run one after the other, starting from a Manual Trigger named "Start" (what
 * `n8n execute` starts from) unless the first node is a trigger already.
 */
export function linearWorkflow(
	id: string,
	name: string,
	nodes: NodeSpec[],
	startWithManualTrigger = true,
): object {
	const all: NodeSpec[] = startWithManualTrigger
		? [
				{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
				...nodes,
			]
		: nodes;
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		active: false,
		nodes: all.map((node, index) => workflowNode(id, node, index)),
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** A Code node that emits the given items (for feeding the node under test). */
export function itemsNode(name: string, items: Array<Record<string, unknown>>): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` },
	};
}

export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined | false>,
	timeoutMs = 60_000,
	intervalMs = 1000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline)
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
			);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/**
 * Waits until n8n has stored static data matching `pattern` for a workflow (read back through its REST
 * API), e.g. the delta link a trigger's activation poll recorded. The suites know a trigger is active
 * from what n8n stored, not from a log line: n8n 2.41 activates published workflows through its
 * publication service, which logs no "Activated workflow" line at the info level.
 */
export async function waitForStaticData(
	url: string,
	cookie: string,
	workflowId: string,
	pattern: RegExp,
	timeoutMs = 150_000,
): Promise<string> {
	return await waitFor(
		`n8n to store static data of ${workflowId} matching ${pattern}`,
		async () => {
			const response = await httpJson('GET', `${url}/rest/workflows/${workflowId}`, undefined, {
				cookie,
			});
			const text = JSON.stringify(
				(response.body as { data?: { staticData?: unknown } }).data?.staticData ?? null,
			);
			return pattern.test(text) ? text : undefined;
		},
		timeoutMs,
		1000,
	);
}

export const ENTRA_NODE_TYPE = 'n8n-nodes-entra-id.microsoftEntraId';
export const ENTRA_TRIGGER_TYPE = 'n8n-nodes-entra-id.microsoftEntraIdTrigger';

/** A node of the action node under test, with the given credential. */
export function entraNode(
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
	extra: Partial<NodeSpec> & { executeOnce?: boolean } = {},
): NodeSpec & { executeOnce?: boolean } {
	return {
		name,
		type: ENTRA_NODE_TYPE,
		typeVersion: 1,
		parameters,
		credentials: { microsoftEntraIdOAuth2Api: credential },
		...extra,
	};
}

/** A resource locator value "By ID" (an expression is fine: `={{ ... }}`). */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
/** A resource locator value "By UPN". */
export const byUpn = (value: string) => ({ __rl: true, mode: 'upn', value });
