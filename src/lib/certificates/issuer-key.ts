/**
 * The platform's signing key for credentials: an Ed25519 key whose public half is the issuer's
 * identity (`did:key:…`), so anyone can verify a credential offline without asking us.
 * Read from ISSUER_KEY (the JSON of the key file) when set; otherwise from data/keys/, where it is
 * created on first use with permissions 0600. Losing the key means new credentials get a new
 * issuer id; old ones stay verifiable (the public key is inside their did:key).
 */
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey';
import type { Ed25519MultikeyKeyPair } from '@digitalcredentials/ed25519-multikey';

export interface IssuerKey {
  /** The issuer id in every credential: `did:key:<publicKeyMultibase>`. */
  did: string;
  /** The verification method the proofs name: `<did>#<publicKeyMultibase>`. */
  keyId: string;
  publicKeyMultibase: string;
  keyPair: Ed25519MultikeyKeyPair;
}

/** The key is missing, unreadable or inconsistent: credentials cannot be signed until it is fixed. */
export class IssuerKeyError extends Error {
  override name = 'IssuerKeyError';
}

interface StoredKey {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export function keysDir(): string {
  return path.resolve(process.env.KEYS_DIR ?? 'data/keys');
}

export function issuerKeyFile(): string {
  return path.join(keysDir(), 'issuer-ed25519.json');
}

function parseStored(text: string, origin: string): StoredKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new IssuerKeyError(`${origin} is not valid JSON; expected {"publicKeyMultibase": "z6Mk…", "secretKeyMultibase": "zrv…"}`);
  }
  const key = value as Partial<StoredKey>;
  if (typeof key.publicKeyMultibase !== 'string' || typeof key.secretKeyMultibase !== 'string') {
    throw new IssuerKeyError(`${origin} needs "publicKeyMultibase" and "secretKeyMultibase" (an Ed25519 Multikey)`);
  }
  return { publicKeyMultibase: key.publicKeyMultibase, secretKeyMultibase: key.secretKeyMultibase };
}

/** Reads the key file, creating it (exclusively, 0600) when there is none yet. */
async function readOrCreateKeyFile(file: string): Promise<StoredKey> {
  try {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) console.warn(`[certificates] ${file} can be read by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
    return parseStored(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const generated = await Ed25519Multikey.generate();
  const stored: StoredKey = { publicKeyMultibase: generated.publicKeyMultibase, secretKeyMultibase: generated.secretKeyMultibase! };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  // Written whole to a temporary file, then linked into place: a second process starting at the
  // same moment either wins the link or reads the complete file of the one that did.
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(stored, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
    console.log(`[certificates] created the issuer signing key in ${file}`);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseStored(readFileSync(file, 'utf8'), file);
  } finally {
    unlinkSync(temporary);
  }
}

async function toIssuerKey(stored: StoredKey, origin: string): Promise<IssuerKey> {
  const did = `did:key:${stored.publicKeyMultibase}`;
  const keyId = `${did}#${stored.publicKeyMultibase}`;
  let keyPair: Ed25519MultikeyKeyPair;
  let matches = false;
  try {
    keyPair = await Ed25519Multikey.from({ type: 'Multikey', id: keyId, controller: did, ...stored });
    // A public key that does not belong to the secret key would sign credentials nobody can verify.
    const data = new TextEncoder().encode('channelwise issuer key check');
    matches = await keyPair.verifier().verify({ data, signature: await keyPair.signer().sign({ data }) });
  } catch (error) {
    throw new IssuerKeyError(`${origin} does not hold a usable Ed25519 key: ${(error as Error).message}`);
  }
  if (!matches) throw new IssuerKeyError(`${origin}: publicKeyMultibase does not belong to secretKeyMultibase`);
  return { did, keyId, publicKeyMultibase: stored.publicKeyMultibase, keyPair };
}

let cached: { source: string; key: Promise<IssuerKey> } | undefined;

/** The issuer key (from ISSUER_KEY or data/keys), loaded once per process and source. */
export function loadIssuerKey(): Promise<IssuerKey> {
  const fromEnv = process.env.ISSUER_KEY;
  const source = fromEnv ? `env:${fromEnv}` : issuerKeyFile();
  if (cached?.source !== source) {
    const origin = fromEnv ? 'ISSUER_KEY' : source;
    const stored = fromEnv ? Promise.resolve().then(() => parseStored(fromEnv, origin)) : readOrCreateKeyFile(source);
    const key = stored
      .catch((error: Error) => {
        throw error instanceof IssuerKeyError ? error : new IssuerKeyError(`${origin}: ${error.message}`);
      })
      .then((value) => toIssuerKey(value, origin));
    key.catch(() => (cached = undefined));
    cached = { source, key };
  }
  return cached.key;
}

/** This installation's issuer id if it has a key already (never creates one); for pinning in cert:verify. */
export function existingIssuerDid(): string | null {
  const text = process.env.ISSUER_KEY ?? (existsSync(issuerKeyFile()) ? readFileSync(issuerKeyFile(), 'utf8') : null);
  return text ? `did:key:${parseStored(text, process.env.ISSUER_KEY ? 'ISSUER_KEY' : issuerKeyFile()).publicKeyMultibase}` : null;
}

/** The public key as a Multikey document (what /issuer/key.json publishes). */
export function publicKeyDocument(key: IssuerKey) {
  return {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: key.keyId,
    type: 'Multikey',
    controller: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
  };
}
