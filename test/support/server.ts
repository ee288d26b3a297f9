/**
 * Building the site and starting the built server for tests, the way production runs it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
const astroBin = path.join(root, 'node_modules/astro/bin/astro.mjs');

/**
 * The environment for child processes, without what Vitest adds: it copies Vite's
 * `import.meta.env` (DEV, PROD, MODE, SSR …) into process.env, which would turn a
 * production build into a development one (drafts shown).
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST', 'NODE_ENV']) delete env[key];
  return { ...env, ...extra };
}

export interface BuildResult {
  status: number | null;
  output: string;
}

/** Runs `astro build` with extra environment (e.g. COURSES_DIR) into `outDir`. */
export function buildSite(outDir: string, env: Record<string, string> = {}): BuildResult {
  const result = spawnSync(process.execPath, [astroBin, 'build'], {
    cwd: root,
    encoding: 'utf8',
    env: childEnv({
      ASTRO_TELEMETRY_DISABLED: '1',
      ASTRO_OUT_DIR: outDir,
      // A cache of its own, so a fixture build never mixes with the real content's data store.
      ASTRO_CACHE_DIR: `${outDir}-cache`,
      ...env,
    }),
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far (structured log lines included). */
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the server binds it a moment later); the benchmark uses it too. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the build in `outDir` with `scripts/serve.mjs` (as `npm start` does) on a free port and waits until it listens. SITE_URL is that
 * address, so links the server prints (e-mails, certificates, credentials) point back at it.
 */
export async function startServer(outDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const port = String(await freePort());
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs')], {
    cwd: root,
    // PDF_PREPARE=off: typesetting every course at start would only slow the other tests down.
    // PAGE_CACHE_SECONDS=0: tests change what visitors see and look at once (page-cache.test.ts turns it on).
    env: childEnv({ HOST: '127.0.0.1', PORT: port, SITE_URL: `http://127.0.0.1:${port}`, ASTRO_OUT_DIR: outDir, PDF_PREPARE: 'off', PAGE_CACHE_SECONDS: '0', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s:\n${log}`)), 20_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/i.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    process: child,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
