/**
 * Polls `probe` every 100 ms until it returns something truthy, and returns that; gives up (and
 * fails the test) after two minutes. For states other processes or workers reach: never a timing
 * assertion.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
): Promise<T> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}
