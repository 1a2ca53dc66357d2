// Runs the checks of @n8n/scan-community-package that work offline: its ESLint rule sets over the
// sources (as the scanner lints the provenance-attested checkout) and over the packed tarball's
// compiled JavaScript and package.json (as it lints the published artifact). The provenance and
// download steps need the npm registry's attestations and GitHub, so they are not run here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = process.cwd();
const work = mkdtempSync(path.join(tmpdir(), 'entra-scan-'));
try {
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	const unpacked = path.join(work, 'package');
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);

	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	const dist = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	for (const [label, result] of [['sources', source], ['packed tarball', dist]]) {
		console.log(`${result.passed ? 'passed' : 'FAILED'}: scanner checks on the ${label}${result.message ? ` (${result.message})` : ''}`);
		if (result.details) console.log(result.details);
	}
	process.exitCode = source.passed && dist.passed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
