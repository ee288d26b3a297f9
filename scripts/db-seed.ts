/**
 * `npm run db:seed`: demo accounts and progress for local use. With --if-empty it does nothing
 * when the database already has accounts (the quick start calls it that way on every start).
 */
import { createDb, databasePath } from '../src/lib/db/client.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, seedDemoData } from '../src/lib/demo/demo-data.ts';
import { checkContent } from '../src/lib/authoring/check.ts';

// Demo accounts share a published password: never on a public site.
if ((process.env.SITE_URL ?? '').startsWith('https://') && !process.argv.includes('--force')) {
  if (process.argv.includes('--if-empty')) process.exit(0);
  console.error('SITE_URL is https, so this looks like a public site: the demo accounts are not created (use --force for a private test system).');
  process.exit(1);
}
const db = createDb(databasePath());
if (!isEmpty(db)) {
  if (!process.argv.includes('--if-empty')) console.error('The database already has accounts; the seed only fills an empty database.');
  process.exit(process.argv.includes('--if-empty') ? 0 : 1);
}
const { courses } = await checkContent();
await seedDemoData(db, courses.filter((c) => !c.meta.draft));
db.$client.close();
console.log(`Seeded ${databasePath()} with demo accounts (local use only), password "${DEMO_PASSWORD}":`);
for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(24)} ${account.roles.join(', ') || 'learner'}`);
