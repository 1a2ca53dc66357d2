import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

/*
 * The layout the code keeps (README "Layout"): imports only go downward, and no module imports the
 * module that imports it (directly or round a longer loop). Read from the sources' import lines.
 */

const root = path.resolve(__dirname, '../..');

function sourceFiles(folder: string): string[] {
	return readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.join(folder, entry.name);
		if (entry.isDirectory()) return sourceFiles(relative);
		return entry.name.endsWith('.ts') ? [relative.replace(/\.ts$/, '')] : [];
	});
}

const modules = [...sourceFiles('nodes'), ...sourceFiles('credentials')];
const known = new Set(modules);

/** The modules one module imports (relative imports, index files resolved). */
function importsOf(module: string): string[] {
	const text = readFileSync(path.join(root, `${module}.ts`), 'utf8');
	return [...text.matchAll(/^(?:import|export)\s[^;]*?from '(\.[^']+)';/gms)].map((match) => {
		const target = path.normalize(path.join(path.dirname(module), match[1]));
		return known.has(target) ? target : path.join(target, 'index');
	});
}

const graph = new Map(modules.map((module) => [module, importsOf(module)]));

/**
 * The layers, lowest first. A module may import its own layer or a lower one; within a layer the
 * imports must not loop (checked below).
 */
const LAYERS: Array<[string, RegExp]> = [
	['shared', /^nodes\/shared\//],
	['transport', /^nodes\/transport\//],
	['feed and helpers', /^nodes\/(feed|MicrosoftEntraId\/helpers)\//],
	['actions and methods', /^nodes\/MicrosoftEntraId\/(actions|methods)\//],
	['nodes and credential', /./],
];

/** The folder of the node a module belongs to (nodes/<Node>/...), or undefined for shared code. */
function nodeFolderOf(module: string): string | undefined {
	return /^nodes\/(MicrosoftEntraId[A-Za-z]*)\//.exec(module)?.[1];
}

/** Imports from one node's folder into another's: a node never reaches into another node's folder. */
function crossNodeImports(imports: Map<string, string[]>): string[] {
	return [...imports].flatMap(([module, targets]) =>
		targets
			.filter(
				(target) =>
					nodeFolderOf(module) &&
					nodeFolderOf(target) &&
					nodeFolderOf(target) !== nodeFolderOf(module),
			)
			.map((target) => `${module} -> ${target}`),
	);
}

/** Imports into the feed from outside it that bypass its public face, nodes/feed/index.ts. */
function pastTheFeedsFace(imports: Map<string, string[]>): string[] {
	return [...imports].flatMap(([module, targets]) =>
		targets
			.filter(
				(target) =>
					target.startsWith('nodes/feed/') &&
					target !== 'nodes/feed/index' &&
					!module.startsWith('nodes/feed/'),
			)
			.map((target) => `${module} -> ${target}`),
	);
}

function layerOf(module: string): number {
	return LAYERS.findIndex(([, pattern]) => pattern.test(module));
}

describe('module structure', () => {
	it('resolves every relative import to a source file', () => {
		const missing = [...graph].flatMap(([module, targets]) =>
			targets.filter((target) => !known.has(target)).map((target) => `${module} -> ${target}`),
		);
		expect(missing).toEqual([]);
	});

	it("no node folder imports another node folder, and only the feed's index.ts is imported from outside it", () => {
		expect(crossNodeImports(graph)).toEqual([]);
		expect(pastTheFeedsFace(graph)).toEqual([]);
	});

	it('the boundary checks catch a deliberately added cross-node or past-the-face import', () => {
		const tampered = new Map(graph);
		const webhook = 'nodes/MicrosoftEntraIdInstantTrigger/webhook';
		tampered.set(webhook, [
			...(graph.get(webhook) ?? []),
			'nodes/MicrosoftEntraIdTrigger/testEvent',
			'nodes/feed/state',
		]);
		expect(crossNodeImports(tampered)).toEqual([
			`${webhook} -> nodes/MicrosoftEntraIdTrigger/testEvent`,
		]);
		expect(pastTheFeedsFace(tampered)).toEqual([`${webhook} -> nodes/feed/state`]);
	});

	it('imports only downward: shared < transport < feed and helpers < actions and methods < node files', () => {
		const upward = [...graph].flatMap(([module, targets]) =>
			targets
				.filter((target) => layerOf(target) > layerOf(module))
				.map((target) => `${module} -> ${target}`),
		);
		expect(upward).toEqual([]);
	});

	it('has no import loops', () => {
		const loops: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const visit = (module: string, trail: string[]): void => {
			if (state.get(module) === 'done') return;
			if (state.get(module) === 'open') {
				loops.push([...trail.slice(trail.indexOf(module)), module].join(' -> '));
				return;
			}
			state.set(module, 'open');
			for (const target of graph.get(module) ?? []) visit(target, [...trail, module]);
			state.set(module, 'done');
		};
		for (const module of modules) visit(module, []);
		expect(loops).toEqual([]);
	});

	it("keeps the credential and the triggers off the action node's actions and helpers", () => {
		const reaching = [...graph]
			.filter(([module]) => !module.startsWith('nodes/MicrosoftEntraId/'))
			.flatMap(([module, targets]) =>
				targets
					.filter((target) => /^nodes\/MicrosoftEntraId\/(actions|helpers|methods)\//.test(target))
					.map((target) => `${module} -> ${target}`),
			);
		expect(reaching).toEqual([]);
	});

	it('calls only downward: below the router, no function takes a function to call back', () => {
		// The router's runner calls down into the operations and the helpers (actions/types.ts); an
		// operation or helper that took a callback would call back up into the module that called it.
		const callbacks = modules
			.filter((module) => /^nodes\/(MicrosoftEntraId\/(actions|helpers)|transport)\//.test(module))
			.flatMap((module) => callbackParameters(module).map((line) => `${module}.ts:${line}`));
		expect(callbacks).toEqual([]);
	});
});

/**
 * Lines where a parameter's type, or a property of an interface, is or holds a function type. The
 * retry clock (`now`, which tests set) is no callback into a caller.
 */
function callbackParameters(module: string): number[] {
	const file = ts.createSourceFile(
		`${module}.ts`,
		readFileSync(path.join(root, `${module}.ts`), 'utf8'),
		ts.ScriptTarget.Latest,
		true,
	);
	const lines: number[] = [];
	const visit = (node: ts.Node, inSignature: boolean): void => {
		if (inSignature && ts.isFunctionTypeNode(node)) {
			lines.push(file.getLineAndCharacterOfPosition(node.getStart()).line + 1);
			return;
		}
		const parameter = ts.isParameter(node) && node.name.getText() !== 'now';
		const member = ts.isPropertySignature(node) && ts.isInterfaceDeclaration(node.parent);
		ts.forEachChild(node, (child) => visit(child, inSignature || parameter || member));
	};
	visit(file, false);
	return lines;
}
