/**
 * Compatibility: the same built package in n8n 1.123.x (the last 1.x line; 1.123.50 is the newest that
 * installs on Node 20): the smoke run and both install paths. n8n 1.x is installed into
 * test/runtime/n8n-1x on first use (`npm ci` from that folder's lock file, a few minutes).
 * E2E_SKIP_COMPAT=1 skips it.
 */
import { smokeTests } from './compat';
import { installPathTests } from './install-paths';

const run = process.env.E2E_SKIP_COMPAT === '1' ? describe.skip : describe;

run('n8n 1.x compatibility smoke test', () => {
	smokeTests('n8n-1x', /^1\.123\./);
	describe('install paths', () => installPathTests('n8n-1x'));
});
