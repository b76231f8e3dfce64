/**
 * The module graph as a rule set (npm run check:deps). Domain modules form a DAG:
 *   datasets <- versions <- items <- quality <- (augment, exports, trainer)
 * with auth, jobs and media beside them. A module reaches another only through that module's
 * public face (index.ts), never its repository or resolvers; src/media is pure (no GraphQL, no
 * database, no modules).
 */
const ORDER = ['datasets', 'versions', 'items', 'quality', 'augment', 'exports', 'trainer'];
/** Modules later in ORDER than `name` (it must not import them). */
const later = (name) => ORDER.slice(ORDER.indexOf(name) + 1);
const BESIDE = ['auth', 'jobs', 'media'];

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycle between files (a module cycle shows up as one too, or as an upward import below).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...ORDER.filter((m) => later(m).length).map((m) => ({
      name: `dag-${m}`,
      severity: 'error',
      comment: `${m} sits below ${later(m).join(', ')} in the module graph: it must not import them`,
      from: { path: `^src/modules/${m}/` },
      to: { path: `^src/modules/(${later(m).join('|')})/` },
    })),
    {
      name: 'beside-modules-stay-beside',
      severity: 'error',
      comment: 'auth, jobs and media serve every domain module; they import none of them',
      from: { path: `^src/modules/(${BESIDE.join('|')})/` },
      to: { path: `^src/modules/(${ORDER.join('|')})/` },
    },
    {
      name: 'no-foreign-repository-or-resolvers',
      severity: 'error',
      comment: "A module uses another through its public face, never its repository or resolvers",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/(repository|resolvers)\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'repositories-inside-their-module',
      severity: 'error',
      comment: 'Only a module itself (and the app wiring) opens its repository',
      from: { path: '^src/', pathNot: ['^src/modules/', '^src/app\\.ts$'] },
      to: { path: '^src/modules/[^/]+/repository\\.ts$' },
    },
    {
      name: 'media-is-pure',
      severity: 'error',
      comment: 'src/media holds pure media code: no GraphQL, no database, no server or modules',
      from: { path: '^src/media/' },
      to: { path: ['(^|/)node_modules/(graphql|@apollo|better-sqlite3|drizzle-orm)/', '^src/(errors|server|modules|db)(/|\\.ts$)'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs'] },
    exclude: { path: '^src/generated/' },
  },
};
