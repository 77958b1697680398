/**
 * Longest accepted input strings. Generous beside the real plans (the longest task cell of the five
 * documents is under 800 characters), small enough that nobody stores a file in a note.
 */
export const LIMITS = {
  /** Codes, ordinals, document numbers. */
  code: 50,
  ordinal: 20,
  documentNumber: 100,
  title: 1000,
  /** Task cells: name, objective, activities, outputs. */
  cell: 4000,
  /** Unit names, time and budget cells. */
  shortCell: 1000,
  indicatorName: 500,
  targetText: 2000,
  /** Transcription remarks on plans, tasks and indicators. */
  note: 4000,
  /** Remarks in a report (per task or indicator). */
  reportNote: 2000,
  /** Why a report is returned or reopened. */
  reason: 2000,
  idempotencyKey: 200,
  /** Items in one draft save. */
  draftItems: 2000,
  /** Commune codes in one roll-up filter (`communeCodes`): more than the largest province holds. */
  rollupCommuneCodes: 500,
} as const;
