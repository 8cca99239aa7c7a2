/**
 * Module boundaries (docs: ARCHITECTURE.md / STYLE.md). Direction: apps → flows → modules/<x>/index.ts
 * → platform. Run with `npm run depcruise`.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile and hide layering mistakes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved means the rules below cannot see it either.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'platform-not-upward',
      severity: 'error',
      comment: 'platform is the bottom layer: it must not know modules, flows or apps.',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|flows|apps)/' },
    },
    {
      name: 'modules-not-each-other',
      severity: 'error',
      comment: 'Modules never import each other; work that spans modules is a flow, reactions go through the outbox.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'module-only-via-index',
      severity: 'error',
      comment: "Outside a module, only its index.ts (the public surface) may be imported. Tests under test/ may reach internals.",
      from: { path: '^(src|scripts)/', pathNot: ['^src/modules/', '\\.test\\.ts$'] },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'modules-not-flows-or-apps',
      severity: 'error',
      comment: 'Modules sit below flows and apps.',
      from: { path: '^src/modules/' },
      to: { path: '^src/(flows|apps)/' },
    },
    {
      name: 'flows-not-apps',
      severity: 'error',
      comment: 'Flows sit below apps.',
      from: { path: '^src/flows/' },
      to: { path: '^src/apps/' },
    },
    {
      name: 'flow-steps-not-entry-flows',
      severity: 'error',
      comment: 'A step (flows/<process>/steps/) is composed by entry flows and jobs; it never calls one.',
      from: { path: '^src/flows/[^/]+/steps/' },
      to: { path: '^src/flows/', pathNot: '^src/flows/[^/]+/steps/' },
    },
    {
      name: 'transactions-in-application-layer',
      severity: 'error',
      comment:
        'A transaction is opened in one layer: use-cases (src/modules/<m>/use-cases/) and flows (src/flows/: entry flows and jobs). Routes, queries, domain code, http schemas and flow steps take the transaction they are given.',
      from: { path: '^src/', pathNot: ['^src/modules/[^/]+/use-cases/', '^src/flows/', '\\.test\\.ts$'] },
      to: { path: '^src/platform/db/transaction\\.ts$' },
    },
    {
      name: 'flow-steps-take-the-transaction',
      severity: 'error',
      comment: 'A step runs inside the transaction of the entry flow or job that composes it; it never opens one.',
      from: { path: '^src/flows/[^/]+/steps/' },
      to: { path: '^src/platform/db/transaction\\.ts$' },
    },
    {
      name: 'routes-only-in-apps-api-routes',
      severity: 'error',
      comment:
        'All of /v1/<resource> lives in src/apps/api/routes/<resource>.ts. Modules and flows register no routes: they do not import Fastify or the AppDeps every route plugin takes.',
      from: { path: '^src/(modules|flows)/' },
      to: { path: ['(^|/)node_modules/fastify/', '^src/platform/http/deps\\.ts$'] },
    },
    {
      name: 'api-plugins-only-in-apps-api',
      severity: 'error',
      comment: 'AppDeps is what a route plugin is given: only apps/api (buildApp, the route files) builds or takes it.',
      from: { path: '^src/', pathNot: ['^src/apps/api/', '^src/platform/http/'] },
      to: { path: '^src/platform/http/deps\\.ts$' },
    },
    {
      name: 'module-http-is-schemas-and-views',
      severity: 'error',
      comment:
        "A module's http/ holds request/response schemas, views (row → JSON) and renderers: it runs no query and opens no transaction. Row types may be imported as types.",
      from: { path: '^src/modules/[^/]+/http/' },
      to: {
        path: ['^src/modules/[^/]+/(db/[^/]+\\.queries|use-cases/)', '^src/platform/db/(database|transaction)\\.ts$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ is pure functions over plain data: no SQL, no HTTP, no drivers.',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: {
        path: [
          '^src/modules/[^/]+/(db|http)/',
          '^src/platform/(db|http)/',
          '(^|/)node_modules/(pg|pg-[^/]+|@electric-sql/pglite|fastify|@fastify/[^/]+|drizzle-orm)/',
        ],
      },
    },
    {
      name: 'domain-is-pure-builtins',
      severity: 'error',
      comment: 'domain/ does no I/O: no file system, network or child processes.',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|tls)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(data|bench-results|\\.test-tmp|\\.bench-tmp)/' },
    // Type-only imports count too: a cycle or a layering breach through types is still one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      // Sources import './x.js' that is really './x.ts' (TypeScript Bundler resolution); with
      // tsConfig set, dependency-cruiser maps the .js specifier onto the .ts file.
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
