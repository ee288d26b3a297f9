/**
 * Our npm registry mirror lacks the builds of native packages for other platforms (for example
 * @astrojs/compiler-binding-darwin-arm64, @napi-rs/canvas-win32-x64-msvc), so `npm install` leaves
 * them out of package-lock.json and `npm ci` then refuses the lock as out of sync. This adds every
 * missing optional platform package that a locked package names, with the os/cpu/libc limits read
 * from its name, so other platforms install it and this one skips it.
 * Run after every `npm install` that changes the lock: node scripts/lock-add-platform-bindings.mjs package-lock.json
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const lock = JSON.parse(readFileSync(file, 'utf8'));
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'win32'];
const CPU = { arm64: 'arm64', x64: 'x64', arm: 'arm', ia32: 'ia32', riscv64: 'riscv64', s390x: 's390x', ppc64: 'ppc64', wasm32: 'wasm32' };

/** os/cpu/libc of a platform package from its name, e.g. `linux-arm64-musl` or `win32-x64-msvc`. */
function constraintOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => OS.includes(part));
  const cpu = parts.map((part) => CPU[part]).find(Boolean);
  if (!cpu) return null;
  const libc = os === 'linux' ? (parts.includes('musl') ? ['musl'] : parts.includes('gnu') || parts.includes('gnueabihf') ? ['glibc'] : undefined) : undefined;
  return { ...(os ? { os: [os] } : {}), cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    const constraint = constraintOf(name);
    if (lock.packages[target] || !constraint || !/^\d+\.\d+\.\d+/.test(version)) continue;
    lock.packages[target] = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`,
      ...(entry.dev ? { dev: true } : {}),
      ...constraint,
      ...(entry.license ? { license: entry.license } : {}),
      optional: true,
      ...(entry.engines ? { engines: entry.engines } : {}),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-add-platform-bindings: added ${added} platform package entr${added === 1 ? 'y' : 'ies'}`);
