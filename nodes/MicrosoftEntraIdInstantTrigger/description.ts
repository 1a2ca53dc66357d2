import type { INodeProperties } from 'n8n-workflow';

import { EVENT_SUBTITLE, triggerProperties } from '../feed';

/** The canvas subtitle: the event's display name, from the same table as the polling trigger's. */
export const INSTANT_EVENT_SUBTITLE = EVENT_SUBTITLE;

/**
 * The polling trigger's parameters (same events, options and output), with a notice that says how
 * this node learns about changes and what it needs from n8n's setup. A new array of its own: the
 * polling trigger's gets n8n's Poll Times put in front of it, which this node has no use for.
 */
export function instantTriggerProperties(): INodeProperties[] {
	return triggerProperties().map((property) =>
		property.type === 'notice'
			? {
					...property,
					displayName:
						"Microsoft Graph notifies this node of changes (change notifications); it then reads them with a delta query, so the items are the same as the polling trigger's. Graph only calls HTTPS URLs: n8n's webhook URL (WEBHOOK_URL) must be HTTPS and reachable from the internet. Activating the workflow records the current state: only later changes are emitted.",
				}
			: property,
	);
}
