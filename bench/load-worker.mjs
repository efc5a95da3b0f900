// The load generator of the HTTP benchmarks (bench/support.ts loadFromWorker), in a worker thread of its
// own so it never takes the measured server's event loop. Plain JavaScript: worker threads do not load
// the TypeScript hooks. Posts { requests, errors, p50, p95, p99, rps }.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, connections, seconds, headers } = workerData;
const latencies = [];
let errors = 0;

/** p-th percentile (0-100) of sorted values, to a tenth (as percentile() in bench/support.ts). */
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[at] * 10) / 10;
}

const instance = autocannon({ url, connections, duration: seconds, headers }, (err, result) => {
  if (err) throw err;
  latencies.sort((a, b) => a - b);
  errors += result.errors + result.timeouts;
  parentPort.postMessage({
    requests: latencies.length, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99),
    rps: Math.round(latencies.length / seconds),
  });
});
instance.on('response', (_client, status, _bytes, ms) => {
  if (status !== 200) errors++;
  latencies.push(ms);
});
