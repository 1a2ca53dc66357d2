import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * README "Install on n8n 3.0 and in Docker": docker is not available here, so the Dockerfile is
 * parsed for its form (known instructions, FROM first, the install into n8n's nodes folder as the
 * image's `node` user), and the N8N_COMMUNITY_PACKAGES value in the docker run example is the JSON
 * n8n 2.41's loader accepts (the end-to-end install suite starts n8n with that form).
 */

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const section = readme.slice(
	readme.indexOf('## Install on n8n 3.0 and in Docker'),
	readme.indexOf('## Operations and triggers'),
);

/** The fenced blocks of one language in a Markdown text (indented fences included). */
function blocks(markdown: string, language: string): string[] {
	const fence = new RegExp(`^([ \\t]*)\`\`\`${language}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm');
	return [...markdown.matchAll(fence)].map(([, indent, body]) =>
		body
			.split('\n')
			.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
			.join('\n'),
	);
}

const INSTRUCTIONS = new Set([
	'FROM',
	'RUN',
	'CMD',
	'LABEL',
	'EXPOSE',
	'ENV',
	'ADD',
	'COPY',
	'ENTRYPOINT',
	'VOLUME',
	'USER',
	'WORKDIR',
	'ARG',
	'ONBUILD',
	'STOPSIGNAL',
	'HEALTHCHECK',
	'SHELL',
]);

interface Instruction {
	keyword: string;
	args: string;
}

/** Dockerfile instructions: comments and blank lines dropped, backslash continuations joined. */
function parseDockerfile(text: string): Instruction[] {
	const instructions: Instruction[] = [];
	let pending = '';
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		// Docker drops comment and empty lines, inside continued instructions too
		if (line === '' || line.startsWith('#')) continue;
		if (line.endsWith('\\')) {
			pending += `${line.slice(0, -1).trim()} `;
			continue;
		}
		const full = `${pending}${line}`.trim();
		pending = '';
		const match = /^([A-Za-z]+)\s+(.+)$/.exec(full);
		if (!match) throw new Error(`not an instruction: ${full}`);
		instructions.push({ keyword: match[1].toUpperCase(), args: match[2] });
	}
	if (pending) throw new Error('the Dockerfile ends in a line continuation');
	return instructions;
}

describe('README: the custom n8n image', () => {
	const dockerfiles = blocks(section, 'dockerfile');

	it('has one Dockerfile, made of known instructions, FROM n8nio/n8n first (only ARG may precede it)', () => {
		expect(dockerfiles).toHaveLength(1);
		const instructions = parseDockerfile(dockerfiles[0]);
		for (const { keyword } of instructions) expect(INSTRUCTIONS).toContain(keyword);
		const first = instructions.find(({ keyword }) => keyword !== 'ARG');
		expect(first).toMatchObject({ keyword: 'FROM' });
		expect(first!.args).toMatch(/^n8nio\/n8n(:[\w.-]+)?$/);
	});

	it('installs the package into /home/node/.n8n/nodes as the node user, without its peer dependency', () => {
		const instructions = parseDockerfile(dockerfiles[0]);
		const user = instructions.findIndex(
			({ keyword, args }) => keyword === 'USER' && args === 'node',
		);
		const install = instructions.findIndex(
			({ keyword, args }) => keyword === 'RUN' && args.includes('npm install'),
		);
		expect(user).toBeGreaterThan(0);
		expect(install).toBeGreaterThan(user);
		const run = instructions[install].args;
		expect(run).toContain('cd /home/node/.n8n/nodes');
		expect(run).toContain('--omit=peer');
		expect(run).toMatch(new RegExp(`\\b${packageJson.name}(@[\\w.-]+)?$`));
	});

	it('parses line continuations and rejects what is no instruction', () => {
		expect(parseDockerfile('FROM a\nRUN one \\\n    && two\n')).toEqual([
			{ keyword: 'FROM', args: 'a' },
			{ keyword: 'RUN', args: 'one && two' },
		]);
		expect(() => parseDockerfile('FROM a\nnot-an-instruction\n')).toThrow('not an instruction');
		expect(() => parseDockerfile('FROM a\nRUN x \\\n')).toThrow('continuation');
	});
});

describe('README: N8N_COMMUNITY_PACKAGES', () => {
	const run = blocks(section, 'bash').find((block) => block.includes('N8N_COMMUNITY_PACKAGES='));

	it('is a JSON list of {name, version} naming this package, next to N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true', () => {
		expect(run).toBeDefined();
		expect(run).toContain('N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true');
		const value = /N8N_COMMUNITY_PACKAGES='([^']+)'/.exec(run!)![1];
		const packages = JSON.parse(value) as Array<Record<string, string>>;
		expect(packages).toHaveLength(1);
		expect(Object.keys(packages[0]).sort()).toEqual(['name', 'version']);
		expect(packages[0].name).toBe(packageJson.name);
		expect(packages[0].version).toMatch(/^\d+\.\d+\.\d+$/);
	});

	it('names the variable that allows an unverified package, and N8N_WEBHOOK_URL beside WEBHOOK_URL', () => {
		expect(section).toContain('N8N_UNVERIFIED_PACKAGES_ENABLED=true');
		expect(section).toMatch(/`N8N_WEBHOOK_URL` \(n8n 2\.30 and later\)\s+or `WEBHOOK_URL`/);
	});
});
