#!/usr/bin/env node
/**
 * The load generator of `npm run bench`, in a process of its own so its work is not counted
 * against the server's event loop: reads one scenario as JSON (the file named by the first
 * argument), drives it with autocannon and prints a JSON summary on stdout.
 *
 * A scenario is { url, connections, duration | amount, method?, headers?, body?, variants? }.
 * With `variants` (a list of { path, method, headers, body }) each request takes the next one,
 * so a run of `amount` requests sends every variant exactly once (used for saves, where each
 * must be a new row).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const options = {
  url: scenario.url,
  connections: scenario.connections,
  ...(scenario.amount ? { amount: scenario.amount } : { duration: scenario.duration }),
  // Generous: a slow answer is measured as slow, not dropped as an error.
  timeout: 30,
  method: scenario.method ?? 'GET',
  headers: scenario.headers ?? {},
  body: scenario.body,
  ...(scenario.variants
    ? {
        requests: [
          {
            setupRequest: (request) => {
              const variant = scenario.variants[next++ % scenario.variants.length];
              return { ...request, ...variant, headers: { ...request.headers, ...variant.headers } };
            },
          },
        ],
      }
    : {}),
};

const result = await autocannon(options);
const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]));
const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
process.stdout.write(
  JSON.stringify({
    answered,
    seconds: result.duration,
    requestsPerSecond: Math.round(answered / result.duration),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSecond: Math.round(result.throughput.average),
  }) + '\n',
);
