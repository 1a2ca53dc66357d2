/**
 * The two user-facing commands, as a user runs them: `npm run demo` (headless onboarding run) and
 * `npm start` (emulator + n8n with the package, demo credential and workflows; Ctrl-C stops both).
 * `npm start` runs on free ports with its own user folder here, so a developer's running instance is
 * left alone.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as path from 'path';

import {
	DEMO_CREDENTIAL,
	INSTANT_WORKFLOW_ID,
	ONBOARDING_WORKFLOW_ID,
	TRIGGER_WORKFLOW_ID,
} from '../runtime/lib/fixtures';
import {
	REPO_ROOT,
	e2eRunDir,
	freePortPair,
	httpJson,
	isPortFree,
	login,
} from '../runtime/lib/n8n';
import { waitFor } from './harness';

const RUN_JS = path.join(REPO_ROOT, 'test', 'runtime', 'run.js');

function launch(args: string[]): {
	child: ChildProcessWithoutNullStreams;
	output: () => string;
	exit: Promise<number | null>;
} {
	const env = { ...process.env };
	delete env.NODE_ENV;
	const child = spawn(process.execPath, [RUN_JS, ...args], { cwd: REPO_ROOT, env });
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
	const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
	return { child, output: () => output, exit };
}

describe('npm run demo and npm start', () => {
	it('npm run demo runs the onboarding workflow and reads the result back from the tenant', async () => {
		const demo = launch(['demo', '--no-build']);
		const code = await demo.exit;
		const output = demo.output();
		if (code !== 0) throw new Error(`demo exited with ${code}:\n${output.slice(-5000)}`);
		expect(output).toMatch(/--- Create user: 1 item\(s\)/);
		expect(output).toMatch(/--- Add to groups: 2 item\(s\)/);
		expect(output).toMatch(/\[demo\] workflow succeeded/);
		expect(output).toMatch(
			/\[demo\] tenant now has Ada Lovelace <ada\.lovelace\.[a-z0-9]+@contoso\.onmicrosoft\.com>/,
		);
		expect(output).toMatch(/\[demo\] member of: All Company, Marketing/);
		expect(output).toMatch(/\[demo\] licenses: ENTERPRISEPACK/);
	});

	it('npm start brings up n8n with the package, the demo credential and workflows, and Ctrl-C stops everything', async () => {
		const n8nPort = await freePortPair();
		const emulatorPort = await freePortPair();
		const home = path.join(e2eRunDir(), 'start-home');
		const start = launch([
			'start',
			'--no-build',
			'--fresh',
			'--home',
			home,
			'--n8n-port',
			String(n8nPort),
			'--emulator-port',
			String(emulatorPort),
		]);
		try {
			await waitFor(
				'"n8n is running"',
				async () => {
					if (start.child.exitCode !== null)
						throw new Error(`npm start exited:\n${start.output()}`);
					return /n8n is running: +http:\/\/localhost:\d+/.test(start.output());
				},
				5 * 60 * 1000,
				1000,
			);
			const url = `http://localhost:${n8nPort}`;
			expect(start.output()).toContain(`n8n is running:            ${url}`);
			expect(start.output()).toContain(`http://127.0.0.1:${emulatorPort}/v1.0`);

			const cookie = await login(url);
			const workflows = await httpJson('GET', `${url}/rest/workflows`, undefined, { cookie });
			const byId = new Map(
				(workflows.body.data as Array<{ id: string; active: boolean }>).map((w) => [w.id, w]),
			);
			expect(byId.get(ONBOARDING_WORKFLOW_ID)).toMatchObject({ active: false });
			expect(byId.get(TRIGGER_WORKFLOW_ID)).toMatchObject({ active: true });
			expect(byId.get(INSTANT_WORKFLOW_ID)).toMatchObject({ active: true });
			const credentials = await httpJson('GET', `${url}/rest/credentials`, undefined, { cookie });
			expect(credentials.body.data).toEqual([
				expect.objectContaining({
					id: DEMO_CREDENTIAL.id,
					name: DEMO_CREDENTIAL.name,
					type: 'microsoftEntraIdOAuth2Api',
				}),
			]);
			const nodeTypes = await httpJson('GET', `${url}/types/nodes.json`, undefined, { cookie });
			const names = (nodeTypes.body as Array<{ name: string }>).map((n) => n.name);
			expect(names).toEqual(
				expect.arrayContaining([
					'n8n-nodes-entra-id.microsoftEntraId',
					'n8n-nodes-entra-id.microsoftEntraIdTrigger',
					'n8n-nodes-entra-id.microsoftEntraIdInstantTrigger',
				]),
			);
			// The demo's instant trigger subscribed n8n's webhook URL at the emulator (handshake passed).
			const subscriptions = (await (
				await fetch(`http://127.0.0.1:${emulatorPort}/_emulator/subscriptions`)
			).json()) as { value: unknown[] };
			expect(subscriptions.value).toEqual([
				expect.objectContaining({
					resource: '/users',
					notificationUrl: expect.stringContaining(`localhost:${n8nPort}/webhook/`),
				}),
			]);
			const emulator = await fetch(`http://127.0.0.1:${emulatorPort}/_emulator/state`);
			expect(emulator.status).toBe(200);

			start.child.kill('SIGINT');
			expect(await start.exit).toBe(0);
			expect(start.output()).toContain('SIGINT: stopping n8n and the emulator');
			expect(await isPortFree(n8nPort)).toBe(true);
			expect(await isPortFree(emulatorPort)).toBe(true);
		} finally {
			if (start.child.exitCode === null) start.child.kill('SIGKILL');
		}
	});
});
