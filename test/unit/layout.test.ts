import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * Tests mirror the operations: nodes/MicrosoftEntraId/actions/<resource>/<operation>.operation.ts is
 * tested by test/nodes/MicrosoftEntraId/actions/<resource>/<operation>.operation.test.ts, so that a
 * maintainer finds an operation's tests by its path, and a new operation cannot land untested.
 */
const ROOT = join(__dirname, '..', '..');
const ACTIONS = 'nodes/MicrosoftEntraId/actions';

function filesUnder(folder: string, suffix: string): string[] {
	if (!existsSync(join(ROOT, folder))) return [];
	return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith(suffix))
		.map((name) =>
			relative(ROOT, join(ROOT, folder, name))
				.split('\\')
				.join('/'),
		)
		.sort();
}

const operations = filesUnder(ACTIONS, '.operation.ts');
const mirrored = (source: string) => `test/${source.replace(/\.ts$/, '.test.ts')}`;

it('finds the operation files', () => {
	expect(operations.length).toBeGreaterThan(40);
});

it('every operation file has a test file at the mirrored path under test/', () => {
	expect(operations.filter((source) => !existsSync(join(ROOT, mirrored(source))))).toEqual([]);
});

it('every operation test file mirrors an operation file that exists (none left behind by a rename)', () => {
	const tests = filesUnder(`test/${ACTIONS}`, '.operation.test.ts');
	expect(
		tests.filter(
			(test) => !operations.includes(test.replace(/^test\//, '').replace(/\.test\.ts$/, '.ts')),
		),
	).toEqual([]);
});
