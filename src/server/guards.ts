import dns from 'node:dns/promises';
import net from 'node:net';
import type express from 'express';
import type { Logger } from 'pino';
import { AppError, StartupError, UnauthenticatedError } from '../errors.js';
import type { Actor } from '../modules/auth/roles.js';

/** True for an IP literal in 127.0.0.0/8 or ::1 (IPv4-mapped forms included). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '');
  if (net.isIPv4(a)) return a.split('.')[0] === '127';
  if (net.isIPv6(a)) {
    const lower = a.toLowerCase();
    if (lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped !== null && isLoopbackAddress(mapped[1]);
  }
  return false;
}

/** A name that may stand in a Host header or an Origin of a --dev server. */
function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || isLoopbackAddress(h);
}

/**
 * --dev gives every request admin rights, so it may only listen on loopback. The name is resolved
 * first: a check on the text alone lets "127.evil.example" through.
 */
export async function assertLoopbackBind(host: string): Promise<void> {
  let addresses: string[];
  if (net.isIP(host.replace(/^\[|\]$/g, ''))) addresses = [host];
  else {
    try {
      addresses = (await dns.lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw new StartupError(`--dev: cannot resolve --host "${host}"`);
    }
  }
  const outside = addresses.filter((a) => !isLoopbackAddress(a));
  if (addresses.length === 0 || outside.length) {
    throw new StartupError(
      `--dev gives every request admin rights, so it only binds a loopback address; "${host}" resolves to ${addresses.join(', ') || 'nothing'}`,
    );
  }
}

/** Host header (or URL authority) split into name and port; null when malformed. */
function splitAuthority(value: string): { hostname: string; port: number | null } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  return { hostname: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : null };
}

/** The Host header names this --dev server: a loopback name and, when it has one, our own port. */
export function isDevHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const a = splitAuthority(hostHeader);
  return a !== null && isLoopbackName(a.hostname) && (a.port === null ? port === 80 : a.port === port);
}

/** An Origin a --dev server accepts state-changing requests from: itself, or a configured CORS origin. */
export function isDevOrigin(origin: string, port: number, corsOrigins: readonly string[]): boolean {
  if (corsOrigins.includes('*') || corsOrigins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const p = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackName(url.hostname.replace(/^\[|\]$/g, '')) && p === port;
}

/** Answers an error before Apollo or the media routes run, in the shape the path's clients read. */
export function refuse(req: express.Request, res: express.Response, status: number, error: AppError): void {
  res.status(status);
  if (req.path.startsWith('/graphql') || req.baseUrl.startsWith('/graphql')) {
    res.json({ errors: [{ message: error.message, extensions: error.extensions }] });
  } else {
    res.json(error.toHttpBody());
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * --dev only: refuse requests whose Host is not a loopback name (a DNS-rebinding page reaches us
 * under its own name) and state-changing requests from a foreign Origin (a page posting to us).
 */
export function devGuard(opts: { port: () => number; corsOrigins: readonly string[] }): express.RequestHandler {
  return (req, res, next) => {
    const port = opts.port();
    const host = req.get('host');
    if (!isDevHost(host, port)) {
      refuse(req, res, 403, new AppError('FORBIDDEN', `--dev serves only requests addressed to localhost or a loopback address on port ${port}`, { reason: 'DEV_HOST' }));
      return;
    }
    const origin = req.get('origin');
    if (origin !== undefined && !SAFE_METHODS.has(req.method) && !isDevOrigin(origin, port, opts.corsOrigins)) {
      refuse(req, res, 403, new AppError('FORBIDDEN', `--dev refuses ${req.method} requests from the foreign origin ${origin}`, { reason: 'DEV_ORIGIN' }));
      return;
    }
    next();
  };
}

/**
 * Outside --dev, a /graphql request without a valid token is refused before its body is even
 * read: parsing and validating a query costs CPU, and an anonymous client must not be able to
 * make the server spend it. The actor is kept for the GraphQL context.
 */
export function requireToken(authenticate: (header: string | undefined) => Actor | null, log: () => Logger | undefined): express.RequestHandler {
  return (req, res, next) => {
    let actor: Actor | null;
    try {
      actor = authenticate(req.get('authorization'));
    } catch (e) {
      if (!(e instanceof AppError)) {
        log()?.error({ err: e }, 'unexpected error while authenticating');
        refuse(req, res, 500, new AppError('INTERNAL_SERVER_ERROR', 'Internal server error'));
        return;
      }
      refuse(req, res, 401, e);
      return;
    }
    if (!actor) {
      refuse(req, res, 401, new UnauthenticatedError());
      return;
    }
    res.locals.actor = actor;
    next();
  };
}
