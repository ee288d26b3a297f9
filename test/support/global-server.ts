/**
 * Global setup of the `server` test project: one production build of the real content and
 * one running server, shared by the integration and browser tests.
 */
import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildSite, root, startServer } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const outDir = path.join(root, 'dist-test');
  await rm(outDir, { recursive: true, force: true });
  const build = buildSite(outDir);
  if (build.status !== 0) throw new Error(`astro build failed:\n${build.output}`);
  const server = await startServer(outDir);
  project.provide('baseUrl', server.url);
  return async () => {
    await server.stop();
  };
}
