import { registerEnumType } from 'type-graphql';

/** What kind of row an audit entry is about (the table, in API terms). */
export enum AuditEntity {
  PLAN = 'PLAN',
  TASK = 'TASK',
  INDICATOR = 'INDICATOR',
  STATUS_REPORT = 'STATUS_REPORT',
  TASK_PROGRESS = 'TASK_PROGRESS',
  INDICATOR_VALUE = 'INDICATOR_VALUE',
  INDICATOR_CATALOG = 'INDICATOR_CATALOG',
}

/** What was done to it. */
export enum AuditAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  IMPORT = 'IMPORT',
  SUBMIT = 'SUBMIT',
  APPROVE = 'APPROVE',
  RETURN = 'RETURN',
  REOPEN = 'REOPEN',
}

registerEnumType(AuditEntity, {
  name: 'AuditEntity',
  description: 'Kind of record an audit entry is about.',
  valuesConfig: {
    PLAN: { description: 'A plan (kế hoạch).' },
    TASK: { description: 'A task of a plan (nhiệm vụ).' },
    INDICATOR: { description: 'An indicator target of a plan (chỉ tiêu).' },
    STATUS_REPORT: { description: 'A progress report and its workflow state.' },
    TASK_PROGRESS: { description: "A task's progress in one report." },
    INDICATOR_VALUE: { description: "An indicator's actual value in one report." },
    INDICATOR_CATALOG: {
      description: 'An entry of the indicator catalogue (entityId: its position; the code is in the values).',
    },
  },
});

registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What a change did.',
  valuesConfig: {
    CREATE: { description: 'The record was created.' },
    UPDATE: { description: 'Fields of the record were changed.' },
    DELETE: { description: 'The record was deleted (its last values are in oldValues).' },
    IMPORT: { description: "The plan's tasks and indicators were (re)imported from a table." },
    SUBMIT: { description: 'The report was submitted to the province.' },
    APPROVE: { description: 'The province approved the report.' },
    RETURN: { description: 'The province returned the report for correction (reason given).' },
    REOPEN: { description: 'The province reopened an approved report (reason given).' },
  },
});
