import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddedServer } from '../src/core/db/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  const server = state.__CCHC_TEST_SERVER__ as EmbeddedServer | undefined;
  await server?.release();
  // The throwaway cluster (~300 MB with the seeded template): left behind, every run fills the disk.
  const dataDir = state.__CCHC_TEST_DATA_DIR__ as string | undefined;
  // Only once the server is stopped (release leaves it running while another client is connected).
  if (dataDir && !existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
