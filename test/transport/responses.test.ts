import { credentials, useFaultServer } from '../faults/servers';
import { executeNode } from '../harness';
import { probeNode, setScenario } from './probeNode';

/** GraphClient.responses(): pages() with each response's status and headers (used by the trigger for Date). */
const scripted = useFaultServer();

it('follows nextLinks with the same headers and yields status, headers and page', async () => {
	scripted.server.graph = (request) =>
		request.url.includes('page=2')
			? {
					status: 200,
					headers: { Date: 'Sun, 01 Mar 2026 12:00:05 GMT' },
					body: {
						value: [{ id: 'b' }],
						'@odata.deltaLink': `${scripted.server.url}/v1.0/users/delta?$deltatoken=t`,
					},
				}
			: {
					status: 200,
					headers: { Date: 'Sun, 01 Mar 2026 12:00:00 GMT' },
					body: {
						value: [{ id: 'a' }],
						'@odata.nextLink': `${scripted.server.url}/v1.0/users/delta?page=2`,
					},
				};
	setScenario(async (client) => {
		const seen = [];
		for await (const response of client.responses({
			path: '/users/delta',
			headers: { Prefer: 'return=minimal' },
		})) {
			seen.push({
				status: response.status,
				date: response.headers.date,
				ids: response.body.value.map((item) => item.id),
			});
		}
		return seen;
	});
	const { output } = await executeNode(probeNode, {}, [{ json: {} }], {
		credentials: credentials(scripted.server),
	});
	expect(output[0][0].json.result).toEqual([
		{ status: 200, date: 'Sun, 01 Mar 2026 12:00:00 GMT', ids: ['a'] },
		{ status: 200, date: 'Sun, 01 Mar 2026 12:00:05 GMT', ids: ['b'] },
	]);
	expect(scripted.server.graphRequests.map((request) => request.headers.prefer)).toEqual([
		'return=minimal',
		'return=minimal',
	]);
});
