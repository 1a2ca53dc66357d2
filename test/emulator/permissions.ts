import type { Ctx } from './context';
import { denied } from './errors';

/**
 * Permission model: each operation accepts any of its listed permissions, least privileged first
 * (Graph API pages, "Permissions" tables; higher ReadWrite permissions include the reads).
 */
const DIR_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const DIR_WRITE = ['Directory.ReadWrite.All'];

export const PERMS = {
	readUsers: ['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', ...DIR_READ],
	writeUsers: ['User.ReadWrite.All', ...DIR_WRITE],
	enableUsers: ['User.EnableDisableAccount.All', 'User.ReadWrite.All', ...DIR_WRITE],
	revokeSessions: ['User.RevokeSessions.All', 'User.ReadWrite.All', ...DIR_WRITE],
	readGroups: [
		'GroupMember.Read.All',
		'Group.Read.All',
		'GroupMember.ReadWrite.All',
		'Group.ReadWrite.All',
		...DIR_READ,
	],
	writeGroups: ['Group.ReadWrite.All', ...DIR_WRITE],
	createGroups: ['Group.Create', 'Group.ReadWrite.All', ...DIR_WRITE],
	writeMembers: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', ...DIR_WRITE],
	readMemberships: [
		'GroupMember.Read.All',
		'Group.Read.All',
		'User.Read.All',
		'GroupMember.ReadWrite.All',
		'Group.ReadWrite.All',
		'User.ReadWrite.All',
		...DIR_READ,
	],
	readLicenses: [
		'LicenseAssignment.Read.All',
		'LicenseAssignment.ReadWrite.All',
		'User.Read.All',
		'User.ReadWrite.All',
		...DIR_READ,
	],
	writeLicenses: ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', ...DIR_WRITE],
	readSkus: [
		'LicenseAssignment.Read.All',
		'LicenseAssignment.ReadWrite.All',
		'Organization.Read.All',
		'Organization.ReadWrite.All',
		...DIR_READ,
	],
	readOrganization: [
		'Organization.Read.All',
		'Organization.ReadWrite.All',
		'User.Read.All',
		'User.ReadWrite.All',
		...DIR_READ,
	],
	readAny: [
		'User.Read.All',
		'User.ReadWrite.All',
		'Group.Read.All',
		'Group.ReadWrite.All',
		'GroupMember.Read.All',
		'GroupMember.ReadWrite.All',
		...DIR_READ,
	],
};

export function requirePermission(ctx: Ctx, accepted: string[]): void {
	if (!accepted.some((permission) => ctx.token.permissions.has(permission))) throw denied();
}

export function isAppOnly(ctx: Ctx): boolean {
	return ctx.token.userId === undefined;
}
