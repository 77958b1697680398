import { execFile } from 'node:child_process';
import path from 'node:path';
import { databaseUrl } from './test-database';

const ROOT = path.join(__dirname, '..', '..');

/** The cchc command as a person runs it (no terminal), on the test database `database`. */
export function runCchc(
  database: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
        '--transpile-only',
        'src/cli/cchc.ts',
        ...args,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: databaseUrl(database), CCHC_TOKEN: '', ...env },
      },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
