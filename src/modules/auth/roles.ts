import { ForbiddenError, UnauthenticatedError } from '../../errors.js';

export const ROLES = ['viewer', 'labeller', 'curator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is making a request: a token's name and role, the local dev admin, or the CLI. */
export interface Actor {
  name: string;
  role: Role;
  tokenId: number | null;
}

const RANK: Record<Role, number> = { viewer: 0, labeller: 1, curator: 2, admin: 3 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Services call this first: viewer < labeller < curator < admin. */
export function requireRole(actor: Actor | null, role: Role): Actor {
  if (!actor) throw new UnauthenticatedError();
  if (RANK[actor.role] < RANK[role]) throw new ForbiddenError(role, actor.role);
  return actor;
}
