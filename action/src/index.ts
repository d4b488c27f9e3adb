// The Action's entry point: all the work is in main.ts.
import { run } from './main.ts';

await run();
