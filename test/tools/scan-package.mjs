// Runs the checks of @n8n/scan-community-package that work offline, with the scanner's own code and
// rule set (its buildScanConfig, its ESLint options, its file patterns):
// - the sources (package.json, nodes/**, credentials/**), as the scanner lints the checkout that the
//   npm provenance statement attests, and the packed tarball's compiled JavaScript and package.json,
//   as it lints the published artifact. The scanner itself fails on errors only; here any finding
//   fails, warnings included;
// - the scanner finds this package's root in a checkout of the commit (`git archive HEAD`, what
//   GitHub's codeload serves for the attested commit) by the name in package.json;
// - package.json names a GitHub repository in the form npm provenance checks it against;
// - a control: the scanner's rules flag a timer in a node file (so a silent config cannot pass).
// The provenance attestation and the downloads need the npm registry and GitHub: not run here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
	buildScanConfig,
	findPackageRoot,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
const root = process.cwd();
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const findings = [];

/** The scanner's ESLint run (same options as its analyzePackage), returning every message. */
async function scanLint(packageDir, patterns) {
	const eslint = new ESLint({
		cwd: packageDir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = await eslint.lintFiles(patterns);
	const formatted = await (await eslint.loadFormatter('stylish')).format(results);
	return {
		files: results.length,
		problems: results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0),
		formatted,
	};
}

async function lintLeg(label, packageDir, patterns) {
	const verdict = await analyzePackage(packageDir, patterns);
	const strict = await scanLint(packageDir, patterns);
	if (!verdict.passed)
		findings.push(`${label}: the scanner fails it (${verdict.message})\n${verdict.details ?? ''}`);
	if (strict.problems > 0)
		findings.push(`${label}: ${strict.problems} problem(s)\n${strict.formatted}`);
	console.log(
		`${verdict.passed && strict.problems === 0 ? 'passed' : 'FAILED'}: scanner lint on the ${label} (${strict.files} files)`,
	);
}

const work = mkdtempSync(path.join(tmpdir(), 'entra-scan-'));
try {
	// the packed tarball, as npm publish would upload it
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work]);

	await lintLeg('sources', root, SOURCE_FILE_PATTERNS);
	await lintLeg('packed tarball', path.join(work, 'package'), TARBALL_FILE_PATTERNS);

	// the commit as GitHub serves it for the provenance's commit: the scanner looks for the package there
	const checkout = path.join(work, 'source');
	mkdirSync(checkout);
	execFileSync('git', ['archive', '--format=tar', '-o', path.join(work, 'source.tar'), 'HEAD'], {
		cwd: root,
	});
	execFileSync('tar', ['-xf', path.join(work, 'source.tar'), '-C', checkout]);
	const found = findPackageRoot(checkout, packageJson.name);
	if (found !== checkout)
		findings.push(
			`the scanner looks for ${packageJson.name} in the commit and finds ${found ?? 'nothing'}, not the repository root`,
		);
	else
		console.log(`passed: the scanner finds ${packageJson.name} at the root of a checkout of HEAD`);

	// npm publish --provenance refuses a package.json whose repository is not the GitHub repository
	// the workflow runs in; the scanner then reads that repository and commit from the attestation
	const repository = packageJson.repository?.url ?? '';
	if (!/^git\+https:\/\/github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\.git$/.test(repository)) {
		findings.push(
			`package.json repository.url "${repository}" is not git+https://github.com/<owner>/<repo>.git`,
		);
	} else console.log(`passed: package.json names the GitHub repository ${repository}`);

	// control: the same rules see a timer in a node file
	const control = new ESLint({
		cwd: root,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const [probe] = await control.lintText(
		'export const wait = () => new Promise((resolve) => setTimeout(resolve, 1));\n',
		{
			filePath: path.join(root, 'nodes/MicrosoftEntraId/probe.ts'),
		},
	);
	if (!probe.messages.some((m) => m.ruleId === '@n8n/community-nodes/no-restricted-globals')) {
		findings.push('control: the scanner rules did not flag setTimeout in a node file');
	} else console.log('passed: control (the scanner rules flag setTimeout in a node file)');
} finally {
	rmSync(work, { recursive: true, force: true });
}

for (const finding of findings) console.log(`FINDING: ${finding}`);
process.exitCode = findings.length === 0 ? 0 : 1;
