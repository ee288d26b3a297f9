/**
 * Our npm registry mirror lacks the non-Linux builds of @astrojs/compiler-binding, so `npm install`
 * leaves them out of package-lock.json and `npm ci` then refuses the lock as out of sync. This adds
 * the missing optional entries (with their os/cpu limits, so they are skipped on other platforms).
 * Run after every `npm install` that changes the lock: node scripts/lock-add-platform-bindings.mjs package-lock.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
const file = process.argv[2];
const lock = JSON.parse(readFileSync(file, 'utf8'));
const platforms = {
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'wasm32-wasi': { cpu: ['wasm32'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};
const binding = lock.packages['node_modules/@astrojs/compiler-binding'];
const version = binding.version;
for (const [suffix, constraint] of Object.entries(platforms)) {
  const key = `node_modules/@astrojs/compiler-binding-${suffix}`;
  if (lock.packages[key]) continue;
  lock.packages[key] = {
    version,
    resolved: `https://registry.npmjs.org/@astrojs/compiler-binding-${suffix}/-/compiler-binding-${suffix}-${version}.tgz`,
    ...constraint,
    license: 'MIT',
    optional: true,
    engines: { node: '^20.19.0 || >=22.12.0' },
  };
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
