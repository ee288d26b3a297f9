/**
 * Areas in src/lib depend downward (docs/decisions/0009-areas-depend-downward.md):
 *
 *   log                            (bottom of all: structured logs and security events; every area may log)
 *   db, i18n                       (bottom: storage, interface text, languages)
 *   http, mail                     (typed errors, forms, responses; the outbox)
 *   courses                        (course content and structure)
 *   auth, pdf                      (accounts and sessions; typesetting)
 *   assessment, certificates       (self-assessment; certificates and credentials)
 *   seo                            (sitemap, structured data, preview images)
 *   progress                       (enrolment, answers, completion, PDF access, page data)
 *   orgs                           (organisations, seats, invitations, assignments, team reports)
 *   tutoring                       (supervised enrolments, tutor reviews, the e-mail course clock)
 *   commerce                       (offers, checkout, payments, orders)
 *   discussions                    (lesson comments, moderation)
 *   account, admin, authoring, demo (top: composed from the areas below)
 *
 * An area may import its own files and the areas listed below it, never the ones above or
 * beside it. Type-only imports count too. `npm test` runs this check first (`npm run deps:check`).
 */
const AREAS = {
  log: [],
  db: [],
  i18n: [],
  http: ['i18n'],
  mail: ['i18n', 'db'],
  courses: ['i18n', 'http'],
  auth: ['db', 'i18n', 'http', 'mail', 'courses'],
  pdf: ['i18n', 'http', 'courses'],
  assessment: ['db', 'i18n', 'http', 'courses', 'auth'],
  certificates: ['db', 'i18n', 'http', 'courses', 'auth', 'pdf'],
  seo: ['db', 'i18n', 'http', 'courses', 'pdf', 'certificates'],
  progress: ['db', 'i18n', 'http', 'courses', 'auth', 'pdf', 'assessment', 'certificates', 'seo'],
  orgs: ['db', 'i18n', 'http', 'mail', 'courses', 'auth', 'assessment', 'certificates', 'progress'],
  tutoring: ['db', 'i18n', 'http', 'mail', 'courses', 'auth', 'progress'],
  commerce: ['db', 'i18n', 'http', 'mail', 'courses', 'auth', 'progress', 'orgs', 'tutoring'],
  discussions: ['db', 'i18n', 'http', 'mail', 'courses', 'auth', 'progress'],
  account: ['db', 'i18n', 'http', 'auth', 'certificates', 'progress', 'assessment', 'commerce', 'orgs', 'discussions', 'tutoring'],
  admin: ['db', 'i18n', 'http', 'auth', 'progress', 'certificates', 'commerce', 'orgs', 'tutoring'],
  authoring: ['i18n', 'courses', 'assessment'],
  demo: ['db', 'i18n', 'http', 'courses', 'auth', 'progress', 'certificates', 'assessment', 'orgs', 'discussions', 'tutoring'],
};

for (const [area, allowed] of Object.entries(AREAS)) if (area !== 'log') allowed.push('log');

const areaRules = Object.entries(AREAS).map(([area, allowed]) => ({
  name: `${area}-depends-downward`,
  comment: `src/lib/${area} may import only ${allowed.length ? allowed.join(', ') : 'itself'} from src/lib (see the map at the top of .dependency-cruiser.cjs)`,
  severity: 'error',
  from: { path: `^src/lib/${area}/` },
  to: { path: '^src/lib/', pathNot: [`^src/lib/${area}/`, ...allowed.map((a) => `^src/lib/${a}/`)] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere in src/lib.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { circular: true },
    },
    {
      name: 'lib-has-areas',
      comment: 'Every module in src/lib belongs to an area folder (the map above).',
      severity: 'error',
      from: { path: '^src/lib/[^/]+$' },
      to: {},
    },
    {
      name: 'known-areas-only',
      comment: 'A new area folder in src/lib needs its place in the map above.',
      severity: 'error',
      from: { path: `^src/lib/(?!(${Object.keys(AREAS).join('|')})/)` },
      to: {},
    },
    {
      name: 'lib-does-not-import-pages',
      comment: 'src/lib never imports pages, layouts or components.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/(pages|layouts|components)/' },
    },
    ...areaRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
    moduleSystems: ['es6'],
  },
};
