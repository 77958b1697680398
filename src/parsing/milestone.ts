/** What a time cell means, as plain data (the GraphQL type lives in modules/task/milestone.type.ts). */
export enum MilestoneKind {
  DEADLINE = 'DEADLINE',
  PERIOD = 'PERIOD',
  RECURRING = 'RECURRING',
  OPEN_ENDED = 'OPEN_ENDED',
  CONDITIONAL = 'CONDITIONAL',
}

export enum Recurrence {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  SEMIANNUAL = 'SEMIANNUAL',
  YEARLY = 'YEARLY',
}

export interface MilestoneData {
  kind: MilestoneKind;
  start: string | null;
  due: string | null;
  recurrence: Recurrence | null;
}
