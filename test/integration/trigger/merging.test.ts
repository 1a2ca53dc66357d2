import { credentials, useFaultServer } from '../../faults/servers';
import { TriggerRunner, json } from './runner';

/*
 * What the emulator never does but the docs allow: "a single entity [may] be contained multiple times
 * in the response" (delta query overview). A scripted Graph serves such rounds.
 */
const scripted = useFaultServer();

function serveRound(pages: object[][]): void {
	scripted.server.graph = (request) => {
		if (request.url.includes('deltatoken=latest'))
			return {
				status: 200,
				body: {
					value: [],
					'@odata.deltaLink': `${scripted.server.url}/v1.0/delta?$deltatoken=start`,
				},
			};
		if (request.url.includes('$filter='))
			return {
				status: 200,
				body: {
					value: [{ id: 'u1', createdDateTime: '2020-01-01T00:00:00Z' }],
					'@odata.deltaLink': `${scripted.server.url}/v1.0/delta?$deltatoken=x`,
				},
			};
		const index = request.url.includes('skiptoken=')
			? Number(/skiptoken=(\d+)/.exec(request.url)?.[1])
			: 0;
		const last = index === pages.length - 1;
		const link = last
			? { '@odata.deltaLink': `${scripted.server.url}/v1.0/delta?$deltatoken=end` }
			: { '@odata.nextLink': `${scripted.server.url}/v1.0/delta?$skiptoken=${index + 1}` };
		return { status: 200, body: { value: pages[index], ...link } };
	};
}

it('merges one object reported on two pages into one item with all its changed properties', async () => {
	const runner = new TriggerRunner({ event: 'userCreatedOrUpdated' }, credentials(scripted.server));
	serveRound([[{ id: 'u1', jobTitle: 'A' }], [], [{ id: 'u1', department: 'B' }]]);
	await runner.activate();
	expect(json(await runner.poll())).toEqual([
		{
			changeType: 'updated',
			resource: 'user',
			id: 'u1',
			jobTitle: 'A',
			department: 'B',
			changedProperties: ['jobTitle', 'department'],
		},
	]);
	// The empty middle page did not end the round.
	expect(
		scripted.server.graphRequests.filter((request) => request.url.includes('skiptoken')),
	).toHaveLength(2);
});

it('merges members@delta slices of one group across pages; the latest entry of a member wins', async () => {
	const runner = new TriggerRunner(
		{ event: 'groupMembershipChanged' },
		credentials(scripted.server),
	);
	const user = (id: string, removed = false) => ({
		'@odata.type': '#microsoft.graph.user',
		id,
		...(removed ? { '@removed': { reason: 'deleted' } } : {}),
	});
	serveRound([
		[{ id: 'g1', 'members@delta': [user('a'), user('b')] }],
		[{ id: 'g1', 'members@delta': [user('c'), user('a', true)] }],
	]);
	await runner.activate();
	expect(json(await runner.poll()).map((item) => [item.memberId, item.changeType])).toEqual([
		['a', 'memberRemoved'],
		['b', 'memberAdded'],
		['c', 'memberAdded'],
	]);
});

it('a user reported soft-deleted, then permanently deleted, in one round: the latest occurrence wins', async () => {
	const runner = new TriggerRunner({ event: 'userDeleted' }, credentials(scripted.server));
	serveRound([
		[
			{ id: 'u1', '@removed': { reason: 'changed' } },
			{ id: 'u2', '@removed': { reason: 'changed' } },
		],
		[{ id: 'u2', '@removed': { reason: 'deleted' } }],
	]);
	await runner.activate();
	expect(json(await runner.poll())).toEqual([
		{ changeType: 'deleted', resource: 'user', id: 'u1', deleteKind: 'soft' },
		{ changeType: 'deleted', resource: 'user', id: 'u2', deleteKind: 'permanent' },
	]);
});
