import type { EmbeddedServer } from '../src/core/db/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__CCHC_TEST_SERVER__ as EmbeddedServer | undefined;
  await server?.release();
}
