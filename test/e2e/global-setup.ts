/**
 * Once per `npm run test:e2e`: install the pinned n8n if missing, build the package into dist/ and
 * stage a copy of it (package.json + dist) that every suite installs from, so that a `npm run build`
 * elsewhere in the checkout (which empties dist/ first) cannot pull the package from under a run.
 * Everything of this run lives in test/runtime/.e2e/run-<time>-<pid> (E2E_RUN_DIR).
 */
import * as path from 'path';

import { RUNTIME_DIR, buildPackage, ensureN8nInstalled, stagePackage } from '../runtime/lib/n8n';

export default async function globalSetup(): Promise<void> {
	process.env.E2E_RUN_DIR ??= path.join(RUNTIME_DIR, '.e2e', `run-${Date.now()}-${process.pid}`);
	ensureN8nInstalled('n8n');
	if (process.env.E2E_SKIP_BUILD !== '1') buildPackage();
	stagePackage(path.join(process.env.E2E_RUN_DIR, 'package'));
}
