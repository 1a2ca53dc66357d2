/**
 * How users install the package, on the current n8n (or E2E_RUNTIME): the README's manual install and
 * n8n's own installer steps, each from the packed tarball into its own n8n, which then runs a workflow
 * with both nodes. The same tests run on n8n 2.8.4 and 1.123.50 in compat-2.8 and compat-1x.
 */
import { pinnedVersion } from '../runtime/lib/n8n';
import { e2eRuntime } from './harness';
import { installPathTests } from './install-paths';

describe(`installing the package into n8n ${pinnedVersion(e2eRuntime())}`, () => {
	installPathTests(e2eRuntime());
});
