import crypto from 'node:crypto';
import { tx, type Db } from '../../db/connection.js';
import type { ApiTokenRow } from '../../db/schema/index.js';
import { BadUserInputError, NotFoundError, UnauthenticatedError } from '../../errors.js';
import { expectId, nowIso } from '../../ids.js';
import { checkFreeText } from '../../lib/text-guard.js';
import type { AuthRepository } from './repository.js';
import { isRole, requireRole, type Actor, type Role } from './roles.js';

const TOKEN_PREFIX = 'tst_';

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * API tokens: 32 random bytes, shown once, stored as sha256 (a fast hash is right for a
 * high-entropy secret, as GitHub does for its tokens). Roles: viewer < labeller < curator < admin.
 */
export class AuthService {
  /** Last-used timestamps are written at most once a minute per token. */
  private readonly touched = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly repo: AuthRepository,
  ) {}

  /** Creates a token; actor null means the local operator (CLI, first start). */
  createToken(actor: Actor | null, name: string, role: string): { token: string; row: ApiTokenRow } {
    if (actor) requireRole(actor, 'admin');
    if (!isRole(role)) throw new BadUserInputError('role must be viewer, labeller, curator or admin', { field: 'role' });
    if (!name.trim() || name.length > 100) throw new BadUserInputError('A token name is 1-100 characters', { field: 'name' });
    checkFreeText(name, 'name');
    const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
    const row = this.repo.insertToken({
      name: name.trim(),
      role: role as Role,
      tokenHash: hashToken(token),
      prefix: token.slice(0, 10),
      createdAt: nowIso(),
      createdBy: actor?.name ?? 'local',
      lastUsedAt: null,
      revokedAt: null,
    });
    return { token, row };
  }

  /** On a store with no tokens at all, creates the first admin token (returned once). */
  bootstrapAdminToken(): string | null {
    return tx(this.db, () => (this.repo.anyToken() ? null : this.createToken(null, 'admin (first start)', 'admin').token));
  }

  /** The actor behind an Authorization header value, or null when there is no header. */
  authenticate(header: string | undefined): Actor | null {
    if (!header) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) throw new UnauthenticatedError('Malformed Authorization header: expected "Bearer <token>"');
    const row = this.repo.byHash(hashToken(m[1]));
    if (!row || row.revokedAt) throw new UnauthenticatedError('Unknown or revoked API token');
    const now = Date.now();
    if ((this.touched.get(row.id) ?? 0) < now - 60_000) {
      this.touched.set(row.id, now);
      this.repo.touch(row.id, new Date(now).toISOString());
    }
    return { name: row.name, role: row.role, tokenId: row.id };
  }

  /** True while the token exists and is not revoked. */
  isActive(tokenId: number): boolean {
    const row = this.repo.byId(tokenId);
    return row !== undefined && row.revokedAt === null;
  }

  list(actor: Actor | null): ApiTokenRow[] {
    if (actor) requireRole(actor, 'admin');
    return this.repo.list();
  }

  revoke(actor: Actor | null, gidOrId: string | number): ApiTokenRow {
    if (actor) requireRole(actor, 'admin');
    const id = typeof gidOrId === 'number' ? gidOrId : expectId('ApiToken', gidOrId);
    const row = this.repo.byId(id);
    if (!row) throw new NotFoundError('ApiToken', String(gidOrId));
    return row.revokedAt ? row : this.repo.revoke(id, nowIso())!;
  }

  /** A stable random secret kept in the database (e.g. for signing media URLs). */
  secret(name: string): string {
    return this.repo.ensureSetting(name, crypto.randomBytes(32).toString('hex'));
  }
}
