/**
 * Both ways users install the package, on one runtime, from the tarball `npm pack` made in the global
 * setup: exactly the README's manual install, and exactly the steps of that n8n version's own installer
 * (Settings > Community Nodes). Each install gets its own n8n user folder (outside the repository, as a
 * home folder would be: npm looks for the nearest package.json above the folder it runs in); then both
 * n8n instances start with a published workflow whose trigger (every minute) feeds the action node,
 * and a user created in the emulator comes out of both, looked up by the action node.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { DEMO_DOMAIN, startEmulator, type RunningEmulator } from '../emulator';
import { DEMO_CREDENTIAL, demoCredential } from '../runtime/lib/fixtures';
import {
	installLikeN8n,
	installLikeReadme,
	installedNodePackages,
	packedTarball,
} from '../runtime/lib/install-paths';
import {
	PACKAGE_NAME,
	activateWorkflow,
	e2eRunDir,
	freePortPair,
	getExecution,
	importCredentials,
	importWorkflows,
	listExecutions,
	nodeItems,
	pinnedVersion,
	runtimeDir,
	setupOwner,
	startN8n,
	type N8nOptions,
	type N8nServer,
	type RuntimeName,
} from '../runtime/lib/n8n';
import {
	ENTRA_TRIGGER_TYPE,
	byId,
	entraNode,
	linearWorkflow,
	recordSuiteRuntime,
	waitFor,
	waitForStaticData,
} from './harness';

const WORKFLOW_ID = 'installPathFlow';

/** Whether this n8n reads N8N_COMMUNITY_PACKAGES (its instance settings loader for community packages). */
function knowsCommunityPackagesEnv(runtime: RuntimeName): boolean {
	const loader = path.join(
		runtimeDir(runtime),
		'node_modules/n8n/dist/instance-settings-loader/loaders/community-packages.instance-settings-loader.js',
	);
	return fs.existsSync(loader);
}

function bothNodesWorkflow(): object {
	return linearWorkflow(
		WORKFLOW_ID,
		'install path: trigger and action',
		[
			{
				name: 'New user',
				type: ENTRA_TRIGGER_TYPE,
				typeVersion: 1,
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					event: 'userCreated',
					options: {},
				},
				credentials: { microsoftEntraIdOAuth2Api: DEMO_CREDENTIAL },
			},
			entraNode(
				'Look up',
				{ resource: 'user', operation: 'get', user: byId('={{ $json.id }}') },
				DEMO_CREDENTIAL,
			),
		],
		false,
	);
}

interface Install {
	name: 'readme' | 'installer';
	options: N8nOptions;
	server?: N8nServer;
	starting?: Promise<N8nServer>;
	cookie?: string;
}

