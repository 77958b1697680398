/**
 * Polls `probe` every 100 ms until it returns something truthy, and returns that; gives up (and
 * fails the test) after two minutes, or after `timeoutMs`. For states other processes or workers
 * reach: never a timing assertion (a shorter `timeoutMs` is a bound that only one mechanism can
 * meet, such as a NOTIFY beating a cache's time to live by an order of magnitude).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  { timeoutMs = 120_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
