import type { Logger } from 'pino';
import type { App } from '../app.js';
import { UnauthenticatedError, type AppError } from '../errors.js';
import type { Actor } from '../modules/auth/roles.js';
import type { CommandContext } from '../modules/command-context.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  app: App;
  /** null when the request carried no token (services answer UNAUTHENTICATED). */
  actor: Actor | null;
  /** Why a token was refused (a bad or revoked token), raised by the first resolver that needs an actor. */
  authError: AppError | null;
  loaders: Loaders;
  requestId: string;
  log: Logger;
  /** Origin used to make absolute media URLs. */
  baseUrl: string;
}

/** The actor, or UNAUTHENTICATED: for resolvers that need one before calling a service. */
export function actorOf(ctx: GraphQLContext): Actor {
  if (!ctx.actor) throw ctx.authError ?? new UnauthenticatedError();
  return ctx.actor;
}

/** The use-case context of a request (commands take it): UNAUTHENTICATED without an actor. */
export function commandContext(ctx: GraphQLContext): CommandContext {
  return { app: ctx.app, actor: actorOf(ctx) };
}
