import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import cors from 'cors';
import express from 'express';
import { Kind, type GraphQLError, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';
import { pino, type Logger } from 'pino';
import type { App } from '../app.js';
import { AppError, BadUserInputError, clipMessage, StartupError } from '../errors.js';
import { findIllFormed } from '../lib/text-guard.js';
import type { Actor } from '../modules/auth/roles.js';
import type { GraphQLContext } from './context.js';
import { createLoaders } from './loaders.js';
import { createMediaRouter } from './media-routes.js';
import { assertLoopbackBind, devGuard, isLoopbackAddress, requireToken } from './guards.js';
import { buildSchema } from './schema.js';

/** Codes graphql-js / Apollo give to a client's own mistakes: safe to show as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** A literal loopback address or localhost (names are resolved by assertLoopbackBind before binding). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

/** Masks anything that is not one of our errors or a client mistake: no stacks or SQL leak. */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return formatted;
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    // graphql-js echoes a bad variable's value in full: cut it.
    return { message: clipMessage(formatted.message), locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function loggingPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const e of errors) {
            const original = unwrapResolverError(e);
            if (original instanceof AppError) continue;
            const code = (e.extensions as { code?: string } | undefined)?.code;
            // The client's mistake (a parse, validation or input-coercion error): not worth an error log.
            if (code && CLIENT_CODES.has(code)) {
              contextValue.log.debug({ code, message: e.message }, 'client error in a GraphQL request');
              continue;
            }
            contextValue.log.error({ err: original }, 'unexpected error in a GraphQL request');
          }
        },
      };
    },
  };
}

/**
 * Refuses, before execution, variables holding text that cannot be stored faithfully (lone
 * surrogates: SQLite would turn them into U+FFFD) and introspection for anonymous clients.
 */
function inputGuardPlugin(introspection: 'authenticated' | 'off'): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, contextValue }) {
          const bad = findIllFormed(request.variables ?? {}, '$variables');
          if (bad) throw new BadUserInputError(`${bad} is not well-formed Unicode (it holds a lone surrogate)`, { field: bad });
          if (introspection === 'off' || !contextValue.actor) {
            if (operation && selectsIntrospection(operation)) {
              throw new AppError('FORBIDDEN', introspection === 'off' ? 'Introspection is turned off on this server (TUNESET_INTROSPECTION=off)' : 'Introspection needs an API token');
            }
          }
        },
      };
    },
  };
}

/** True when the operation asks for __schema or __type (fragments of it are looked at by name only). */
function selectsIntrospection(operation: OperationDefinitionNode): boolean {
  const walk = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD ? s.name.value === '__schema' || s.name.value === '__type' || walk(s.selectionSet) : s.kind === Kind.INLINE_FRAGMENT ? walk(s.selectionSet) : false,
    );
  return walk(operation.selectionSet);
}

/** graphql-armor throws by default (a 500); report its rejections as ordinary validation errors. */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
};

export interface RunningServer {
  url: string;
  server: http.Server;
  stop(): Promise<void>;
}

/** Builds the HTTP app: /graphql (Apollo), /media (upload/download), /healthz. */
export async function startServer(app: App, opts: { logger?: Logger } = {}): Promise<RunningServer> {
  const { config } = app;
  if (config.dev) await assertLoopbackBind(config.host);
  const log = opts.logger ?? pino({ level: config.logLevel });
  const expressApp = express();
  expressApp.disable('x-powered-by');
  const httpServer = http.createServer(expressApp);

  /** Origin of Media.url: TUNESET_PUBLIC_URL, else the address the server is bound to (set at listen). */
  let baseUrl = '';
  let boundPort = config.port;
  const authenticate = async (req: express.Request): Promise<Actor | null> => {
    const actor = app.auth.authenticate(req.get('authorization'));
    if (actor) return actor;
    return config.dev ? { name: 'dev', role: 'admin', tokenId: null } : null;
  };

  expressApp.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = id;
    res.locals.log = log.child({ requestId: id });
    res.setHeader('x-request-id', id);
    next();
  });
  if (config.dev) expressApp.use(devGuard({ port: () => boundPort, corsOrigins: config.corsOrigins }));
  if (config.corsOrigins.length) {
    expressApp.use(
      cors({
        origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
        allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'apollo-require-preflight'],
        exposedHeaders: ['x-request-id', 'content-length', 'content-range', 'etag'],
        maxAge: 600,
      }),
    );
  }
  expressApp.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  expressApp.use(
    createMediaRouter({
      media: app.media,
      authenticate,
      logError: (err, req) => (req.res?.locals.log as Logger | undefined)?.error({ err }, 'unexpected error in /media'),
    }),
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection !== 'off',
    // "Did you mean …" hints name schema fields: hidden with introspection.
    hideSchemaDetailsFromClientErrors: config.introspection === 'off',
    // The lexer stops at this many tokens: a huge document costs no more than a small one.
    parseOptions: { maxTokens: config.maxQueryTokens },
    // Static limits, checked before execution: deep, alias-heavy or costly operations are refused
    // with GRAPHQL_VALIDATION_FAILED instead of running.
    validationRules: [
      maxDepthRule({ n: config.maxQueryDepth, flattenFragments: true, ...reportAsValidationError }),
      maxAliasesRule({ n: config.maxQueryAliases, ...reportAsValidationError }),
      costLimitRule({ maxCost: config.maxQueryCost, ...reportAsValidationError }),
    ],
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), loggingPlugin(), inputGuardPlugin(config.introspection)],
  });
  await apollo.start();
  expressApp.use(
    '/graphql',
    // Outside --dev, no token => refused here, before the body is read or parsed.
    ...(config.dev ? [] : [requireToken((h) => app.auth.authenticate(h), () => log)]),
    express.json({ limit: config.maxGraphqlBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => {
        let actor: Actor | null = (res.locals.actor as Actor | undefined) ?? null;
        let authError: AppError | null = null;
        try {
          actor ??= await authenticate(req);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          authError = e;
        }
        return {
          app,
          actor,
          authError,
          loaders: createLoaders(app),
          requestId: res.locals.requestId as string,
          log: res.locals.log as Logger,
          // Never from the request's Host header: signed links must not point at another host.
          baseUrl,
        };
      },
    }),
  );
  expressApp.use((_req, res) => {
    res.status(404).json({ code: 'NOT_FOUND', message: 'No such route' });
  });
  // Errors raised before Apollo runs (body parsing: malformed JSON, a body over the limit, an
  // unsupported charset) answer as JSON, never with Express's HTML page and its stack trace.
  expressApp.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    if (status >= 500 || !e.expose) {
      (res.locals.log as Logger | undefined)?.error({ err }, 'unexpected error in an HTTP request');
      res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      return;
    }
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message: e.message ?? 'Bad request', extensions: { code } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND'
          ? new StartupError(`cannot listen on ${config.host}:${config.port}: ${e.code}`)
          : e,
      );
    });
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const addr = httpServer.address() as AddressInfo;
  boundPort = addr.port;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  baseUrl = config.publicUrl?.replace(/\/+$/, '') ?? `http://${host}:${addr.port}`;
  return {
    url: `http://${host}:${addr.port}`,
    server: httpServer,
    stop: async () => {
      await apollo.stop();
    },
  };
}
