import type { IDataObject } from 'n8n-workflow';

export interface ServicePlan {
	servicePlanId: string;
	servicePlanName: string;
	appliesTo?: string;
}

/** The parts of a subscribedSku this node reads. */
export interface SubscribedSku extends IDataObject {
	skuId: string;
	skuPartNumber: string;
	consumedUnits?: number;
	prepaidUnits?: { enabled?: number; suspended?: number; warning?: number; lockedOut?: number };
	servicePlans?: ServicePlan[];
}

/**
 * Units that can still be assigned: enabled plus warning (a subscription in its grace period still
 * takes assignments; only suspended and locked-out units cannot be assigned, per Graph's
 * licenseUnitsDetail resource) minus consumed, never below 0.
 */
export function assignableUnits(sku: SubscribedSku): number {
	const units = sku.prepaidUnits ?? {};
	return Math.max(0, (units.enabled ?? 0) + (units.warning ?? 0) - (sku.consumedUnits ?? 0));
}

/*
 * Product and service plan names, from Microsoft's "Product names and service plan identifiers for
 * licensing" (https://learn.microsoft.com/en-us/entra/identity/users/licensing-service-plan-reference,
 * the page's table and its CSV, "last updated on October 29, 2025"; SPE_E3 and SPE_E5 as the
 * Windows Autopatch prerequisites page lists them from it). Graph's subscribedSku has only the
 * String ID (skuPartNumber) and the plans' string IDs; the names a person knows ("Office 365 E3")
 * are in that table alone, and there is no network at run time, so the common SKUs and their plans
 * are kept here. A SKU or plan that is not listed shows its string ID, as before.
 */

/** skuId (lower case) -> [String ID, Product name]. */
const PRODUCTS: Record<string, [string, string]> = {
	'2b9c8e7c-319c-43a2-a2a0-48c5c6161de7': ['AAD_BASIC', 'Microsoft Entra Basic'],
	'078d2b04-f1bd-4111-bbd4-b4b1b354cef4': ['AAD_PREMIUM', 'Microsoft Entra ID P1'],
	'84a661c4-e949-4bd2-a560-ed7766fcaf2b': ['AAD_PREMIUM_P2', 'Microsoft Entra ID P2'],
	'6fd2c87f-b296-42f0-b197-1e91e994b900': ['ENTERPRISEPACK', 'Office 365 E3'],
	'b57282e3-65bd-4252-9502-c0eae1e5ab7f': [
		'Office_365_w/o_Teams_Bundle_E1',
		'Office 365 E1 EEA (no Teams)',
	],
	'46c3a859-c90d-40b3-9551-6178a48d5c18': ['Office_365_E3_(no_Teams)', 'Office 365 E3 (no Teams)'],
	'6634e0ce-1a9f-428c-a498-f84ec7b8aa2e': ['STANDARDWOFFPACK', 'Office 365 E2'],
	'05e9a617-0261-4cee-bb44-138d3ef5d965': ['SPE_E3', 'Microsoft 365 E3'],
	'06ebc4ee-1bb5-47dd-8120-11324bc54e06': ['SPE_E5', 'Microsoft 365 E5'],
	'44575883-256e-4a79-9da4-ebe9acabe2b2': ['M365_F1', 'Microsoft 365 F1'],
	'66b55226-6b4f-492c-910c-a3b7a3c9d993': ['SPE_F1', 'Microsoft 365 F3'],
	'639dec6b-bb19-468b-871c-c5c441c4b0cb': ['Microsoft_365_Copilot', 'Copilot for Microsoft 365'],
	'0c266dff-15dd-4b49-8397-2bb16070ed52': ['MCOMEETADV', 'Microsoft 365 Audio Conferencing'],
	'e43b5b99-8dfb-405f-9987-dc307f34bcbd': ['MCOEV', 'Microsoft Teams Phone Standard'],
	'6070a4c8-34c6-4937-8dfb-39bbc6397a60': ['MEETING_ROOM', 'Microsoft Teams Rooms Standard'],
	'4cde982a-ede4-4409-9ae6-b003453c8ea6': [
		'Microsoft_Teams_Rooms_Pro',
		'Microsoft Teams Rooms Pro',
	],
	'c52ea49f-fe5d-4e95-93ba-1de91d380f89': [
		'RIGHTSMANAGEMENT',
		'Azure Information Protection Plan 1',
	],
	'6a0f6da5-0b87-4190-a6ae-9bb5a2b9546a': ['WIN10_VDA_E3', 'Windows 10/11 Enterprise E3'],
	'488ba24a-39a9-4473-8ee5-19291e71b002': ['WIN10_VDA_E5', 'Windows 10/11 Enterprise E5'],
};

