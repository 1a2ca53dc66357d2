/**
 * Failing items under each "On Error" setting, in a real n8n 2.8 against the emulator (issue 15 B11),
 * and the secrets check (B6) on what n8n printed and stored:
 * - Continue (using error output): the failing item reaches the node's error output, the others the
 *   success output;
 * - Continue: every item on the one output, the failing one as `{ error, description, httpCode }`;
 * - Stop Workflow: the execution fails with the item's error.
 * The credential points at a rewriting proxy in front of the emulator, which makes one user's read
 * answer a 400 that echoes the request's bearer token and the client secret.
 */
import { DEMO_APP, DEMO_USERS, startEmulator, type RunningEmulator } from '../emulator';
import { FaultServer, graphError } from '../faults/servers';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import { nodeItems } from '../runtime/lib/n8n';
import {
	byId,
	createSandbox,
	entraNode,
	itemsNode,
	type NodeSpec,
	type Sandbox,
	workflowNode,
} from './harness';

const cred = DEMO_CREDENTIAL;
const MISSING_USER = '0badc0de-0000-4000-8000-000000000404';
const ECHO_USER = '0badc0de-0000-4000-8000-000000000400';

type OnError = 'continueErrorOutput' | 'continueRegularOutput' | 'stopWorkflow';

/** Start -> Users -> Disable (the On Error setting) -> Succeeded, and Failed on the error output. */
function branchingWorkflow(id: string, onError: OnError, users: string[]): object {
	const nodes: NodeSpec[] = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		itemsNode(
			'Users',
			users.map((user) => ({ id: user })),
		),
		entraNode(
			'Disable',
			{ resource: 'user', operation: 'disable', user: byId('={{ $json.id }}') },
			cred,
			{ onError },
		),
		{ name: 'Succeeded', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		{ name: 'Failed', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	];
	const to = (node: string) => [{ node, type: 'main', index: 0 }];
	return {
		id,
		name: id,
		active: false,
		nodes: nodes.map((node, index) => workflowNode(id, node, index)),
		connections: {
			Start: { main: [to('Users')] },
			Users: { main: [to('Disable')] },
			Disable: {
				main:
					onError === 'continueErrorOutput' ? [to('Succeeded'), to('Failed')] : [to('Succeeded')],
			},
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

describe('On Error settings in n8n', () => {
	let sandbox: Sandbox;
	let emulator: RunningEmulator;
	let proxy: FaultServer;
	const printed: string[] = [];

	beforeAll(async () => {
		emulator = await startEmulator();
		proxy = await new FaultServer(emulator.url).start();
		proxy.graph = (request) =>
			request.url.includes(ECHO_USER)
				? graphError(
						400,
						'Request_BadRequest',
						`Rejected header Authorization: ${String(request.headers.authorization)} with client_secret=${DEMO_APP.clientSecret} (${DEMO_APP.clientSecret})`,
					)
				: undefined;
		sandbox = await createSandbox('error-output');
		await sandbox.importCredentials([demoCredential(proxy.url)]);
	});

	afterAll(async () => {
		await proxy?.stop();
		await emulator?.stop();
	});

	const run = async (id: string, onError: OnError, users: string[]) => {
		await sandbox.importWorkflows([branchingWorkflow(id, onError, users)]);
		const result = await sandbox.execute(id);
		printed.push(result.stdout, result.stderr, JSON.stringify(result.run ?? {}));
		return result;
	};

	it('Continue (using error output): the failing item goes to the error branch, the others on', async () => {
		const result = await run('errOutput', 'continueErrorOutput', [
			DEMO_USERS.isaiah.id,
			MISSING_USER,
			DEMO_USERS.diego.id,
		]);
		expect(result.ok).toBe(true);
		expect(nodeItems(result.run!, 'Succeeded')).toEqual([
			{ id: DEMO_USERS.isaiah.id, accountEnabled: false },
			{ id: DEMO_USERS.diego.id, accountEnabled: false },
		]);
		const failed = nodeItems(result.run!, 'Failed');
		expect(failed).toHaveLength(1);
		expect(failed[0].error).toBe(`User not found: ${MISSING_USER}`);
		expect(nodeItems(result.run!, 'Disable', 0, 1)).toHaveLength(1);
	});

	it('Continue: all items on the one output, the failing one with its details', async () => {
		const result = await run('regularOutput', 'continueRegularOutput', [
			DEMO_USERS.isaiah.id,
			MISSING_USER,
			DEMO_USERS.diego.id,
		]);
		expect(result.ok).toBe(true);
		const out = nodeItems(result.run!, 'Succeeded');
		expect(out).toHaveLength(3);
		expect(out[1]).toMatchObject({
			error: `User not found: ${MISSING_USER}`,
			httpCode: '404',
			description: expect.stringContaining('Request_ResourceNotFound'),
		});
		expect(out[0]).toEqual({ id: DEMO_USERS.isaiah.id, accountEnabled: false });
	});

	it("Stop Workflow: the execution fails with the item's error and the next node never runs", async () => {
		const result = await run('stopOnError', 'stopWorkflow', [DEMO_USERS.isaiah.id, MISSING_USER]);
		expect(result.ok).toBe(false);
		expect(result.run!.data.resultData.error?.message).toBe(`User not found: ${MISSING_USER}`);
		expect(result.run!.data.resultData.runData.Succeeded).toBeUndefined();
	});

	it("a Graph answer that echoes the token and the client secret: redacted in items, errors and n8n's output", async () => {
		const errorBranch = await run('echoError', 'continueErrorOutput', [ECHO_USER]);
		expect(nodeItems(errorBranch.run!, 'Failed')[0].error).toMatch(/Bearer \[redacted\]/);
		const stopped = await run('echoStop', 'stopWorkflow', [ECHO_USER]);
		expect(stopped.ok).toBe(false);
		expect(proxy.tokens.length).toBeGreaterThan(0);
		const everything = printed.join('\n');
		for (const token of proxy.tokens) expect(everything).not.toContain(token);
		expect(everything).not.toContain(DEMO_APP.clientSecret);
	});
});
