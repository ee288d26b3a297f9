/**
 * Verifying an Open Badges credential the way a wallet or an employer's software would, with a
 * reason for every failure: the JSON, the shape, the Data Integrity proof (offline: the key is
 * in the issuer's did:key), optionally the expected issuer, and the revocation status list.
 */
import * as vc from '@digitalcredentials/vc';
import { DataIntegrityProof } from '@digitalcredentials/data-integrity';
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalcredentials/vc-bitstring-status-list';
import { documentLoader, OPEN_BADGES_CONTEXT, VC_CONTEXT, type Json } from './credential.ts';

export interface VerificationReport {
  /** True when every check passed (and the status was checked and is not revoked, unless skipped). */
  verified: boolean;
  /** `valid`, `revoked`, `invalid` (proof or shape), or `unchecked` (valid proof, status not looked up). */
  status: 'valid' | 'revoked' | 'invalid' | 'unchecked';
  /** Why verification failed, in plain words; empty when it passed. */
  reasons: string[];
  /** What was checked and passed, for the command's report. */
  passed: string[];
  credential?: Json;
}

export interface VerifyOptions {
  /**
   * How to read the status list: `fetch` (default) loads it from its URL, `skip` leaves the status
   * unchecked (offline), or a function returns the status list credential for a URL.
   */
  statusList?: 'fetch' | 'skip' | ((url: string) => Promise<Json | undefined>);
  /** Issuer ids (did:key) to accept; when given, a credential from any other issuer fails. */
  trustedIssuers?: string[];
}

function errorMessages(error: unknown): string[] {
  if (!error || typeof error !== 'object') return [String(error)];
  const e = error as Error & { errors?: unknown[]; cause?: unknown };
  if (Array.isArray(e.errors) && e.errors.length) return e.errors.flatMap(errorMessages);
  return [e.message ?? String(error)];
}

function explain(message: string): string {
  if (/invalid signature/i.test(message)) return 'The signature does not match the content: the credential was changed after it was signed, or signed with another key.';
  if (/safe mode/i.test(message)) return `The credential contains a term the Open Badges vocabulary does not define, so it was changed or is malformed (${message}).`;
  if (/not found|resolve|verification method/i.test(message)) return `The key named in the proof could not be resolved (${message}).`;
  return message;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Checks the parts of the shape a valid certificate credential must have, before the proof. */
function shapeProblems(credential: Json): string[] {
  const problems: string[] = [];
  const contexts = asArray(credential['@context']);
  if (contexts[0] !== VC_CONTEXT) problems.push(`The first @context must be ${VC_CONTEXT}.`);
  if (!contexts.includes(OPEN_BADGES_CONTEXT)) problems.push(`The @context must include the Open Badges 3.0 context ${OPEN_BADGES_CONTEXT}.`);
  const types = asArray(credential.type);
  if (!types.includes('VerifiableCredential') || !types.includes('OpenBadgeCredential')) problems.push('The type must include VerifiableCredential and OpenBadgeCredential.');
  if (!issuerIdOf(credential)) problems.push('The credential names no issuer.');
  const proof = credential.proof as Json | undefined;
  if (!proof || typeof proof !== 'object') problems.push('The credential has no proof: it is not signed.');
  else if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') problems.push(`The proof is ${String(proof.type)}/${String(proof.cryptosuite)}; expected DataIntegrityProof with eddsa-rdfc-2022.`);
  return problems;
}

export function issuerIdOf(credential: Json): string | undefined {
  const issuer = credential.issuer as Json | string | undefined;
  const id = typeof issuer === 'string' ? issuer : issuer?.id;
  return typeof id === 'string' && id ? id : undefined;
}

async function fetchJson(url: string): Promise<Json> {
  if (!/^https?:\/\//.test(url)) throw new Error(`${url} is not an http(s) URL`);
  const response = await fetch(url, { headers: { accept: 'application/vc+ld+json, application/json' }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as Json;
}

/** Verifies a credential given as JSON text or as a parsed object. */
export async function verifyCredential(input: string | unknown, options: VerifyOptions = {}): Promise<VerificationReport> {
  const fail = (reasons: string[], credential?: Json, passed: string[] = []): VerificationReport => ({ verified: false, status: 'invalid', reasons, passed, credential });
  let credential: Json;
  if (typeof input === 'string') {
    try {
      credential = JSON.parse(input) as Json;
    } catch (error) {
      return fail([`The file is not valid JSON (${(error as Error).message}), so it was changed or is not a credential.`]);
    }
  } else credential = input as Json;
  if (!credential || typeof credential !== 'object' || Array.isArray(credential)) return fail(['The file does not hold a credential (a JSON object).']);

  const shape = shapeProblems(credential);
  if (shape.length) return fail(shape, credential);
  const passed = ['Open Badges 3.0 credential shape'];

  const issuerId = issuerIdOf(credential)!;
  if (options.trustedIssuers && !options.trustedIssuers.includes(issuerId)) {
    return fail([`The credential was signed by ${issuerId}, which is not the expected issuer (${options.trustedIssuers.join(', ')}).`], credential, passed);
  }

  const suite = new DataIntegrityProof({ cryptosuite });
  let result: vc.VerifyResult;
  try {
    result = await vc.verifyCredential({ credential, suite, documentLoader: documentLoader(), checkStatus: async () => ({ verified: true }) });
  } catch (error) {
    return fail(errorMessages(error).map(explain), credential, passed);
  }
  if (!result.verified) {
    const messages = [...errorMessages(result.error), ...(result.results ?? []).flatMap((r) => (r.error ? errorMessages(r.error) : []))];
    const reasons = [...new Set(messages.map(explain))].filter(Boolean);
    return fail(reasons.length ? reasons : ['The proof did not verify.'], credential, passed);
  }
  passed.push(`Data Integrity proof (eddsa-rdfc-2022) by ${issuerId}`);
  if (options.trustedIssuers) passed.push('Issued by the expected issuer');

  if (!credential.credentialStatus) return { verified: true, status: 'valid', reasons: [], passed, credential };
  if (options.statusList === 'skip') return { verified: true, status: 'unchecked', reasons: [], passed: [...passed, 'Revocation status not checked (offline)'], credential };

  const resolve = typeof options.statusList === 'function' ? options.statusList : fetchJson;
  // Only the status list itself is looked up; contexts and keys always come from the bundled copies.
  const listUrls = new Set(asArray(credential.credentialStatus).map((s) => (s as Json)?.statusListCredential));
  const status = await checkStatus({
    credential,
    suite,
    documentLoader: documentLoader(async (url) => (listUrls.has(url) ? resolve(url) : undefined)),
  });
  if (status.error) {
    return fail([`The revocation status could not be checked: ${errorMessages(status.error).join('; ')}. Use --offline to check the signature alone.`], credential, passed);
  }
  if (!status.verified) return { verified: false, status: 'revoked', reasons: ['The issuer has revoked this credential (its entry in the status list is set).'], passed, credential };
  return { verified: true, status: 'valid', reasons: [], passed: [...passed, 'Not revoked (status list checked)'], credential };
}
