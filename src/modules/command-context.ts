import type { App } from '../app.js';
import type { Actor } from './auth/roles.js';

/**
 * What a use case (a `commands/` file) runs with: the services, and who asks. Commands are the
 * layer above the module graph (docs/architecture.md): resolvers and the CLI call them, they call
 * modules' public faces, own the transaction boundary and the steps that cross modules.
 */
export interface CommandContext {
  app: App;
  actor: Actor;
}
