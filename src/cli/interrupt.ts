/**
 * Ctrl-C (SIGINT) and SIGTERM as an AbortSignal, for commands that stop cleanly instead of dying:
 * the work below watches the signal, the command calls dispose() when done so the process's
 * default handling returns.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  return {
    signal: controller.signal,
    dispose() {
      process.removeListener('SIGINT', interrupt);
      process.removeListener('SIGTERM', interrupt);
    },
  };
}
