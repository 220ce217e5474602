// The layers of src/, checked by `npm run lint` (dependency-cruiser). One way only:
//   composition root (main.ts, app.*, cli/, openapi.ts)
//     -> dialects (milliner, sso, client-app) -> accounts -> events -> database
//     -> infrastructure (redis, config, metrics, logging) -> common (a leaf)
// health/ (readiness checks) sits beside the dialects, above database and redis.
// A layer may import any layer below it, never one above it, and dialects never import
// each other.
/** @type {import('dependency-cruiser').IConfiguration} */
const below = {
  common: [],
  config: ['common'],
  metrics: ['common', 'config'],
  logging: ['common', 'config'],
  redis: ['common', 'config', 'metrics'],
  database: ['common', 'config'],
  events: ['common', 'config', 'metrics', 'database'],
  accounts: ['common', 'config', 'metrics', 'redis', 'database', 'events'],
  dialect: ['common', 'config', 'metrics', 'redis', 'database', 'events', 'accounts'],
  health: ['common', 'config', 'metrics', 'redis', 'database'],
};
const DIALECTS = ['milliner', 'sso', 'client-app'];
const folders = (names) => `^src/(${names.join('|')})/`;
const outside = (own, allowed) => `^src/(?!(${[...own, ...allowed].join('|')})/)`;

const layerRule = (name, own, allowed, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: folders(own) },
  to: { path: outside(own, allowed) },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle between modules (and so between folders) of src/.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    layerRule('common-is-a-leaf', ['common'], below.common, 'common/ imports nothing of src/.'),
    layerRule('config-layer', ['config'], below.config, 'config/ imports only common/.'),
    layerRule(
      'metrics-layer',
      ['metrics'],
      below.metrics,
      'metrics/ imports only config/ and common/.',
    ),
    layerRule('logging-layer', ['logging'], below.logging, 'logging/ imports only config/ and common/.'),
    layerRule(
      'health-layer',
      ['health'],
      below.health,
      'health/ checks the database and Redis; it never imports a feature or the root.',
    ),
    layerRule(
      'database-imports-no-feature',
      ['database'],
      below.database,
      'database/ knows no feature: entities are registered by their own modules (forFeature, autoLoadEntities).',
    ),
    layerRule(
      'events-layer',
      ['events'],
      below.events,
      'events/ never imports accounts/, a dialect or the root.',
    ),
    layerRule(
      'accounts-layer',
      ['accounts'],
      below.accounts,
      'accounts/ never imports a dialect or the root.',
    ),
    ...DIALECTS.map((dialect) =>
      layerRule(
        `${dialect}-layer`,
        [dialect],
        below.dialect,
        `${dialect}/ imports the layers below it, never another dialect or the root.`,
      ),
    ),
    {
      name: 'domain-without-http',
      severity: 'error',
      comment:
        'accounts/ and events/ throw domain errors, never HTTP ones, and know nothing of express (HTTP exception classes of @nestjs/common are refused by ESLint).',
      from: { path: '^src/(accounts|events)/' },
      to: { path: '^node_modules/(express|@nestjs/platform-express|body-parser|helmet|cors)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
