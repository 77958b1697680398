import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../src/core/config';

/**
 * The built server (dist/src/main.js, exactly what npm start runs; the bench scripts build first)
 * on `databaseUrl`, in a child process; resolves once it listens. `env` adds settings (e.g. the
 * export worker off).
 */
export async function startBuiltServer(databaseUrl: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`The server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    /** Resident memory of the server process, from /proc (Linux). */
    rssMiB: () => {
      const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return kib ? Math.round(Number(kib) / 1024) : NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
