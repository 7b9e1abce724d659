// Run by test/integration/log-redaction.test.ts in a child process: the real app with LOG_LEVEL=info
// writing its log to standard output, asked what carries personal numbers; the parent reads the log.
import { startTestApp } from './app.ts';
import type { TestDialect } from './databases.ts';

const dialect = process.argv[2] as TestDialect;
const urls = JSON.parse(process.argv[3]!) as string[];
const t = await startTestApp(dialect, { config: { logLevel: 'info' } });
for (const url of urls) await t.app.inject({ method: 'GET', url });
// A request that fails inside: its error is logged with the URL it came with.
await t.close();
