import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ExportFileFormat, ExportLanguage } from './export-run.enums';
import { ExportRun } from './export-run.entity';
import { downloadUrl } from './export-run.service';

/**
 * The optional webhook (CCHC_EXPORT_WEBHOOK_URL): when a run ends (SUCCEEDED or FAILED for good),
 * its record is POSTed as JSON, signed with HMAC-SHA256 under CCHC_EXPORT_WEBHOOK_SECRET. A
 * delivery is a pg-boss job: one the receiver refuses (not 2xx) or does not answer is retried with
 * backoff. docs/EXPORTS.md shows how to check the signature.
 */

export const SIGNATURE_HEADER = 'x-cchc-signature';
export const EVENT_HEADER = 'x-cchc-event';
export const DELIVERY_HEADER = 'x-cchc-delivery';
export const RUN_FINISHED_EVENT = 'export.run.finished';

/** How long a receiver has to answer. */
const TIMEOUT_MS = 10_000;

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** A run as the API shows it (enum names, ISO times), for the webhook body. */
export function runRecord(run: ExportRun) {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  const enumName = <T extends string>(values: Record<string, T>, value: T) =>
    Object.keys(values).find((key) => values[key] === value) ?? value;
  return {
    id: String(run.id),
    kind: run.kind,
    params: run.params,
    format: enumName(ExportFileFormat, run.format),
    lang: enumName(ExportLanguage, run.lang),
    status: run.status,
    requestedBy: run.requestedBy,
    role: run.role,
    scheduleId: run.scheduleId === null ? null : String(run.scheduleId),
    scheduledFor: iso(run.scheduledFor),
    rowCount: run.rowCount,
    bytes: run.bytes,
    sha256: run.sha256,
    fileName: run.fileName,
    downloadUrl: downloadUrl(run),
    createdAt: iso(run.createdAt),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    attempts: run.attempts,
    error: run.error,
  };
}

/** POSTs a run's record; throws (so the delivery is retried) unless the receiver answers 2xx. */
export async function deliverWebhook(
  dataSource: DataSource,
  runId: number,
  webhook: { url: string; secret: string; deliveryId: string },
): Promise<void> {
  const run = await dataSource.getRepository(ExportRun).findOneBy({ id: runId });
  if (!run) return;
  const body = JSON.stringify({
    event: RUN_FINISHED_EVENT,
    sentAt: new Date().toISOString(),
    run: runRecord(run),
  });
  const response = await fetch(webhook.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'cchc-hub',
      [EVENT_HEADER]: RUN_FINISHED_EVENT,
      [DELIVERY_HEADER]: webhook.deliveryId,
      [SIGNATURE_HEADER]: signature(webhook.secret, body),
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) {
    throw new Error(
      `The export webhook answered HTTP ${response.status} for run ${runId}; it will be retried.`,
    );
  }
}
