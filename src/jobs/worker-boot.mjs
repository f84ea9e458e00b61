// Loads the TypeScript worker entry through tsx when Recourse runs from source (checkout, tests).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
