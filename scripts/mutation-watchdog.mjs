// Loaded into every test process Stryker starts (stryker.config.mjs, tap.nodeArgs). A mutant can
// turn a loop into an endless one; Stryker then times out and replaces its test-runner process,
// but the test process that runner started would spin on, orphaned, eating a core. A worker
// thread watches: once the parent is gone (or after a generous cap) it kills this process.
// The worker is unref'd, so it never keeps a finished test process alive.
import { Worker } from 'node:worker_threads';

const capSeconds = Number(process.env.LINLI_MUTATION_WATCHDOG_SECONDS) || 300;
const source = `
  const parent = process.ppid;
  const started = Date.now();
  setInterval(() => {
    if (process.ppid !== parent || Date.now() - started > ${capSeconds * 1000}) process.kill(${process.pid}, 'SIGKILL');
  }, 250);
`;
new Worker(source, { eval: true }).unref();
