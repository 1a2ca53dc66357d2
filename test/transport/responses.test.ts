import { executeNode } from '../harness';
import type { HarnessCredentials } from '../harness';
import { probeNode, setScenario } from './probeNode';
import { ScriptedGraph } from './scriptedGraph';

/** GraphClient.responses(): pages() with each response's status and headers (used by the trigger for Date). */
let graph: ScriptedGraph;

function credentials(): HarnessCredentials {
	return {
		grantType: 'clientCredentials',
		cloud: 'custom',
		tenantId: '11111111-2222-3333-4444-555555555555',
		graphBaseUrl: graph.url,
		loginBaseUrl: graph.url,
		clientId: 'client-id',
		clientSecret: 'secret',
	};
}

beforeEach(async () => {
	graph = await new ScriptedGraph().start();
});

afterEach(async () => {
	await graph.stop();
});

it('follows nextLinks with the same headers and yields status, headers and page', async () => {
	graph.handler = (request) =>
		request.url.includes('page=2')
			? { status: 200, headers: { Date: 'Sun, 01 Mar 2026 12:00:05 GMT' }, body: { value: [{ id: 'b' }], '@odata.deltaLink': `${graph.url}/v1.0/users/delta?$deltatoken=t` } }
			: { status: 200, headers: { Date: 'Sun, 01 Mar 2026 12:00:00 GMT' }, body: { value: [{ id: 'a' }], '@odata.nextLink': `${graph.url}/v1.0/users/delta?page=2` } };
	setScenario(async (client) => {
		const seen = [];
		for await (const response of client.responses({ path: '/users/delta', headers: { Prefer: 'return=minimal' } })) {
			seen.push({ status: response.status, date: response.headers.date, ids: response.body.value.map((item) => item.id) });
		}
		return seen;
	});
	const { output } = await executeNode(probeNode, {}, [{ json: {} }], { credentials: credentials() });
	expect(output[0][0].json.result).toEqual([
		{ status: 200, date: 'Sun, 01 Mar 2026 12:00:00 GMT', ids: ['a'] },
		{ status: 200, date: 'Sun, 01 Mar 2026 12:00:05 GMT', ids: ['b'] },
	]);
	expect(graph.graphRequests.map((request) => request.headers.prefer)).toEqual(['return=minimal', 'return=minimal']);
});
