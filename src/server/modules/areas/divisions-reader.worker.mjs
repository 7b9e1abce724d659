// Entry of the worker thread that reads villages.csv during a national import: TypeScript
// sources run through tsx's loader here too, whatever started the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./divisions-reader.worker.ts');
