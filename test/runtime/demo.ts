/**
 * `npm run demo`: runs the onboarding example headless through the n8n CLI against a fresh Graph
 * emulator (demo tenant), prints what each node returned, and checks the tenant afterwards.
 * It uses its own n8n user folder (test/runtime/.n8n-demo, recreated each run) and free ports, so it
 * works while `npm start` is running.
 *
 * Options: --n8n VERSION (`2.8` for n8n 2.8.4, `1.x` for 1.123.50; default: the current n8n), --no-build.
 */
import * as fs from 'fs';
import * as path from 'path';

import { startEmulator } from '../emulator';
import {
	DEFAULT_RUNTIME,
	RUNTIME_DIR,
	buildPackage,
	ensureN8nInstalled,
	executeWorkflow,
	freePortPair,
	importCredentials,
	importWorkflows,
	installPackageInto,
	installedVersion,
	nodeItems,
	nodeVersionOf,
	resolveRuntime,
	type N8nOptions,
} from './lib/n8n';
import {
	ONBOARDING_WORKFLOW_ID,
	demoCredential,
	demoWorkflows,
	describeOnboarding,
} from './lib/fixtures';

function say(message = ''): void {
	process.stdout.write(`${message}\n`);
}

export async function main(args: string[]): Promise<number> {
	const index = args.indexOf('--n8n');
	const runtime = resolveRuntime(index >= 0 ? args[index + 1] : process.env.N8N_RUNTIME);
	ensureN8nInstalled(runtime);
	if (!args.includes('--no-build')) buildPackage();

	const userFolder = path.join(
		RUNTIME_DIR,
		runtime === DEFAULT_RUNTIME ? '.n8n-demo' : `.n8n-demo-${runtime}`,
	);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	installPackageInto(userFolder, runtime);
	const options: N8nOptions = { runtime, userFolder, port: await freePortPair() };

	const emulator = await startEmulator({ port: 0 });
	try {
		say(
			`[demo] Graph emulator (demo tenant) at ${emulator.url}; n8n ${installedVersion(runtime)} (Node ${nodeVersionOf(runtime)}) CLI in ${path.relative(process.cwd(), userFolder)}`,
		);
		await importCredentials([demoCredential(emulator.url)], options);
		await importWorkflows(demoWorkflows(), options);
		say(`[demo] n8n execute --id ${ONBOARDING_WORKFLOW_ID} ...`);
		const started = Date.now();
		const result = await executeWorkflow(ONBOARDING_WORKFLOW_ID, options);
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		if (!result.run) {
			say(`[demo] n8n printed no run data (exit code ${result.code}):`);
			say(result.stdout.slice(-4000));
			say(result.stderr.slice(-4000));
			return 1;
		}
		say('');
		for (const nodeName of Object.keys(result.run.data.resultData.runData)) {
			const items = nodeItems(result.run, nodeName);
			say(`--- ${nodeName}: ${items.length} item(s)`);
			for (const item of items) say(JSON.stringify(item, null, 2));
		}
		say('');
		const error = result.run.data.resultData.error;
		if (error) {
			say(
				`[demo] the workflow FAILED in "${result.run.data.resultData.lastNodeExecuted}": ${error.message}`,
			);
			if (error.description) say(`       ${String(error.description)}`);
			return 1;
		}
		say(`[demo] workflow succeeded in ${seconds}s (n8n CLI start-up included).`);
		const summary = await describeOnboarding(emulator.url, result.run);
		for (const line of summary) say(`[demo] ${line}`);
		return 0;
	} finally {
		await emulator.stop();
	}
}
