import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILD_INPUTS, buildStaleness, STAMP, writeStamp } from '../../scripts/build-if-stale';

/** npm start rebuilds only when the build is stale (scripts/build-if-stale.js). */
describe('buildStaleness', () => {
  let root: string;
  const write = (file: string, text = 'x') => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  /** Sets a file's (or folder's) modification time `seconds` from now. */
  const touch = (file: string, seconds: number) => {
    const time = new Date(Date.now() + seconds * 1000);
    fs.utimesSync(path.join(root, file), time, time);
  };
  /** A project whose sources are an hour old and whose build was stamped now. */
  const builtProject = () => {
    write('src/main.ts');
    write('src/app/server.ts');
    write('migrations/1-init.ts');
    write('ormconfig.ts');
    write('tsconfig.json', '{}');
    write('tsconfig.build.json', '{}');
    for (const file of [
      'src/main.ts',
      'src/app/server.ts',
      'src/app',
      'src',
      'migrations/1-init.ts',
      'migrations',
    ]) {
      touch(file, -3600);
    }
    for (const file of ['ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json']) touch(file, -3600);
    writeStamp(root);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-build-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('watches the sources, the migrations and the compiler settings', () => {
    expect(BUILD_INPUTS).toEqual([
      'src',
      'migrations',
      'ormconfig.ts',
      'tsconfig.json',
      'tsconfig.build.json',
    ]);
  });

  it('is stale without a finished build (no dist, or a build that never stamped)', () => {
    write('src/main.ts');
    expect(buildStaleness(root)).toEqual({
      stale: true,
      reason: expect.stringMatching(/\.build-stamp is missing/),
    });
    write('dist/src/main.js'); // compiled, but tsc did not finish successfully
    expect(buildStaleness(root).stale).toBe(true);
  });

  it('is current when the build is newer than every input', () => {
    builtProject();
    expect(buildStaleness(root)).toEqual({ stale: false, reason: expect.any(String) });
  });

  it.each([
    ['an edited source', 'src/app/server.ts'],
    ['an edited migration', 'migrations/1-init.ts'],
    ['a changed tsconfig.json', 'tsconfig.json'],
    ['a changed tsconfig.build.json', 'tsconfig.build.json'],
    ['a changed ormconfig.ts', 'ormconfig.ts'],
  ])('is stale after %s, and names it', (_what, file) => {
    builtProject();
    touch(file, 60);
    expect(buildStaleness(root)).toEqual({ stale: true, reason: `${file} changed after the last build` });
  });

  it('is stale after a source is added or deleted (its folder changes)', () => {
    builtProject();
    write('src/app/new-route.ts');
    expect(buildStaleness(root).stale).toBe(true);
    writeStamp(root);
    touch(STAMP, 30);
    expect(buildStaleness(root).stale).toBe(false);
    fs.rmSync(path.join(root, 'src/app/new-route.ts'));
    touch('src/app', 60);
    expect(buildStaleness(root)).toEqual({ stale: true, reason: 'src/app changed after the last build' });
  });

  it('ignores files outside the inputs (tests, docs, data)', () => {
    builtProject();
    write('test/unit/some.test.ts');
    write('README.md');
    write('.data/pg/postgres.log');
    expect(buildStaleness(root).stale).toBe(false);
  });
});
