/**
 * `npm start`: builds the package, installs the current n8n (test/runtime/n8n, on the pinned Node 24) if
 * missing, starts the Graph emulator with its demo tenant and a real n8n with this package loaded,
 * imports the demo credential and the example workflows, creates the local owner account, and prints
 * what to do next. Ctrl-C stops n8n and the emulator.
 *
 * Options: --n8n VERSION (`2.8` for n8n 2.8.4, `1.x` for 1.123.50; default: the current n8n), --no-build,
 * --n8n-port N (default 5678, env N8N_DEMO_PORT), --emulator-port N (default 8010, env EMULATOR_PORT),
 * --fresh (start from an empty n8n user folder), --home DIR (n8n user folder, default
 * test/runtime/.n8n-home, or .n8n-home-<runtime> for another n8n: each version keeps its own database).
 */
import * as fs from 'fs';
import * as path from 'path';

import { startEmulator } from '../emulator';
import {
	DEFAULT_OWNER,
	DEFAULT_RUNTIME,
	REPO_ROOT,
	RUNTIME_DIR,
	activateWorkflow,
	buildPackage,
	ensureN8nInstalled,
	importCredentials,
	importWorkflows,
	installPackageInto,
	installedVersion,
	isPortFree,
	nodeVersionOf,
	resolveRuntime,
	setupOwner,
	startN8n,
	type N8nOptions,
	type N8nServer,
} from './lib/n8n';
import {
	DEMO_CREDENTIAL,
	demoCredential,
	demoWorkflows,
	INSTANT_WORKFLOW_ID,
	instantTriggerWorkflow,
	TRIGGER_WORKFLOW_ID,
} from './lib/fixtures';

function flag(args: string[], name: string): boolean {
	return args.includes(`--${name}`);
}

function option(args: string[], name: string, fallback: number): number {
	const index = args.indexOf(`--${name}`);
	const value = index >= 0 ? args[index + 1] : undefined;
	const parsed = Number(value);
	return value !== undefined && Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

function say(message = ''): void {
	process.stdout.write(`${message}\n`);
}

/** The value of `--name VALUE`, if given. */
export function stringOption(args: string[], name: string): string | undefined {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : undefined;
}

/** Default user folder of a runtime: the current n8n keeps .n8n-home, the others their own. */
export function defaultHome(runtime: string): string {
	return path.join(RUNTIME_DIR, runtime === DEFAULT_RUNTIME ? '.n8n-home' : `.n8n-home-${runtime}`);
}

export async function main(args: string[]): Promise<number> {
	const runtime = resolveRuntime(stringOption(args, 'n8n') ?? process.env.N8N_RUNTIME);
	const n8nPort = option(args, 'n8n-port', Number(process.env.N8N_DEMO_PORT) || 5678);
	const emulatorPort = option(args, 'emulator-port', Number(process.env.EMULATOR_PORT) || 8010);
	const homeIndex = args.indexOf('--home');
	const userFolder =
		homeIndex >= 0 && args[homeIndex + 1]
			? path.resolve(args[homeIndex + 1])
			: defaultHome(runtime);

	for (const [what, port] of [
		['n8n', n8nPort],
		["n8n's task runner broker", n8nPort + 1],
		['the Graph emulator', emulatorPort],
	] as const) {
		if (!(await isPortFree(port))) {
			say(
				`Port ${port} (for ${what}) is in use: is \`npm start\` already running? Stop it or pass --n8n-port / --emulator-port.`,
			);
			return 1;
		}
	}

	ensureN8nInstalled(runtime);
	if (!flag(args, 'no-build')) buildPackage();

	if (flag(args, 'fresh')) fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	installPackageInto(userFolder, runtime);
	const options: N8nOptions = { runtime, userFolder, port: n8nPort };

	say(`[start] starting the Graph emulator (demo tenant) on port ${emulatorPort}...`);
	const emulator = await startEmulator({ port: emulatorPort });
	let server: N8nServer | undefined;
	let stopping = false;
	const stopAll = async (signal?: string): Promise<void> => {
		if (stopping) return;
		stopping = true;
		if (signal) say(`\n[start] ${signal}: stopping n8n and the emulator...`);
		try {
			await server?.stop();
		} finally {
			await emulator.stop();
		}
	};
	process.once('SIGINT', () => void stopAll('SIGINT').then(() => process.exit(0)));
	process.once('SIGTERM', () => void stopAll('SIGTERM').then(() => process.exit(0)));

	try {
		say('[start] importing the demo credential and example workflows...');
		await importCredentials([demoCredential(emulator.url)], options);
		// Workflows are imported once, so that edits made in the editor survive the next `npm start`.
		const marker = path.join(userFolder, '.demo-workflows-imported');
		if (!fs.existsSync(marker)) {
			await importWorkflows(demoWorkflows(), options);
			await activateWorkflow(TRIGGER_WORKFLOW_ID, options);
			await activateWorkflow(INSTANT_WORKFLOW_ID, options);
			fs.writeFileSync(marker, new Date().toISOString());
			fs.writeFileSync(`${marker}-instant`, new Date().toISOString());
		} else if (!fs.existsSync(`${marker}-instant`)) {
			// Homes from before the instant trigger existed get its demo workflow once.
			await importWorkflows([instantTriggerWorkflow()], options);
			await activateWorkflow(INSTANT_WORKFLOW_ID, options);
			fs.writeFileSync(`${marker}-instant`, new Date().toISOString());
		}

		const logFile = path.join(userFolder, 'n8n.log');
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		say(
			`[start] starting n8n ${installedVersion(runtime)} (Node ${nodeVersionOf(runtime)}) on port ${n8nPort} (log: ${path.relative(REPO_ROOT, logFile)})...`,
		);
		server = await startN8n({ ...options, echo: log });
		server.process.on('exit', (code) => {
			if (!stopping) {
				say(
					`[start] n8n exited unexpectedly (code ${code}); see ${path.relative(REPO_ROOT, logFile)}`,
				);
				void stopAll().then(() => process.exit(1));
			}
		});
		await setupOwner(server.url, DEFAULT_OWNER);
	} catch (error) {
		await stopAll();
		throw error;
	}

	say('');
	say('================================================================================');
	say(
		`  n8n is running:            ${server.url}  (n8n ${installedVersion(runtime)}, Node ${nodeVersionOf(runtime)})`,
	);
	say(`  Sign in with:              ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`);
	say(`  Graph emulator (demo):     ${emulator.url}/v1.0  (admin API: ${emulator.url}/_emulator/)`);
	say('');
	say('  What to do next:');
	say(`  1. Open ${server.url} and sign in (a local-only account, created for this demo).`);
	say('  2. Open "Entra ID demo: onboard a user" and click "Execute workflow": it creates a user,');
	say('     adds them to groups and assigns a license in the demo tenant.');
	say('  3. "Entra ID demo: new users" is active: it polls the tenant for new users every minute;');
	say('     its executions list shows the user onboarded in step 2.');
	say(
		'     "Entra ID demo: new users (instant)" is active too: Graph (the emulator) notifies n8n of the',
	);
	say('     change, so its execution appears within a second or two.');
	say(
		`  4. Credential "${DEMO_CREDENTIAL.name}" points at the emulator: use it in your own workflows.`,
	);
	say(
		`  Ctrl-C stops n8n and the emulator. n8n's data stays in ${path.relative(REPO_ROOT, userFolder)} (npm start -- --fresh resets it);`,
	);
	say('  the emulator starts from the demo tenant again on every start.');
	say('================================================================================');

	await new Promise<void>(() => undefined); // run until a signal
	return 0;
}
