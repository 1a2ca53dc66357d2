/**
 * The README's "Install in n8n" section (issue 25, item 9): the package is not on the npm registry
 * yet, so the manual install names the tarball `npm pack` makes; where n8n's nodes folder is with
 * N8N_USER_FOLDER and in Docker; where the nodes show after a manual install; and where to report an
 * issue while n8n's own link points at a registry page that does not exist. The install suite
 * (test/e2e/install-paths.ts) runs the section's bash block.
 */
import * as fs from 'fs';
import * as path from 'path';

import { README_TARBALL, readmeInstallCommands } from '../runtime/lib/install-paths';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SECTION = README.split(/^## /m).find((part) => part.startsWith('Install in n8n')) ?? '';
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('README: Install in n8n', () => {
	it('says the package is not on the registry yet and installs the tarball npm pack writes', () => {
		expect(SECTION).toMatch(/Not on the npm registry yet/);
		expect(SECTION).toContain('npm pack');
		const install = readmeInstallCommands().find((line) => line.startsWith('npm install'));
		expect(install).toMatch(/^npm install --omit=peer \S+\.tgz$/);
		// npm pack names the tarball <name>-<version>.tgz
		expect(install!.match(README_TARBALL)?.[0]).toMatch(
			new RegExp(`/${PACKAGE.name}-${PACKAGE.version.replace(/\./g, '\\.')}\\.tgz$`),
		);
		expect(SECTION).toContain(`\`${PACKAGE.name}-${PACKAGE.version}.tgz\``);
	});

	it("gives the nodes folder with N8N_USER_FOLDER and in n8n's Docker image", () => {
		expect(SECTION).toContain('$N8N_USER_FOLDER/.n8n/nodes');
		expect(SECTION).toContain('/home/node/.n8n/nodes');
	});

	it('says Settings > Community Nodes stays empty after a manual install, and to look in the nodes panel', () => {
		expect(SECTION).toMatch(/Settings > Community Nodes stays empty/);
		expect(SECTION).toMatch(/nodes panel/);
	});

	it("names where to report issues; package.json's bugs URL (what n8n's Report issue reads once published) is the same", () => {
		expect(PACKAGE.bugs?.url).toMatch(/^https:\/\/github\.com\/.+\/issues$/);
		expect(SECTION).toContain(PACKAGE.bugs.url);
	});
});
