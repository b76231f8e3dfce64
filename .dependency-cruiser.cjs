/**
 * The module graph as a rule set (npm run check:deps). Domain modules form a DAG:
 *   datasets <- versions <- items <- quality <- coverage <- (augment, exports, trainer)
 * with auth, jobs and media beside them. A module reaches another only through that module's
 * public face (index.ts), never its repository or resolvers; src/media is pure (no GraphQL, no
 * database, no modules).
 */
const ORDER = ['datasets', 'versions', 'items', 'quality', 'coverage', 'augment', 'exports', 'trainer'];
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
      comment: `${m} sits below ${later(m).join(', ')} in the module graph: it must not import them (its commands/ may: they are the use-case layer)`,
      from: { path: `^src/modules/${m}/`, pathNot: `^src/modules/${m}/commands/` },
      to: { path: `^src/modules/(${later(m).join('|')})/` },
    })),
    {
      name: 'beside-modules-stay-beside',
      severity: 'error',
      comment: 'auth, jobs and media serve every domain module; they import none of them',
      from: { path: `^src/modules/(${BESIDE.join('|')})/` },
      to: { path: `^src/modules/(${[...ORDER, 'imports'].join('|')})/` },
    },
    {
      name: 'imports-above-items',
      severity: 'error',
      comment: 'imports write items; only commands reach quality and the modules above it',
      from: { path: '^src/modules/imports/', pathNot: '^src/modules/imports/commands/' },
      to: { path: `^src/modules/(${later('items').join('|')})/` },
    },
    {
      name: 'commands-are-the-top',
      severity: 'error',
      comment: 'Use cases are called by resolvers, the CLI and other use cases, never by services or repositories',
      from: { path: '^src/', pathNot: ['/commands/', '/resolvers\\.ts$', '^src/main\\.ts$'] },
      to: { path: '/commands/' },
    },
    {
      name: 'commands-use-public-faces',
      severity: 'error',
      comment: "A use case calls other modules through their services (via the app), never their repositories",
      from: { path: '/commands/' },
      to: { path: 'repository\\.ts$' },
    },
    {
      name: 'no-foreign-repository-or-resolvers',
      severity: 'error',
      comment: "A module uses another through its public face, never its repository or resolvers",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/([a-z-]*repository|resolvers)\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'through-the-public-face',
      severity: 'error',
      comment: "Between modules, only a module's index.ts is imported: the rest is its inside",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'repositories-inside-their-module',
      severity: 'error',
      comment: 'Only a module itself (and the app wiring) opens its repository',
      from: { path: '^src/', pathNot: ['^src/modules/', '^src/app\\.ts$'] },
      to: { path: '^src/modules/[^/]+/[a-z-]*repository\\.ts$' },
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
