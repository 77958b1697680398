/**
 * What the database says on the channel cchc_live (migration LiveNotify1795500100000), read into
 * one shape. Only ids, codes and the period: every figure a subscriber sees is read again for it.
 */

/** The NOTIFY channel the triggers send on and each process LISTENs to. */
export const LIVE_CHANNEL = 'cchc_live';

export enum ReportEventKind {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
  REOPENED = 'REOPENED',
}

interface PlaceOfEvent {
  provinceId: number;
  provinceCode: string;
  /** Null for a plan event whose statement touched several communes of the province. */
  communeId: number | null;
  communeCode: string | null;
  /** The plan year: roll-ups of other years are not affected. */
  year: number;
}

export interface ReportTransitionEvent extends PlaceOfEvent {
  kind: 'report';
  transition: ReportEventKind;
  reportId: number;
  planId: number;
  period: string;
  /** Last day of the report's period ("YYYY-MM-DD"): roll-ups of periods ending before it keep their figures. */
  periodEnd: string;
  /** When the transition was written (ISO 8601, UTC). */
  at: string;
}

export interface PlanChangeEvent extends PlaceOfEvent {
  kind: 'plan';
}

export type LiveEvent = ReportTransitionEvent | PlanChangeEvent;

const isInt = (value: unknown): value is number => Number.isInteger(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const KINDS = new Set<string>(Object.values(ReportEventKind));

/**
 * A NOTIFY payload as an event, or null when it is not one this version understands (a newer
 * server on the same database may send more); the listener logs and skips those.
 */
export function parseLiveEvent(payload: string): LiveEvent | null {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const { v, vc, c, cc, y } = json;
  if (!isInt(v) || !isText(vc) || !isInt(y)) return null;
  const communeOk = (c === null && cc === null) || (isInt(c) && isText(cc));
  if (!communeOk) return null;
  const place: PlaceOfEvent = {
    provinceId: v,
    provinceCode: vc,
    communeId: c as number | null,
    communeCode: cc as string | null,
    year: y,
  };
  if (json.k === 'plan') return { kind: 'plan', ...place };
  const { s, r, p, pe, e, at } = json;
  if (json.k !== 'report' || !isText(s) || !KINDS.has(s) || !isInt(r) || !isInt(p)) return null;
  if (!isText(pe) || !isText(e) || !isText(at)) return null;
  return {
    kind: 'report',
    ...place,
    transition: s as ReportEventKind,
    reportId: r,
    planId: p,
    period: pe,
    periodEnd: e,
    at,
  };
}
