/*
 * What n8n's nodes panel says about the nodes. The panel shows a node and its trigger (the node's type
 * name plus "Trigger": microsoftEntraId and microsoftEntraIdTrigger) as one entry, in the Actions and
 * in the Triggers list, under the node's display name and with the trigger's description. So the
 * action node and the polling trigger carry the same text, written for that entry: its actions and
 * its polling events. The instant trigger's type name has no such partner: it is an entry of its own.
 */

/** The one nodes-panel entry of the action node and the polling trigger. */
export const ADMIN_ENTRY_DESCRIPTION =
	'Manage users, groups, memberships, licenses and roles in Microsoft Entra ID (Azure AD) in bulk, or start a workflow when users or groups change (polling)';

/** The instant trigger's entry. */
export const INSTANT_ENTRY_DESCRIPTION =
	'Starts the workflow within seconds when users or groups change in Microsoft Entra ID (Graph change notifications, webhook)';
