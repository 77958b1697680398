import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertReachableByOthers } from '../../src/core/db/embedded-postgres';

/** Root runs PostgreSQL as "postgres": a folder it cannot enter must give a plain message. */
describe('assertReachableByOthers', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cchc-reach-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names the folder others cannot enter and the chmod that fixes it', () => {
    chmodSync(root, 0o700);
    const inside = path.join(root, 'project', 'node_modules');
    mkdirSync(inside, { recursive: true });
    expect(() => assertReachableByOthers(inside)).toThrow(
      `cannot enter ${root} (mode 700). Run \`chmod o+x ${root}\``,
    );
  });

  it('accepts folders everyone may enter', () => {
    chmodSync(root, 0o755);
    expect(() => assertReachableByOthers(path.join(root, 'project'))).not.toThrow();
  });
});
