// Entry of the worker thread that reads an uploaded spreadsheet: TypeScript sources run through
// tsx's loader here too, whatever started the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./table-reader.worker.ts');
