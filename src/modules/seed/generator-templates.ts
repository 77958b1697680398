import { Comparator, IndicatorDirection, IndicatorUnit } from '../indicator/indicator.enums';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { MilestoneKind, Recurrence } from '../task/milestone.type';
import type { Milestone } from '../task/milestone.type';
import type { Random } from './random';

/** How many tasks of each area a generated plan has (≈60 in all, like the real commune plans). */
export const TASKS_PER_AREA: Record<ReformAreaCode, number> = {
  DIRECTION: 9,
  INSTITUTIONS: 7,
  PROCEDURES: 14,
  APPARATUS: 6,
  CIVIL_SERVICE: 8,
  PUBLIC_FINANCE: 6,
  DIGITAL_GOVERNMENT: 10,
};

const ROMAN = ['I', 'II', 'III', 'IV'];
const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const period = (start: string, due: string, recurrence: Recurrence | null = null): Milestone => ({
  kind: recurrence ? MilestoneKind.RECURRING : MilestoneKind.PERIOD,
  start,
  due,
  recurrence,
});

/**
 * Time cells in the forms the real plans use, each with the milestones it means, so generated
 * tasks have deadlines consistent with their text (DOMAIN.md, "Time expressions").
 */
export function generateTime(random: Random, year: number): { text: string; milestones: Milestone[] } {
  const roll = random.next();
  if (roll < 0.25) {
    const q = random.int(1, 4);
    return {
      text: `Quý ${ROMAN[q - 1]} năm ${year}`,
      milestones: [period(iso(year, q * 3 - 2, 1), iso(year, q * 3, lastDay(year, q * 3)))],
    };
  }
  if (roll < 0.45) {
    const m = random.int(2, 12);
    const d = random.pick([10, 15, 20, 25, 30].filter((day) => day <= lastDay(year, m)));
    return {
      text: `Trước ngày ${pad(d)}/${pad(m)}/${year}`,
      milestones: [{ kind: MilestoneKind.DEADLINE, start: null, due: iso(year, m, d), recurrence: null }],
    };
  }
  if (roll < 0.6) {
    return {
      text: `Thường xuyên trong năm ${year}`,
      milestones: [period(iso(year, 1, 1), iso(year, 12, 31))],
    };
  }
  if (roll < 0.7) {
    const m = random.int(1, 12);
    return {
      text: `Tháng ${pad(m)}/${year}`,
      milestones: [period(iso(year, m, 1), iso(year, m, lastDay(year, m)))],
    };
  }
  if (roll < 0.76) {
    return { text: `06 tháng cuối năm ${year}`, milestones: [period(iso(year, 7, 1), iso(year, 12, 31))] };
  }
  if (roll < 0.82) {
    return {
      text: `Quý I- IV năm ${year}`,
      milestones: [period(iso(year, 1, 1), iso(year, 12, 31), Recurrence.QUARTERLY)],
    };
  }
  if (roll < 0.87) {
    return {
      text: 'Trước ngày 05 của tháng liền kề',
      milestones: [period(iso(year, 1, 1), iso(year + 1, 1, 5), Recurrence.MONTHLY)],
    };
  }
  if (roll < 0.94) {
    return {
      text: `1. Ban hành Kế hoạch trước ngày 31/12/${year - 1}. 2. Báo cáo kết quả thực hiện trong Quý IV năm ${year}.`,
      milestones: [
        { kind: MilestoneKind.DEADLINE, start: null, due: iso(year - 1, 12, 31), recurrence: null },
        period(iso(year, 10, 1), iso(year, 12, 31)),
      ],
    };
  }
  return {
    text: random.pick(['Khi có phát sinh', 'Theo kế hoạch', 'Theo hướng dẫn của tỉnh']),
    milestones: [{ kind: MilestoneKind.CONDITIONAL, start: null, due: null, recurrence: null }],
  };
}

export interface IndicatorTemplate {
  area: ReformAreaCode;
  name: string;
  text: (value: number, max?: number) => string;
  /** The comparator `text` states; BARE: a bare figure, which reads EQ at 100 % and GTE below. */
  comparator: Comparator | 'BARE';
  unit: IndicatorUnit;
  noun?: string;
  direction?: IndicatorDirection;
  /** Target values a commune may pick, for an indicator the province plan does not set. */
  values: number[];
  /** The catalogue entry (seeds/indicator-catalog.json) the text names, when it names one. */
  catalogCode?: string;
  /** The province plan's target of a catalogued indicator, worded at the province's level. */
  province?: ProvinceTarget;
  /** How far a commune's stricter or looser target moves from the province's value. */
  step?: number;
}

