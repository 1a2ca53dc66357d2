/**
 * The two ways users install this package into n8n, done for real from the packed tarball (`npm pack`):
 *
 * - by hand, exactly as the README's "Install in n8n" section says (its shell lines are read from
 *   README.md and run, with the package name replaced by the tarball's path and `~` by the user folder);
 * - through n8n's own installer (Settings > Community Nodes), step by step as
 *   `community-packages.service.js` does it (the same in 1.123.50, 2.8.4 and 2.41.1): `npm pack
 *   <pkg>@<version>` in the nodes folder, untar into `nodes/node_modules/<pkg>`, delete
 *   `devDependencies`, `peerDependencies` and `optionalDependencies` from its package.json, `npm install
 *   --audit=false --fund=false --bin-links=false --install-strategy=shallow --ignore-scripts=true
 *   --package-lock=false` in that folder, and record the version in `nodes/package.json`. Only the
 *   registry differs: the tarball stands in for `<pkg>@<version>` (a custom registry needs an n8n
 *   enterprise licence).
 *
 * Neither links `n8n-workflow` next to the package (unlike `installPackageInto`): n8n itself makes its
 * own copy resolvable (it puts its module paths on NODE_PATH before loading community packages).
 * npm runs under the runtime's own Node, as on the machine of a user of that n8n.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { PACKAGE_NAME, REPO_ROOT, cleanNpmEnv, runtimeNpmEnv, type RuntimeName } from './n8n';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
	const result = spawnSync(command, args, {
		cwd,
		env,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status}:\n${result.stdout}\n${result.stderr}`,
		);
	}
	return result.stdout;
}

/** `npm pack` of the repository (package.json `files`: dist/, plus README, LICENSE) into `destDir`; returns the tarball's path. */
export function packPackage(destDir: string): string {
	fs.rmSync(destDir, { recursive: true, force: true });
	fs.mkdirSync(destDir, { recursive: true });
	const out = run(
		'npm',
		['pack', '--json', '--ignore-scripts', `--pack-destination=${destDir}`],
		REPO_ROOT,
		cleanNpmEnv(),
	);
	const [packed] = JSON.parse(out) as Array<{ filename: string }>;
	return path.join(destDir, path.basename(packed.filename));
}

/** The tarball packed by the end-to-end run's global setup. */
export function packedTarball(runDir: string): string {
	const dir = path.join(runDir, 'pack');
	const file = fs.existsSync(dir)
		? fs.readdirSync(dir).find((name) => name.endsWith('.tgz'))
		: undefined;
	if (!file) throw new Error(`no packed tarball in ${dir}: the end-to-end global setup packs it`);
	return path.join(dir, file);
}

/** The path of the `npm pack` tarball in the README's install block (`/path/to/n8n-nodes-entra-id-0.1.0.tgz`). */
export const README_TARBALL = /\S*n8n-nodes-entra-id-\d+\.\d+\.\d+\.tgz/g;

/** The shell lines of the README's "Install in n8n" section that install the package by hand. */
export function readmeInstallCommands(readme = path.join(REPO_ROOT, 'README.md')): string[] {
	const text = fs.readFileSync(readme, 'utf8');
	const section = text.split(/^## /m).find((part) => part.startsWith('Install in n8n'));
	if (!section) throw new Error('README.md has no "Install in n8n" section');
	const block = /```(?:bash|sh)\n([\s\S]*?)```/.exec(section);
	if (!block) throw new Error('the "Install in n8n" section of README.md has no bash block');
	return block[1]
		.split('\n')
		.map((line) => line.replace(/\s+#.*$/, '').trim())
		.filter((line) => line && !line.startsWith('#'));
}

/**
 * Runs the README's manual install for the user folder `userFolder` (n8n's N8N_USER_FOLDER: `~` of the
 * README), with the tarball in place of the package name. Returns the commands as run.
 */
export function installLikeReadme(
	userFolder: string,
	tarball: string,
	runtime: RuntimeName,
): string[] {
	const commands = readmeInstallCommands().map((line) =>
		line
			.replace(/~(?=\/)/g, userFolder)
			// the README's tarball path (until the package is on the registry), or the package name
			.replace(README_TARBALL, tarball)
			.replace(new RegExp(`(?<![\\w/.-])${PACKAGE_NAME}(?![\\w/.-])`, 'g'), tarball),
	);
	run('bash', ['-euo', 'pipefail', '-c', commands.join('\n')], userFolder, runtimeNpmEnv(runtime));
	return commands;
}

/** Runs n8n's own community-package installer steps of this runtime's n8n version for the tarball. */
export function installLikeN8n(userFolder: string, tarball: string, runtime: RuntimeName): void {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const env = runtimeNpmEnv(runtime);
	// CommunityPackagesService.init (at every n8n start) makes sure the nodes folder has a package.json
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(nodesPackageJson)) {
		fs.writeFileSync(
			nodesPackageJson,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	const tarballName = run('npm', ['pack', tarball, '--quiet'], nodesDir, env)
		.trim()
		.split('\n')
		.pop()!;
	try {
		execFileSync('tar', ['-xzf', tarballName, '-C', packageDir, '--strip-components=1'], {
			cwd: nodesDir,
		});
		const packageJsonPath = path.join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
			fs.readFileSync(packageJsonPath, 'utf8'),
		);
		fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf8');
		run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			packageDir,
			env,
		);
		const nodesPackage = JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8'));
		nodesPackage.dependencies = {
			...(nodesPackage.dependencies ?? {}),
			[PACKAGE_NAME]: packageJson.version,
		};
		fs.writeFileSync(nodesPackageJson, JSON.stringify(nodesPackage, null, 2), 'utf8');
	} finally {
		fs.rmSync(path.join(nodesDir, tarballName), { force: true });
	}
}

/** What ended up in the nodes folder: the packages directly under nodes/node_modules. */
export function installedNodePackages(userFolder: string): string[] {
	const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.flatMap((name) =>
			name.startsWith('@')
				? fs.readdirSync(path.join(dir, name)).map((sub) => `${name}/${sub}`)
				: name.startsWith('.')
					? []
					: [name],
		);
}