/** servicePlanId (lower case) -> the plan's friendly name. */
const PLANS: Record<string, string> = {
	'113feb6c-3fe4-4440-bddc-54d774bf0318': 'Exchange Foundation',
	'efb87545-963c-4e0d-99df-69c6916d9eb0': 'Exchange Online (Plan 2)',
	'9aaf7827-d63c-4b61-89c3-182f06f82e5c': 'Exchange Online (Plan 1)',
	'5dbe027f-2339-4123-9542-606e4d348a72': 'SharePoint (Plan 2)',
	'c7699d2e-19aa-44de-8edf-1736da088ca1': 'SharePoint (Plan 1)',
	'57ff2da0-773e-42df-b2af-ffb7a2317929': 'Microsoft Teams',
	'43de0ff5-c92c-492b-9116-175376d08c38': 'Microsoft 365 Apps for Enterprise',
	'bea4c11e-220a-4e6d-8eb8-8ea15d019f90': 'Azure Rights Management',
	'0feaeb32-d00e-4d66-bd5a-43b5b83db82c': 'Skype for Business Online (Plan 2)',
	'a23b959c-7ce8-4e57-9140-b90eb88a9e97': 'Sway',
	'b737dad2-2f6c-4c65-90e3-ca563267e8b9': 'Microsoft Planner',
	'e95bec33-7c88-4a70-8e19-b10bd9d0c014': 'Office for the Web',
	'7547a3fe-08ee-4ccb-b430-5077c5041653': 'Yammer Enterprise',
	'2789c901-c14e-48ab-a76a-be334d9d793a': 'Microsoft Forms (Plan E3)',
	'199a5c09-e0ca-4e37-8f7c-b05d533e1ea2': 'Microsoft Bookings',
	'94065c59-bc8e-4e8b-89e5-5138d471eaff': 'Microsoft Search',
	'882e1d05-acd1-4ccb-8708-6ee03664b117': 'Mobile Device Management for Office 365',
	'9e700747-8b1d-45e5-ab8d-ef187ceec156': 'Microsoft Stream for Office 365 E3',
	'c87f142c-d1e9-4363-8630-aaea9c4d9ae5': 'To-Do (Plan 2)',
	'94a54592-cd8b-425e-87c6-97868b000b91': 'Whiteboard (Plan 2)',
	'c68f8d98-5534-41c8-bf36-22fa496fa792': 'Power Apps for Office 365',
	'76846ad7-7776-4c40-a281-a386362dd1b9': 'Power Automate for Office 365',
	'33c4f319-9bdd-48d6-9c4d-410b750a4a5a': 'Insights by MyAnalytics',
	'8c7d2df8-86f0-4902-b2ed-a0458298f3b3': 'Microsoft StaffHub',
	'41781fb2-bc02-4b7c-bd55-b576c07bb09d': 'Microsoft Entra ID P1',
	'eec0eb4f-6444-4f95-aba0-50c24d67f998': 'Microsoft Entra ID P2',
	'8a256a2b-b617-496d-b51b-e76466e88db0': 'Microsoft Azure Multi-Factor Authentication',
	'c1ec4a95-1f05-45b3-a911-aa3fa01094f5': 'Microsoft Intune Plan 1',
	'4828c8ec-dc2e-4779-b502-87ac9ce28ab7': 'Microsoft 365 Phone System',
	'3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40': 'Microsoft 365 Audio Conferencing',
	'70d33638-9c74-4d01-bfd3-562de28bd4ba': 'Power BI Pro',
	'871d91ec-ec1a-452b-a83f-bd76c7d770ef': 'Microsoft Defender for Endpoint',
	'f20fedf3-f3c3-43c3-8267-2bfdd51c0939': 'Microsoft Defender for Office 365 (Plan 1)',
	'8e0c0a52-6a6c-4d40-8370-dd62790dcd70': 'Microsoft Defender for Office 365 (Plan 2)',
	'2e2ddb96-6af9-4b1d-a3f0-d6ecfd22edb2': 'Microsoft Defender for Cloud Apps',
	'14ab5db5-e6c4-4b20-b4bc-13e36fd2227f': 'Microsoft Defender for Identity',
	'6c57d4b6-3b23-47a5-9bc9-69f17b4947b3': 'Azure Information Protection Premium P1',
	'5689bec4-755d-4753-8b61-40975025187c': 'Azure Information Protection Premium P2',
};

/** Microsoft's product name and String ID of a SKU, when the table has it. */
export function productOf(
	skuId: string,
): { skuPartNumber: string; productName: string } | undefined {
	const entry = PRODUCTS[skuId.toLowerCase()];
	return entry ? { skuPartNumber: entry[0], productName: entry[1] } : undefined;
}

/** What a person reads for a SKU: its product name when known, else its String ID (skuPartNumber). */
export function skuLabel(sku: Pick<SubscribedSku, 'skuId' | 'skuPartNumber'>): string {
	return productOf(sku.skuId)?.productName ?? sku.skuPartNumber;
}

/** What a person reads for a service plan: its friendly name when known, else its String ID. */
export function servicePlanLabel(plan: ServicePlan): string {
	return PLANS[plan.servicePlanId.toLowerCase()] ?? plan.servicePlanName;
}
