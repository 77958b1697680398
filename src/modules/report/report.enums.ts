import { registerEnumType } from 'type-graphql';

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
}

export enum TaskStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ReportStatus, {
  name: 'ReportStatus',
  description: 'Workflow state of a status report.',
  valuesConfig: {
    DRAFT: { description: 'Being written by the commune; not counted.' },
    SUBMITTED: { description: 'Sent to the province (đã gửi).' },
    APPROVED: { description: 'Accepted by the province (đã duyệt); locked.' },
    RETURNED: { description: 'Sent back to the commune for correction (trả lại).' },
  },
});
registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: 'State of a task in a report.',
  valuesConfig: {
    NOT_STARTED: { description: 'Chưa triển khai.' },
    IN_PROGRESS: { description: 'Đang triển khai.' },
    COMPLETED: { description: 'Đã hoàn thành.' },
    CANCELLED: { description: 'Không thực hiện / hủy bỏ.' },
  },
});
