import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

/*
 * The GitHub Actions workflows cannot run here: they are parsed, and their steps must run the
 * commands the README gives (the test command, the release's publish with provenance).
 */

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const readme = read('README.md');
const packageJson = JSON.parse(read('package.json'));

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	'runs-on': string;
	permissions?: Record<string, string>;
	strategy?: { matrix: Record<string, unknown[]> };
	steps: Step[];
}
interface Workflow {
	name: string;
	on: Record<string, any>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
	return parse(read(`.github/workflows/${file}`), { strict: true, uniqueKeys: true }) as Workflow;
}

const runs = (job: Job) =>
	job.steps.map((step) => step.run?.trim()).filter((run): run is string => run !== undefined);

describe('CI workflow (.github/workflows/ci.yml)', () => {
	const ci = workflow('ci.yml');
	const [job] = Object.values(ci.jobs);

	it("runs the README's test command on Node 20 and 24", () => {
		expect(readme).toContain('npm ci && npm run test:all');
		expect(job.strategy?.matrix.node).toEqual(['20', '24']);
		const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
		expect(runs(job)).toEqual(['npm ci', 'npm run test:all']);
		expect(job.steps[0].uses).toMatch(/^actions\/checkout@/);
	});

	it('runs on pushes to main and on pull requests, with read-only contents', () => {
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.permissions).toEqual({ contents: 'read' });
	});

	it('test:all is the chain README and .ci/run describe: build, typecheck, lint, format check, scanner, suites', () => {
		expect(packageJson.scripts['test:all'].split(' && ')).toEqual([
			'npm run build',
			'npm run typecheck',
			'npm run lint',
			'npm run format:check',
			'node test/tools/scan-package.mjs',
			'npm test',
			'npm run test:e2e',
		]);
		expect(read('.ci/run')).toContain('npm run test:all');
	});
});

describe('publish workflow (.github/workflows/publish.yml)', () => {
	const publish = workflow('publish.yml');
	const [job] = Object.values(publish.jobs);
	const commands = runs(job);

	it('runs on a version tag only', () => {
		expect(Object.keys(publish.on)).toEqual(['push']);
		expect(publish.on.push).toEqual({ tags: ['v*.*.*'] });
	});

	it('may mint the OIDC token npm provenance needs, and nothing more', () => {
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		expect(publish.permissions).toEqual({ contents: 'read' });
	});

	it('installs, checks the tag against package.json, builds, tests, then publishes with provenance', () => {
		const order = [
			'npm ci',
			'npm run build',
			'npm run test:all',
			'npm publish --provenance --access public',
		].map((command) => commands.indexOf(command));
		expect(order.every((index) => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		expect(commands.at(-1)).toBe('npm publish --provenance --access public');
		expect(
			commands.some(
				(run) =>
					run.includes("require('./package.json').version") && run.includes('GITHUB_REF_NAME'),
			),
		).toBe(true);
		const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	it('README "Releasing" names the same tag form and publish command, and CHANGELOG.md has the current version', () => {
		const releasing = readme.slice(readme.indexOf('## Releasing'));
		expect(releasing).toContain('npm publish --provenance --access public');
		expect(releasing).toContain('git tag v');
		expect(releasing).toContain('CHANGELOG.md');
		expect(read('CHANGELOG.md')).toContain(`## ${packageJson.version}`);
	});
});
