// Entry point: `node app/main.ts` (or the container's CMD). Stops cleanly on SIGTERM so Kubernetes
// rolling updates finish in-flight webhooks first.
import { startApp } from './start-app.ts';

const running = await startApp();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
