/**
 * Compatibility: the same built package in n8n 2.8.4 (the newest n8n that runs on Node 20; the whole
 * suite ran on it before the current n8n took over, and still does with E2E_RUNTIME=2.8): the smoke
 * run, `npm run demo -- --n8n 2.8`, and both install paths. n8n 2.8.4 is installed into
 * test/runtime/n8n-2.8 on first use. E2E_SKIP_COMPAT=1 skips it.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

import { REPO_ROOT, ensureN8nInstalled } from '../runtime/lib/n8n';
import { smokeTests } from './compat';
import { installPathTests } from './install-paths';

const run = process.env.E2E_SKIP_COMPAT === '1' ? describe.skip : describe;

run('n8n 2.8 compatibility smoke test', () => {
	smokeTests('n8n-2.8', /^2\.8\./);

	it('npm run demo -- --n8n 2.8 runs the onboarding demo on n8n 2.8.4', () => {
		ensureN8nInstalled('n8n-2.8');
		const env = { ...process.env };
		delete env.NODE_ENV;
		const demo = spawnSync(
			process.execPath,
			[path.join(REPO_ROOT, 'test', 'runtime', 'run.js'), 'demo', '--no-build', '--n8n', '2.8'],
			{ cwd: REPO_ROOT, env, encoding: 'utf8' },
		);
		const output = `${demo.stdout}\n${demo.stderr}`;
		if (demo.status !== 0)
			throw new Error(`demo exited with ${demo.status}:\n${output.slice(-5000)}`);
		expect(output).toMatch(/\[demo\] Graph emulator .* n8n 2\.8\.4 \(Node 2\d\./);
		expect(output).toMatch(/\[demo\] workflow succeeded/);
		expect(output).toMatch(/\[demo\] member of: All Company, Marketing/);
	});

	describe('install paths', () => installPathTests('n8n-2.8'));
});
