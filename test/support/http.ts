/**
 * A small HTTP client for tests against the built server: a cookie jar per client, form posts
 * with the Origin header a browser sends, and the mail outbox for verification and reset links.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

export interface Page {
  status: number;
  html: string;
  headers: Headers;
  location: string | null;
}

export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string = inject('baseUrl')) {}

  private remember(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /Max-Age=0/i.test(line) || /Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(pathname: string, init: RequestInit = {}): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(this.baseUrl + pathname, { redirect: 'manual', ...init, headers });
    this.remember(response.headers);
    return { status: response.status, html: await response.text(), headers: response.headers, location: response.headers.get('location') };
  }

  get(pathname: string, headers: Record<string, string> = {}) {
    return this.request(pathname, { headers });
  }

  /** A download (PDF, JSON file) as bytes, with the same cookies. */
  async download(pathname: string): Promise<{ status: number; body: Uint8Array; headers: Headers; location: string | null }> {
    const headers = new Headers();
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(this.baseUrl + pathname, { redirect: 'manual', headers });
    return { status: response.status, body: new Uint8Array(await response.arrayBuffer()), headers: response.headers, location: response.headers.get('location') };
  }

  post(pathname: string, fields: [string, string][] | FormData, headers: Record<string, string> = {}) {
    const body = fields instanceof FormData ? new URLSearchParams([...fields.entries()].map(([k, v]) => [k, String(v)])) : new URLSearchParams(fields);
    return this.request(pathname, { method: 'POST', body, headers: { Origin: this.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  }

  /**
   * Sends a task answer as the browser does: a saved answer is answered with a redirect to the
   * lesson (post/redirect/get), which is followed; `postStatus` is what the POST itself answered.
   */
  async answer(pathname: string, fields: [string, string][] | FormData): Promise<Page & { postStatus: number }> {
    const posted = await this.post(pathname, fields);
    if (posted.status !== 303 || !posted.location) return { ...posted, postStatus: posted.status };
    const shown = await this.get(new URL(posted.location, this.baseUrl).pathname + new URL(posted.location, this.baseUrl).search);
    return { ...shown, postStatus: posted.status };
  }

  async signIn(email: string, password: string): Promise<Page> {
    const page = await this.post('/sign-in', [['email', email], ['password', password]]);
    if (page.status !== 303) throw new Error(`sign-in of ${email} failed with ${page.status}`);
    return page;
  }
}

/** The newest message written to the outbox for an address. */
export function latestMail(to: string, outboxDir: string = inject('outboxDir')): string {
  const safe = to.replace(/[^a-z0-9@.-]/gi, '_');
  const files = readdirSync(outboxDir).filter((f) => f.endsWith(`-${safe}.eml`)).sort();
  if (!files.length) throw new Error(`no mail to ${to} in ${outboxDir}`);
  return readFileSync(path.join(outboxDir, files.at(-1)!), 'utf8');
}

/** The first link to the given path in the newest mail to an address, as a path with query. */
export function linkFromMail(to: string, pathname: string, outboxDir?: string): string {
  // Quoted-printable wraps long lines with "=\n" and encodes "=" as "=3D".
  const text = latestMail(to, outboxDir).replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = new RegExp(`https?://[^\\s]+(${pathname}\\?token=[A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${pathname} link in the mail to ${to}`);
  return match[1];
}

/** Like linkFromMail, for mails queued after the response: waits up to five seconds for the link to arrive. */
export async function waitForMailLink(to: string, pathname: string, outboxDir?: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return linkFromMail(to, pathname, outboxDir);
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let counter = 0;
/** A unique address per call, so tests never collide on the shared database. */
export function uniqueEmail(prefix = 'learner'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${counter}@test.example`;
}

/** Signs up, verifies through the outbox link, and returns the signed-in client. */
export async function newVerifiedLearner(name = 'Test Learner'): Promise<{ client: Client; email: string }> {
  const client = new Client();
  const email = uniqueEmail();
  const signUp = await client.post('/sign-up', [['name', name], ['email', email], ['password', 'a-long-password-1']]);
  if (signUp.status !== 303) throw new Error(`sign-up failed with ${signUp.status}: ${signUp.html.slice(0, 300)}`);
  // Sign-up starts no session; the confirmation link signs the learner in.
  const verified = await client.get(await waitForMailLink(email, '/verify-email'));
  if (verified.status !== 303) throw new Error(`verification failed with ${verified.status}`);
  return { client, email };
}
