/**
 * The runtime itself: the pinned n8n loads this package by its package name from the user folder's
 * nodes directory (as a manual community-node install would), and the CLI round trip used by every
 * other suite (import, execute, parse the run, failure reporting) works.
 */
import { installedVersion, nodeItems, pinnedVersion } from '../runtime/lib/n8n';
import { createSandbox, itemsNode, linearWorkflow, type Sandbox } from './harness';

describe('n8n runtime', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await createSandbox('runtime');
	});

	it('is the pinned n8n version', () => {
		expect(installedVersion('n8n')).toBe(pinnedVersion('n8n'));
	});

	it('loads the package by its package name', async () => {
		const types = await sandbox.nodeTypes();
		expect(types).toContain('n8n-nodes-entra-id.microsoftEntraId');
		expect(types).toContain('n8n-nodes-entra-id.microsoftEntraIdTrigger');
		// n8n's own Entra node ships in the same install (the benchmark compares against it)
		expect(types).toContain('n8n-nodes-base.microsoftEntra');
	});

	it('imports and executes a workflow through the CLI and returns its run data', async () => {
		await sandbox.importWorkflows([
			linearWorkflow('rtOk', 'runtime ok', [itemsNode('Items', [{ a: 1 }, { a: 2 }])]),
		]);
		const result = await sandbox.execute('rtOk');
		expect(result.code).toBe(0);
		expect(result.ok).toBe(true);
		expect(nodeItems(result.run!, 'Items')).toEqual([{ a: 1 }, { a: 2 }]);
		// 2.x reports N8N_RUNNERS_ENABLED as deprecated when it is set: the runtime leaves it out.
		expect(`${result.stdout}\n${result.stderr}`).not.toContain('N8N_RUNNERS_ENABLED');
	});

	it('reports a failing workflow with exit code 1 and the node error', async () => {
		await sandbox.importWorkflows([
			linearWorkflow('rtFail', 'runtime fail', [
				{
					name: 'Boom',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					parameters: { jsCode: "throw new Error('boom from e2e');" },
				},
			]),
		]);
		const result = await sandbox.execute('rtFail');
		expect(result.code).toBe(1);
		expect(result.ok).toBe(false);
		expect(result.run?.data.resultData.error?.message).toContain('boom from e2e');
		expect(result.run?.data.resultData.lastNodeExecuted).toBe('Boom');
	});
});
