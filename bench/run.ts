/**
 * `npm run bench -- <name> [args]`: runs one benchmark (or all, with no name).
 * Each benchmark prints its figures beside a baseline measured in the same run
 * and writes them as JSON under bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Bench = (args: string[]) => Promise<Record<string, unknown>>;

const benches: Record<string, () => Promise<Bench>> = {
  divisions: async () => (await import('./divisions.bench.ts')).run,
  siting: async () => (await import('./siting.bench.ts')).run,
  web: async () => (await import('./web.bench.ts')).run,
  coverage: async () => (await import('./coverage.bench.ts')).run,
  residents: async () => (await import('./residents.bench.ts')).run,
  indicators: async () => (await import('./indicators.bench.ts')).run,
  login: async () => (await import('./login.bench.ts')).run,
  soak: async () => (await import('./soak.bench.ts')).run,
  fuzz: async () => (await import('./fuzz.bench.ts')).run,
  people: async () => (await import('./people.bench.ts')).run,
  services: async () => (await import('./services.bench.ts')).run,
  // -- linkage --
  linkage: async () => (await import('./linkage.bench.ts')).run,
  // -- care --
  care: async () => (await import('./care.bench.ts')).run,
  // -- market --
  market: async () => (await import('./market.bench.ts')).run,
  // -- sync --
  sync: async () => (await import('./sync.bench.ts')).run,
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const names = name ? [name] : Object.keys(benches);
  for (const n of names) {
    const load = benches[n];
    if (!load) {
      console.error(`unknown benchmark "${n}"; known: ${Object.keys(benches).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    console.log(`\n== bench: ${n} ==`);
    const result = await (await load())(args);
    const dir = join(process.cwd(), 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${n}.json`);
    writeFileSync(file, JSON.stringify({ bench: n, at: new Date().toISOString(), node: process.version, ...result }, null, 2));
    console.log(`written ${file}`);
  }
}

await main();
