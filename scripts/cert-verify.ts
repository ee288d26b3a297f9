/**
 * `npm run cert:verify -- <credential.json> [--offline] [--issuer <did:key:… | URL>]`
 *
 * Verifies an Open Badges 3.0 credential issued by Channelwise (or anyone else using the same
 * mechanism) and says why one fails. The signature is checked offline: the public key is inside
 * the issuer's did:key. The revocation status is read from the status list URL in the credential
 * unless --offline is given. --issuer pins the expected issuer: a did:key, or the URL of a
 * published issuer profile or key document (e.g. https://…/issuer/key.json). Without it, the
 * issuer is pinned to this installation's key when there is one (data/keys or ISSUER_KEY);
 * otherwise the report says that the issuer was not pinned (anyone can sign with a did:key).
 * Exit codes: 0 verified, 1 not verified, 2 wrong usage or unreadable file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyCredential } from '../src/lib/certificates/verify.ts';
import { existingIssuerDid } from '../src/lib/certificates/issuer-key.ts';

const usage = 'Usage: npm run cert:verify -- <credential.json | -> [--offline] [--issuer <did:key:… | https://…/issuer/key.json>]';

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, options: { offline: { type: 'boolean', default: false }, issuer: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
}
try {
  args = parse();
} catch (error) {
  console.error(`cert:verify: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (args.values.help || args.positionals.length !== 1) {
  console.error(usage);
  process.exit(args.values.help ? 0 : 2);
}

const file = args.positionals[0];
let text: string;
try {
  // npm runs scripts from the project root; read the path as the user typed it, from where they were.
  text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
} catch (error) {
  console.error(`cert:verify: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  process.exit(2);
}

/** The issuer id a pin names: a did directly, or the `controller`/`id` of a fetched document. */
async function expectedIssuer(pin: string): Promise<string> {
  if (pin.startsWith('did:')) return pin.split('#')[0];
  const response = await fetch(pin, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${pin} answered ${response.status}`);
  const document = (await response.json()) as { controller?: unknown; id?: unknown };
  const id = typeof document.controller === 'string' ? document.controller : document.id;
  if (typeof id !== 'string' || !id.startsWith('did:')) throw new Error(`${pin} names no issuer did (no "controller" or "id")`);
  return id;
}

let trustedIssuers: string[] | undefined;
let pinnedBy = '';
try {
  if (args.values.issuer) {
    trustedIssuers = [await expectedIssuer(args.values.issuer)];
    pinnedBy = args.values.issuer;
  } else {
    const local = existingIssuerDid();
    if (local) {
      trustedIssuers = [local];
      pinnedBy = "this installation's issuer key";
    }
  }
} catch (error) {
  console.error(`cert:verify: could not read the expected issuer: ${(error as Error).message}`);
  process.exit(2);
}

const report = await verifyCredential(text, { statusList: args.values.offline ? 'skip' : 'fetch', trustedIssuers });
const credential = report.credential as Record<string, any> | undefined;
if (credential && typeof credential === 'object') {
  const achievement = credential.credentialSubject?.achievement;
  console.log(`Credential: ${credential.id ?? '(no id)'}`);
  if (achievement?.name) console.log(`Achievement: ${achievement.name}${achievement.inLanguage ? ` (${achievement.inLanguage})` : ''}`);
  console.log(`Issuer: ${credential.issuer?.name ?? ''} ${credential.issuer?.id ?? credential.issuer ?? ''}`.trim());
  if (credential.validFrom) console.log(`Valid from: ${credential.validFrom}`);
}
for (const check of report.passed) console.log(`  ✓ ${check}${check === 'Issued by the expected issuer' ? ` (${pinnedBy})` : ''}`);
for (const reason of report.reasons) console.log(`  ✗ ${reason}`);
if (report.verified && !trustedIssuers) console.log('  ! Issuer not pinned: anyone can sign with their own did:key, and the issuer name is what the file says. Pass --issuer https://<site>/issuer/key.json to require that site\'s key.');
const caveats = [report.status === 'unchecked' ? 'revocation status not checked' : '', trustedIssuers ? '' : 'issuer not pinned'].filter(Boolean);
console.log(report.verified ? `VERIFIED${caveats.length ? ` (${caveats.join('; ')})` : ''}` : report.status === 'revoked' ? 'REVOKED' : 'NOT VERIFIED');
process.exit(report.verified ? 0 : 1);
