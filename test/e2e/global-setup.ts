/**
 * Once per `npm run test:e2e`: install the n8n runtimes the run needs (the current n8n and its pinned
 * Node 24 always; n8n 2.8.4 and 1.123.50 too when the whole suite runs without E2E_SKIP_COMPAT=1, side
 * by side), build the package into dist/, stage a copy of it (package.json + dist) that every suite
 * installs from, and pack it (`npm pack`: the tarball the install-path tests install as users do), so
 * that a `npm run build` elsewhere in the checkout (which empties dist/ first) cannot pull the package
 * from under a run. Everything of this run lives in test/runtime/.e2e/run-<time>-<pid> (E2E_RUN_DIR).
 */
import * as path from 'path';

import { packPackage } from '../runtime/lib/install-paths';
import {
	RUNTIME_DIR,
	buildPackage,
	ensureN8nInstalledAsync,
	recordTiming,
	resolveRuntime,
	stagePackage,
	type RuntimeName,
} from '../runtime/lib/n8n';

/** The runtimes to install up front: the suite's own; the older ones only for a whole-suite run. */
function runtimesToInstall(globalConfig: {
	testPathPattern?: string;
	testNamePattern?: string;
}): RuntimeName[] {
	const main = resolveRuntime(process.env.E2E_RUNTIME);
	const wholeSuite = !globalConfig.testPathPattern && !globalConfig.testNamePattern;
	const all: RuntimeName[] =
		wholeSuite && process.env.E2E_SKIP_COMPAT !== '1' ? [main, 'n8n-2.8', 'n8n-1x'] : [main];
	return [...new Set(all)];
}

export default async function globalSetup(globalConfig: {
	testPathPattern?: string;
	testNamePattern?: string;
}): Promise<void> {
	process.env.E2E_RUN_DIR ??= path.join(RUNTIME_DIR, '.e2e', `run-${Date.now()}-${process.pid}`);
	const runtimes = runtimesToInstall(globalConfig);
	const started = Date.now();
	const results = await Promise.all(runtimes.map((runtime) => ensureN8nInstalledAsync(runtime)));
	if (results.some((r) => r.installed)) {
		recordTiming({
			kind: 'install-wall',
			runtimes,
			seconds: Math.round((Date.now() - started) / 1000),
		});
	}
	if (process.env.E2E_SKIP_BUILD !== '1') buildPackage();
	stagePackage(path.join(process.env.E2E_RUN_DIR, 'package'));
	packPackage(path.join(process.env.E2E_RUN_DIR, 'pack'));
}
