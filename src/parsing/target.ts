import { readSentence } from './target/figures';
import type { SentenceReading } from './target/figures';

export type TargetComparator = 'GTE' | 'GT' | 'LTE' | 'LT' | 'EQ' | 'BETWEEN';

/** One target read from an indicator sentence (chỉ tiêu). */
export interface TargetData {
  comparator: TargetComparator;
  value: number;
  max: number | null;
  /** Durations and scores are counts of their noun ("ngày làm việc", "điểm"). */
  unit: 'PERCENT' | 'COUNT';
  /** The counted noun of a COUNT target ("sáng kiến", "ngày làm việc", "điểm"); null for percentages. */
  noun: string | null;
  /** DECREASE when the value is the size of a cut ("giảm tối thiểu 2,5%"); a level otherwise. */
  direction: 'INCREASE' | 'DECREASE';
}

/**
 * Reads an indicator sentence: its targets, a warning naming each figure that could be a target
 * but was not read as one, and what became of every number in it. The rules are in docs/TARGETS.md.
 */
export function readTargetSentence(text: string | null | undefined): SentenceReading {
  return text ? readSentence(text) : { targets: [], warnings: [], figures: [] };
}

/**
 * The targets of an indicator sentence: percentages, counts, durations and scores with their
 * comparator ("tối thiểu 80%" ≥, "trên 90 điểm" >, "không quá 03 ngày làm việc" ≤, a bare figure ≥,
 * exactly 100% =, "từ 01 đến 02" between) and direction (a cut: "giảm tối thiểu 2,5%"). Dates,
 * years, cited documents, standards and labels are not targets.
 */
export function parseTarget(text: string | null | undefined): TargetData[] {
  return readTargetSentence(text).targets;
}
