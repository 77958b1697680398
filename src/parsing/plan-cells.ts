import { parseBudgetMillionVnd } from './budget';
import type { MilestoneData } from './milestone';
import { readTargetSentence } from './target';
import type { TargetData } from './target';
import { parseTimeExpression } from './time-expression';

/** A task's time cell, read: its milestones, the last due date among them, and any warning. */
export function readTimeCell(text: string | null, planYear: number) {
  const { milestones, warnings } = parseTimeExpression(text, planYear);
  return { milestones, dueOn: lastDue(milestones), parseWarnings: warnings };
}

export function lastDue(milestones: MilestoneData[]): string | null {
  const dues = milestones.map((m) => m.due).filter((due): due is string => due !== null);
  return dues.length ? dues.sort().at(-1)! : null;
}

/**
 * The target of each indicator record. A sentence with several targets is transcribed as one record
 * per target, each with the same text: the n-th record of a text takes its n-th target (a text that
 * recurs in other rows takes the last again). The warnings name each figure of the sentence that
 * could be a target and was not read as one (docs/TARGETS.md).
 */
export function readTargets(
  records: { targetText: string }[],
): { target: TargetData | null; parseWarnings: string[] }[] {
  const seen = new Map<string, number>();
  return records.map(({ targetText }) => {
    const index = seen.get(targetText) ?? 0;
    seen.set(targetText, index + 1);
    const { targets, warnings } = readTargetSentence(targetText);
    return { target: targets[Math.min(index, targets.length - 1)] ?? null, parseWarnings: warnings };
  });
}

/**
 * The parsed fields of a task row, read from its raw cells: the time cell into milestones and the
 * last due date, the budget cell into million VND, and what could not be read. Imports and the
 * task mutations both store exactly this.
 */
export function readTaskCells(task: { timeText: string | null; budgetText: string | null }, year: number) {
  const time = readTimeCell(task.timeText, year);
  return {
    milestones: time.milestones,
    dueOn: time.dueOn,
    budgetMillionVnd: parseBudgetMillionVnd(task.budgetText),
    parseWarnings: time.parseWarnings,
  };
}

/** The parsed target of each indicator record (null fields where the sentence was not understood). */
export function readIndicatorTargets(records: { targetText: string }[]) {
  return readTargets(records).map(({ target, parseWarnings }) => ({
    comparator: target?.comparator ?? null,
    targetValue: target?.value ?? null,
    targetMax: target?.max ?? null,
    unit: target?.unit ?? null,
    unitNoun: target?.noun ?? null,
    direction: target?.direction ?? null,
    parseWarnings,
  }));
}