export interface ProvinceTarget {
  text: (value: number) => string;
  comparator: Comparator | 'BARE';
  values: number[];
}

/** The comparator a template's text states for a value (see IndicatorTemplate.comparator). */
export function statedComparator(comparator: Comparator | 'BARE', value: number): Comparator {
  if (comparator !== 'BARE') return comparator;
  return value === 100 ? Comparator.EQ : Comparator.GTE;
}

const { GTE, GT, EQ, BETWEEN } = Comparator;
const BARE = 'BARE';
const { PERCENT, COUNT } = IndicatorUnit;
const A = ReformAreaCode;

/**
 * Indicator targets worded as the real plans word them (xã Kỳ Lạc section II, Bắc Giang, DOMAIN.md).
 * The catalogued ones also say how the province plan words its target; a commune plan takes that
 * over, usually stricter (generator.ts, communeTarget).
 */
export const INDICATOR_TEMPLATES: IndicatorTemplate[] = [
  {
    area: A.DIRECTION,
    name: 'Tỷ lệ phòng chuyên môn được kiểm tra CCHC',
    text: (v) => `Tối thiểu ${v}% phòng chuyên môn được kiểm tra CCHC trong năm`,
    comparator: GTE,
    unit: PERCENT,
    values: [30, 35, 40, 50],
    catalogCode: 'CCHC_INSPECTION',
    province: {
      text: (v) => `Tối thiểu ${v}% cơ quan, phòng chuyên môn được kiểm tra CCHC trong năm`,
      comparator: GTE,
      values: [25, 30],
    },
    step: 5,
  },
  {
    area: A.DIRECTION,
    name: 'Số sáng kiến CCHC',
    text: (v) => `Phấn đấu ít nhất có ${pad(v)} sáng kiến (hoặc giải pháp mới) về CCHC áp dụng có hiệu quả`,
    comparator: GTE,
    unit: COUNT,
    noun: 'sáng kiến',
    values: [1, 2, 3],
    catalogCode: 'REFORM_INITIATIVES',
    province: {
      text: (v) => `Mỗi cơ quan, đơn vị có ít nhất ${pad(v)} sáng kiến (hoặc giải pháp mới) về CCHC`,
      comparator: GTE,
      values: [1, 2],
    },
    step: 1,
  },
  {
    area: A.DIRECTION,
    name: 'Tỷ lệ nhiệm vụ CCHC hoàn thành đúng hạn',
    text: (v) => `Hoàn thành ${v}% nhiệm vụ trong Kế hoạch CCHC năm đúng thời hạn`,
    comparator: EQ,
    unit: PERCENT,
    values: [100],
  },
  {
    area: A.DIRECTION,
    name: 'Số cuộc đối thoại với người dân, doanh nghiệp',
    text: (v, m) =>
      `Tổ chức từ ${pad(v)} đến ${pad(m!)} cuộc đối thoại/diễn đàn của lãnh đạo UBND xã với người dân, doanh nghiệp`,
    comparator: BETWEEN,
    unit: COUNT,
    noun: 'cuộc đối thoại',
    values: [1],
    catalogCode: 'CITIZEN_DIALOGUES',
    province: {
      text: (v) => `Tổ chức ít nhất ${pad(v)} cuộc đối thoại của lãnh đạo với người dân, doanh nghiệp`,
      comparator: GTE,
      values: [1, 2],
    },
    step: 1,
  },
  {
    area: A.INSTITUTIONS,
    name: 'Tỷ lệ văn bản QPPL được tổ chức thực hiện kịp thời',
    text: (v) =>
      `Phấn đấu ${v}% văn bản QPPL của Trung ương, của Tỉnh được tổ chức thực hiện kịp thời, hiệu quả`,
    comparator: BARE,
    unit: PERCENT,
    values: [100],
    catalogCode: 'LEGAL_DOCS_IMPLEMENTED',
    province: {
      text: (v) => `${v}% văn bản QPPL của Trung ương được tổ chức thực hiện kịp thời, hiệu quả`,
      comparator: BARE,
      values: [100],
    },
    step: 5,
  },
  {
    area: A.INSTITUTIONS,
    name: 'Tỷ lệ thực hiện Kế hoạch kiểm tra, rà soát văn bản',
    text: (v) => `Triển khai thực hiện đạt ${v}% Kế hoạch kiểm tra, rà soát văn bản quy phạm pháp luật`,
    comparator: EQ,
    unit: PERCENT,
    values: [100],
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ số hóa hồ sơ TTHC',
    text: (v) =>
      `Số hóa hồ sơ TTHC thuộc thẩm quyền giải quyết của UBND cấp xã đạt tỷ lệ tối thiểu ${v}% số hồ sơ tiếp nhận`,
    comparator: GTE,
    unit: PERCENT,
    values: [80, 90, 95],
    catalogCode: 'DOSSIER_DIGITISATION',
    province: {
      text: (v) => `Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt tối thiểu ${v}%`,
      comparator: GTE,
      values: [70, 80],
    },
    step: 5,
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình',
    text: (v) => `${v}% TTHC cung cấp dịch vụ công trực tuyến toàn trình trên tổng số TTHC đủ điều kiện`,
    comparator: BARE,
    unit: PERCENT,
    values: [80, 85, 90],
    catalogCode: 'FULL_ONLINE_SERVICES',
    province: {
      text: (v) => `Tối thiểu ${v}% TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình`,
      comparator: GTE,
      values: [75, 80],
    },
    step: 5,
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ thanh toán trực tuyến',
    text: (v) =>
      `Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia trên tổng số giao dịch đạt tối thiểu ${v}%`,
    comparator: GTE,
    unit: PERCENT,
    values: [60, 65, 70],
    catalogCode: 'ONLINE_PAYMENT',
    province: {
      text: (v) => `Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch đạt trên ${v}%`,
      comparator: GT,
      values: [50, 60],
    },
    step: 5,
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ hồ sơ trực tuyến',
    text: (v) => `Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận giải quyết TTHC đạt tối thiểu ${v}%`,
    comparator: GTE,
    unit: PERCENT,
    values: [50, 60, 70],
    catalogCode: 'ONLINE_APPLICATIONS',
    province: {
      text: (v) => `Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận đạt trên ${v}%`,
      comparator: GT,
      values: [40, 50],
    },
    step: 10,
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
    text: (v) => `Trên ${v}% hồ sơ TTHC được giải quyết đúng hạn`,
    comparator: GT,
    unit: PERCENT,
    values: [90, 95],
    catalogCode: 'ON_TIME_DOSSIERS',
    province: {
      text: (v) => `Trên ${v}% hồ sơ TTHC được giải quyết trước và đúng hạn`,
      comparator: GT,
      values: [90],
    },
    step: 2,
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ hồ sơ trả trước hạn',
    text: (v) => `Trong đó có trên ${v}% hồ sơ được trả trước hạn`,
    comparator: GT,
    unit: PERCENT,
    values: [50, 60],
  },
  {
    area: A.PROCEDURES,
    name: 'Mức độ hài lòng của người dân, doanh nghiệp',
    text: (v) => `Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt từ ${v}% trở lên`,
    comparator: GTE,
    unit: PERCENT,
    values: [90, 95],
    catalogCode: 'SATISFACTION',
    province: {
      text: (v) => `Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt trên ${v}%`,
      comparator: GT,
      values: [85, 90],
    },
    step: 3,
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ kết quả xử lý hồ sơ được đồng bộ',
    text: (v) =>
      `Tỷ lệ kết quả xử lý hồ sơ TTHC của xã được đồng bộ trên Cổng Dịch vụ công quốc gia đạt ${v}%`,
    comparator: BARE,
    unit: PERCENT,
    values: [100],
    catalogCode: 'RESULTS_SYNCED',
    province: {
      text: (v) => `Tỷ lệ kết quả xử lý hồ sơ TTHC được đồng bộ trên Cổng Dịch vụ công quốc gia đạt ${v}%`,
      comparator: BARE,
      values: [95, 100],
    },
    step: 5,
  },
  {
    area: A.PROCEDURES,
    name: 'Tỷ lệ TTHC nội bộ được rà soát',
    text: (v) => `${v}% TTHC nội bộ giữa các cơ quan hành chính nhà nước được rà soát, công bố, công khai`,
    comparator: BARE,
    unit: PERCENT,
    values: [100],
    catalogCode: 'INTERNAL_PROCEDURES_REVIEWED',
    province: {
      text: (v) => `${v}% TTHC nội bộ trong hệ thống hành chính nhà nước được rà soát, công bố, công khai`,
      comparator: BARE,
      values: [100],
    },
    step: 5,
  },
  {
    area: A.APPARATUS,
    name: 'Tỷ lệ phòng chuyên môn được phân định rõ chức năng',
    text: (v) => `${v}% các phòng chuyên môn được phân định rõ chức năng, nhiệm vụ, quyền hạn`,
    comparator: EQ,
    unit: PERCENT,
    values: [100],
  },
  {
    area: A.APPARATUS,
    name: 'Tỷ lệ giảm đầu mối',
    text: (v) => `Giảm tối thiểu ${v}% đầu mối đơn vị sự nghiệp công lập so với năm trước`,
    comparator: GTE,
    unit: PERCENT,
    direction: IndicatorDirection.DECREASE,
    values: [5, 10, 15],
  },
  {
    area: A.CIVIL_SERVICE,
    name: 'Tỷ lệ cán bộ, công chức có trình độ đại học',
    text: (v) => `${v}% cán bộ, công chức cấp xã có trình độ đại học trở lên`,
    comparator: BARE,
    unit: PERCENT,
    values: [85, 90, 95],
    catalogCode: 'STAFF_UNIVERSITY_DEGREE',
    province: {
      text: (v) => `Tối thiểu ${v}% cán bộ, công chức cấp xã có trình độ đại học trở lên`,
      comparator: GTE,
      values: [80, 85],
    },
    step: 5,
  },
  {
    area: A.CIVIL_SERVICE,
    name: 'Tỷ lệ CBCCVC được bồi dưỡng',
    text: (v) => `Tối thiểu ${v}% cán bộ, công chức được bồi dưỡng kiến thức, kỹ năng`,
    comparator: GTE,
    unit: PERCENT,
    values: [70, 80],
  },
  {
    area: A.CIVIL_SERVICE,
    name: 'Số đơn vị được kiểm tra công vụ',
    text: (v) => `Kiểm tra công vụ ít nhất ${pad(v)} đơn vị`,
    comparator: GTE,
    unit: COUNT,
    noun: 'đơn vị',
    values: [2, 3],
  },
  {
    area: A.PUBLIC_FINANCE,
    name: 'Tỷ lệ giảm chi hỗ trợ trực tiếp từ NSNN',
    text: (v) =>
      `Giảm tối thiểu ${String(v).replace('.', ',')}% chi hỗ trợ trực tiếp từ ngân sách nhà nước của các đơn vị sự nghiệp công lập`,
    comparator: GTE,
    unit: PERCENT,
    direction: IndicatorDirection.DECREASE,
    values: [2.5, 3],
  },
  {
    area: A.PUBLIC_FINANCE,
    name: 'Tỷ lệ ĐVSN được giao tự chủ tài chính',
    text: (v) => `${v}% đơn vị sự nghiệp công lập được giao quyền tự chủ tài chính`,
    comparator: EQ,
    unit: PERCENT,
    values: [100],
  },
  {
    area: A.DIGITAL_GOVERNMENT,
    name: 'Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng',
    text: (v) => `${v}% hồ sơ công việc được xử lý trên môi trường mạng`,
    comparator: BARE,
    unit: PERCENT,
    values: [80, 90],
    catalogCode: 'ONLINE_WORK_FILES',
    province: {
      text: (v) => `Tối thiểu ${v}% hồ sơ công việc tại cấp tỉnh, cấp xã được xử lý trên môi trường mạng`,
      comparator: GTE,
      values: [80, 85],
    },
    step: 5,
  },
  {
    area: A.DIGITAL_GOVERNMENT,
    name: 'Tỷ lệ văn bản điện tử có chữ ký số',
    text: (v) => `Tối thiểu ${v}% văn bản trao đổi giữa các cơ quan là văn bản điện tử có chữ ký số`,
    comparator: GTE,
    unit: PERCENT,
    values: [90, 95],
  },
  {
    area: A.DIGITAL_GOVERNMENT,
    name: 'Tỷ lệ chế độ báo cáo trên Hệ thống thông tin báo cáo',
    text: (v) => `Trên ${v}% chế độ báo cáo được thực hiện trên Hệ thống thông tin báo cáo của tỉnh`,
    comparator: GT,
    unit: PERCENT,
    values: [80, 85],
  },
];
