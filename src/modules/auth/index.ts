/** auth: API tokens and roles. The public face other modules import. */
export { isRole, requireRole, type Actor, type Role } from './roles.js';
export { AuthService } from './service.js';
