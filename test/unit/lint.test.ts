import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * The lint n8n applies (README "Development"): the root eslint.config.mjs is n8n's default config
 * verbatim, as `n8n-node lint` demands in strict mode, and the shipped code passes it with no error
 * and no warning; its rules are live (a node without usableAsTool, a timer or a child process in a
 * node file fail); test/ files get test/eslint.config.mjs through ESLint's config lookup from the
 * file's folder, which `npm run lint` turns on.
 */

const root = path.resolve(__dirname, '../..');

interface Message {
	ruleId: string | null;
	severity: number;
	message: string;
	line: number;
}
interface FileReport {
	file: string;
	messages: Message[];
}
interface Report {
	eslintVersion: string;
	shipped: FileReport[];
	rulesWithLookup: { node: string[]; test: string[] };
	probes: Record<'withoutUsableAsTool' | 'withSetTimeout' | 'withChildProcess', FileReport>;
}

let report: Report;

beforeAll(() => {
	// Jest sets NODE_ENV=test, which eslint-plugin-n8n-nodes-base reads as "running its own tests" (it
	// then takes file names from its fixtures): lint as `npm run lint` does, without it.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const out = execFileSync(process.execPath, [path.join(root, 'test/tools/lint-report.mjs')], {
		cwd: root,
		env,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	report = JSON.parse(out) as Report;
}, 120_000);

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('n8n lint (strict mode)', () => {
	it("the root eslint.config.mjs is @n8n/node-cli's default template, compared as n8n-node lint compares it", () => {
		const template = readFileSync(
			path.join(
				root,
				'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
			),
			'utf8',
		);
		expect(normalized(readFileSync(path.join(root, 'eslint.config.mjs'), 'utf8'))).toBe(
			normalized(template),
		);
		// what `n8n-node cloud-support` checks for "eligible"
		expect(normalized(template)).toBe(
			"import { config } from '@n8n/node-cli/eslint'; export default config;",
		);
		expect(packageJson.n8n.strict).toBe(true);
	});

	it('npm run lint lints everything, fails on a warning, and looks the config up from each file', () => {
		expect(packageJson.scripts.lint).toBe(
			'ESLINT_FLAGS=unstable_config_lookup_from_file eslint . --max-warnings 0',
		);
		expect(report.eslintVersion).toMatch(/^9\./);
	});

	it('the shipped code (nodes/, credentials/, package.json) has no error and no warning under the default config', () => {
		const files = report.shipped.map((result) => result.file);
		expect(files).toContain('package.json');
		expect(files).toContain('credentials/MicrosoftEntraIdOAuth2Api.credentials.ts');
		expect(files).toContain('nodes/MicrosoftEntraId/MicrosoftEntraId.node.ts');
		expect(files.length).toBeGreaterThan(100);
		expect(report.shipped.filter((result) => result.messages.length > 0)).toEqual([]);
	});

	it("node files get n8n's community rules and the design card's rules; test files get the test rules", () => {
		expect(report.rulesWithLookup.node).toEqual(
			expect.arrayContaining([
				'@n8n/community-nodes/no-restricted-globals',
				'@n8n/community-nodes/no-restricted-imports',
				'@n8n/community-nodes/node-usable-as-tool',
				'@n8n/community-nodes/no-runtime-dependencies',
				'n8n-nodes-base/node-execute-block-missing-continue-on-fail',
				'no-console',
			]),
		);
		expect(report.rulesWithLookup.test).toEqual(
			expect.arrayContaining([
				'@typescript-eslint/no-floating-promises',
				'@typescript-eslint/consistent-type-imports',
				'eqeqeq',
			]),
		);
		expect(
			report.rulesWithLookup.test.filter(
				(rule) => rule.startsWith('@n8n/') || rule.startsWith('n8n-nodes-base/'),
			),
		).toEqual([]);
		expect(report.rulesWithLookup.test).not.toContain('no-console');
	});

	it.each([
		[
			'withoutUsableAsTool',
			'the action node without usableAsTool',
			['@n8n/community-nodes/node-usable-as-tool'],
		],
		[
			'withSetTimeout',
			'a node file with setTimeout',
			['@n8n/community-nodes/no-restricted-globals'],
		],
		[
			'withChildProcess',
			'a node file importing node:child_process',
			['@n8n/community-nodes/no-restricted-imports', '@n8n/community-nodes/no-dangerous-functions'],
		],
	] as const)('%s: %s fails the lint', (probe, _what, rules) => {
		const { messages } = report.probes[probe];
		expect(messages.filter((m) => m.severity === 2).map((m) => m.ruleId)).toEqual([...rules]);
	});
});
