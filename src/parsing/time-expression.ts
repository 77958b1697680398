import type { MilestoneData as Milestone } from './milestone';
import { readTimeCell } from './time/cell';

export type { CellReading, NumberReading } from './time/cell';
export { readTimeCell } from './time/cell';

export interface TimeParseResult {
  milestones: Milestone[];
  warnings: string[];
}

/**
 * Reads a time cell (cột "Thời gian") into milestones; `year` is the plan year, for a missing or
 * relative year. The readings are those of docs/TIME-EXPRESSIONS.md; the grammar is in src/parsing/time/.
 * Dates of cited documents are never milestones, and text it cannot read gives a warning and no
 * milestone, never a guessed date.
 */
export function parseTimeExpression(text: string | null | undefined, year: number): TimeParseResult {
  if (!text || !text.trim()) return { milestones: [], warnings: [] };
  const { milestones, warnings } = readTimeCell(text, year);
  return { milestones, warnings };
}
