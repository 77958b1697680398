import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../core/request-context';
import { exportFileName, writeExport } from '../export/export.service';
import type { ExportFormat, ExportLang, ExportRequest } from '../export/export.service';

/** A run's file once written: its name in the export directory, and what the record keeps. */
export interface WrittenFile {
  fileName: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** Temporary files end so; a crash can leave one behind, removed by the cleanup a day later. */
const PARTIAL = '.partial';

/**
 * Writes a run's file in `dir`: to a temporary name first, counting and hashing (SHA-256) the bytes
 * as they stream through, flushed to disk, then renamed to "<run id>-<kind>-<place>-<period>.<ext>".
 * So a file under its final name is always complete; on any failure the temporary file is removed.
 */
export async function writeRunFile(
  ctx: RequestContext,
  target: { dir: string; runId: number },
  request: ExportRequest,
  format: ExportFormat,
  options: { lang: ExportLang; signal?: AbortSignal },
): Promise<WrittenFile> {
  await mkdir(target.dir, { recursive: true });
  const fileName = `${target.runId}-${exportFileName(request, format)}`;
  const temporary = path.join(target.dir, `.${target.runId}-${randomBytes(6).toString('hex')}${PARTIAL}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // flush: the data is on disk before the rename makes the file visible under its name.
  const written = pipeline(meter, createWriteStream(temporary, { flags: 'wx', mode: 0o640, flush: true }));
  try {
    const { rows } = await writeExport(ctx, request, format, meter, options);
    await written;
    await rename(temporary, path.join(target.dir, fileName));
    return { fileName, rows, bytes, sha256: hash.digest('hex') };
  } catch (error) {
    meter.destroy();
    await written.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes the files of runs that finished more than `retentionDays` ago (their records stay, with
 * fileName null and fileRemovedAt set), and temporary files older than a day. Returns how many
 * run files went.
 */
export async function removeOldFiles(
  dataSource: DataSource,
  dir: string,
  retentionDays: number,
): Promise<number> {
  const old: { id: number; file_name: string }[] = await dataSource.query(
    `SELECT id, file_name FROM export_run
      WHERE file_name IS NOT NULL AND finished_at < now() - make_interval(days => $1)
      ORDER BY finished_at`,
    [retentionDays],
  );
  for (const run of old) {
    await rm(path.join(dir, path.basename(run.file_name)), { force: true });
    await dataSource.query(`UPDATE export_run SET file_name = NULL, file_removed_at = now() WHERE id = $1`, [
      run.id,
    ]);
  }
  const dayAgo = Date.now() - 86_400_000;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith(PARTIAL)) continue;
    const file = path.join(dir, name);
    const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: Infinity }));
    if (mtimeMs < dayAgo) await rm(file, { force: true });
  }
  return old.length;
}
