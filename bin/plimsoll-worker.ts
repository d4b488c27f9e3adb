// The CLI worker thread's entry (bin/plimsoll.ts starts it for large inputs): loads the CLI and runs
// the command of the worker's argv, posting output and exit code to the launcher.
import { withCli } from './load-cli.ts';

await withCli(import.meta.url, (cli, hooks) => cli.runCliThread(hooks));
