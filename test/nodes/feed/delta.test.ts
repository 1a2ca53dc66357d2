import type { IDataObject } from 'n8n-workflow';

import type { ObjectChange } from '../../../nodes/feed/delta';
import { changedProperties, mergeItem } from '../../../nodes/feed/delta';

describe('merging a round', () => {
	it('merges repeated objects (later wins) and unions members@delta slices', () => {
		const changes = new Map<string, ObjectChange>();
		mergeItem(
			changes,
			{
				id: 'g',
				displayName: 'A',
				'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: 'u1' }],
			},
			'membership',
		);
		mergeItem(
			changes,
			{
				id: 'g',
				'members@delta': [
					{ '@odata.type': '#microsoft.graph.user', id: 'u2', '@removed': { reason: 'deleted' } },
				],
			},
			'membership',
		);
		const group = changes.get('g')!;
		expect([...group.members!.entries()]).toEqual([
			['u1', { type: '#microsoft.graph.user', removed: false }],
			['u2', { type: '#microsoft.graph.user', removed: true }],
		]);
		mergeItem(changes, { id: 'u', displayName: 'old' } as IDataObject, 'createdOrUpdated');
		mergeItem(
			changes,
			{ id: 'u', displayName: 'new', jobTitle: 'x' } as IDataObject,
			'createdOrUpdated',
		);
		expect(changes.get('u')!.properties).toEqual({ id: 'u', displayName: 'new', jobTitle: 'x' });
		expect(changedProperties(changes.get('u')!)).toEqual(['displayName', 'jobTitle']);
	});
	it('keeps only the id for deletion events and the latest removal state', () => {
		const changes = new Map<string, ObjectChange>();
		mergeItem(changes, { id: 'u', displayName: 'x' }, 'deleted');
		mergeItem(changes, { id: 'u', '@removed': { reason: 'changed' } }, 'deleted');
		expect(changes.get('u')).toEqual({ id: 'u', properties: {}, removed: 'changed' });
	});
});
