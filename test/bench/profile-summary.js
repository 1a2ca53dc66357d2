#!/usr/bin/env node
/**
 * Summarises a .cpuprofile written by the bench's probe (BENCH_CPU_PROFILE_DIR=dir npm run bench ...):
 * inclusive time of the functions under a given call (default: the node's execute(), i.e. the
 * functions of this package's dist and n8n's parameter/expression code), heaviest first.
 *
 *   node test/bench/profile-summary.js <file.cpuprofile> [rootFunctionName=execute] [rows=30]
 */
'use strict';
const fs = require('fs');

const [file, rootName = 'execute', rowsArg = '30'] = process.argv.slice(2);
if (!file) {
	console.error(
		'usage: node test/bench/profile-summary.js <file.cpuprofile> [rootFunctionName] [rows]',
	);
	process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes)
	for (const child of node.children ?? []) parent.set(child, node.id);
const interval = new Map();
profile.samples.forEach((id, i) =>
	interval.set(i, (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000),
);
const label = (node) => {
	const f = node.callFrame;
	const url = (f.url || '').replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
	return `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
};
const inclusive = new Map();
let rootTotal = 0;
profile.samples.forEach((id, i) => {
	const ms = interval.get(i);
	const stack = [];
	for (let cur = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur));
	const rootIndex = stack.findIndex(
		(n) =>
			n.callFrame.functionName === rootName &&
			/nodes\/MicrosoftEntra|Entra\/|routing-node/.test(n.callFrame.url),
	);
	if (rootIndex < 0) return;
	rootTotal += ms;
	const seen = new Set();
	for (const node of stack.slice(0, rootIndex + 1)) {
		const key = label(node);
		if (seen.has(key)) continue;
		seen.add(key);
		inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
	}
});
console.log(`CPU time under ${rootName}(): ${rootTotal.toFixed(0)} ms`);
for (const [key, ms] of [...inclusive.entries()]
	.sort((a, b) => b[1] - a[1])
	.slice(0, Number(rowsArg))) {
	console.log(`${ms.toFixed(0).padStart(7)} ms  ${key}`);
}