/** Registers the install-path tests of `runtime` in the calling describe block. */
export function installPathTests(runtime: RuntimeName): void {
	const version = pinnedVersion(runtime);
	let emulator: RunningEmulator;
	let base: string;
	let tarball: string;
	const installs: Install[] = [];

	beforeAll(async () => {
		recordSuiteRuntime(runtime);
		tarball = packedTarball(e2eRunDir());
		base = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-entra-e2e-install-${runtime}-`));
		emulator = await startEmulator();
		for (const name of ['readme', 'installer'] as const) {
			const userFolder = path.join(base, name);
			fs.mkdirSync(userFolder, { recursive: true });
			installs.push({ name, options: { runtime, userFolder, port: await freePortPair() } });
		}
	});

	afterAll(async () => {
		await Promise.allSettled(
			installs.map(async (install) => (install.server ?? (await install.starting))?.stop()),
		);
		await emulator?.stop();
		if (base && process.env.E2E_KEEP !== '1') fs.rmSync(base, { recursive: true, force: true });
	});

	const folder = (name: Install['name']) =>
		installs.find((i) => i.name === name)!.options.userFolder;

	it(`n8n ${version}: the README's manual install (npm install --omit=peer) puts the package alone into ~/.n8n/nodes`, () => {
		const commands = installLikeReadme(folder('readme'), tarball, runtime);
		expect(commands.join('\n')).toContain('npm install --omit=peer');
		// the package alone: no second n8n-workflow (nor its dependencies) next to it
		expect(installedNodePackages(folder('readme'))).toEqual([PACKAGE_NAME]);
		const pkg = JSON.parse(
			fs.readFileSync(
				path.join(folder('readme'), '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'),
				'utf8',
			),
		);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it(`n8n ${version}: n8n's own installer steps (Settings > Community Nodes) install it`, () => {
		installLikeN8n(folder('installer'), tarball, runtime);
		expect(installedNodePackages(folder('installer'))).toEqual([PACKAGE_NAME]);
		const pkg = JSON.parse(
			fs.readFileSync(
				path.join(
					folder('installer'),
					'.n8n',
					'nodes',
					'node_modules',
					PACKAGE_NAME,
					'package.json',
				),
				'utf8',
			),
		);
		expect(
			fs.existsSync(
				path.join(
					folder('installer'),
					'.n8n',
					'nodes',
					'node_modules',
					PACKAGE_NAME,
					'dist',
					'nodes',
					'MicrosoftEntraId',
					'MicrosoftEntraId.node.js',
				),
			),
		).toBe(true);
		// n8n strips these before its npm install in the package folder
		expect(pkg.peerDependencies).toBeUndefined();
		expect(pkg.devDependencies).toBeUndefined();
	});

	// N8N_COMMUNITY_PACKAGES (README "Install on n8n 3.0 and in Docker"): the README's value passes this
	// n8n's own validation, and with N8N_UNVERIFIED_PACKAGES_ENABLED=false (n8n 3.0's default) n8n
	// refuses to start for a package that n8n has not verified (no checksum). The install itself goes
	// through the npm registry (a custom registry is a licensed feature): not testable before publishing.
	// This start runs in the README install's folder before its real start below (its database
	// migrations are then done once), and stops before n8n changes anything.
	(knowsCommunityPackagesEnv(runtime) ? it : it.skip)(
		`n8n ${version}: N8N_COMMUNITY_PACKAGES names the package; unverified packages off (n8n 3.0's default) stops n8n`,
		async () => {
			const readme = installs.find((i) => i.name === 'readme')!;
			const { version: packageVersion } = JSON.parse(
				fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
			);
			const value = JSON.stringify([{ name: PACKAGE_NAME, version: packageVersion }]);
			expect(value).toBe(`[{"name":"n8n-nodes-entra-id","version":"${packageVersion}"}]`);
			const starting = startN8n({
				...readme.options,
				env: {
					N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
					N8N_COMMUNITY_PACKAGES: value,
					N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
				},
			});
			await expect(starting).rejects.toThrow(
				`N8N_COMMUNITY_PACKAGES: no checksum available for '${PACKAGE_NAME}@${packageVersion}' and unverified packages are disabled`,
			);
			// the README install is untouched: the package is still the only one in the nodes folder
			expect(installedNodePackages(readme.options.userFolder)).toEqual([PACKAGE_NAME]);
		},
		300_000,
	);

	it(`n8n ${version}: starts with either install and runs a workflow with both nodes (trigger, then action)`, async () => {
		const credential = demoCredential(emulator.url);
		await Promise.all(
			installs.map(async ({ options }) => {
				await importCredentials([credential], options);
				await importWorkflows([bothNodesWorkflow()], options);
				await activateWorkflow(WORKFLOW_ID, options);
			}),
		);
		await Promise.all(
			installs.map(async (install) => {
				install.starting = startN8n({
					...install.options,
					...(process.env.E2E_ECHO_N8N === '1'
						? { echo: process.stderr, echoPrefix: `[n8n ${runtime} ${install.name}] ` }
						: {}),
				});
				install.server = await install.starting;
				install.cookie = (await setupOwner(install.server.url))!;
				// the activation poll recorded the tenant: its delta link is in the workflow's static data
				await waitForStaticData(install.server.url, install.cookie, WORKFLOW_ID, /deltatoken/i);
			}),
		);
		// both activation polls recorded the tenant; a user created now comes out at the next poll
		const upn = `install.path.${Date.now().toString(36)}@${DEMO_DOMAIN}`;
		const user = emulator.admin.createUser({
			displayName: 'Install Path User',
			userPrincipalName: upn,
			accountEnabled: true,
		});
		for (const install of installs) {
			const url = install.server!.url;
			const cookie = install.cookie!;
			const looked = await waitFor(
				`a successful execution in the ${install.name} install`,
				async () => {
					const executions = (await listExecutions(url, cookie, WORKFLOW_ID)).filter(
						(e) => e.status === 'success',
					);
					for (const summary of executions) {
						const run = await getExecution(url, cookie, summary.id);
						if (!run.data.resultData.runData['Look up']) continue;
						const items = nodeItems(run, 'Look up');
						if (items.some((item) => item.id === user.id)) return { run, items };
					}
					return undefined;
				},
				150_000,
				3000,
			);
			expect(nodeItems(looked.run, 'New user').map((item) => item.id)).toContain(user.id);
			expect(looked.items.find((item) => item.id === user.id)).toMatchObject({
				displayName: 'Install Path User',
				userPrincipalName: upn,
			});
		}
	});
}
