// Webhook handlers still running. Probot answers GitHub after 9 s with 202 and keeps the handler
// going, so closing the HTTP server is not enough on SIGTERM: a check run cut off mid-way would stay
// "in progress". Shutdown waits for these (bounded by Kubernetes' grace period).
export class InFlight {
  #running = new Set<Promise<unknown>>();

  async track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.#running.add(promise);
    try {
      return await promise;
    } finally {
      this.#running.delete(promise);
    }
  }

  get size(): number {
    return this.#running.size;
  }

  /** Resolves when every tracked handler has settled, or after `timeoutMs`; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const settled = Promise.allSettled([...this.#running]).then(() => true as const);
    const result = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return result;
  }
}
