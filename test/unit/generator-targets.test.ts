import { parseTarget } from '../../src/parsing/target';
import { Comparator } from '../../src/modules/indicator/indicator.enums';
import { taskNameWithoutNumbering } from '../../src/modules/seed/generator';
import { INDICATOR_TEMPLATES, statedComparator } from '../../src/modules/seed/generator-templates';

/** Every figure a generated plan can state for a template: its own values, the province's, and moves. */
function figures(template: (typeof INDICATOR_TEMPLATES)[number]): number[] {
  // A template the province plan does not set states only its own values.
  if (!template.province) return template.values;
  const base = [...template.values, ...(template.province?.values ?? [])];
  const step = template.step ?? 1;
  return [...new Set(base.flatMap((v) => [v, v - step, v + step, v + 2 * step]))].filter(
    (v) => v >= 1 && v <= (template.unit === 'PERCENT' ? 100 : 10),
  );
}

describe('generated indicator targets', () => {
  // The generator stores comparator and figures beside the text; the import parser must read the
  // same from the text, or an exported and re-imported generated plan would change.
  it.each(INDICATOR_TEMPLATES.map((t) => [t.name, t] as const))(
    '%s: each text parses to what is stored',
    (_name, template) => {
      for (const value of figures(template)) {
        const comparator = statedComparator(template.comparator, value);
        const max = comparator === Comparator.BETWEEN ? value + 1 : null;
        expect(parseTarget(template.text(value, max ?? undefined))).toEqual([
          expect.objectContaining({ comparator, value, max, unit: template.unit }),
        ]);
        if (template.province) {
          const provinceComparator = statedComparator(template.province.comparator, value);
          expect(parseTarget(template.province.text(value))).toEqual([
            expect.objectContaining({ comparator: provinceComparator, value, unit: template.unit }),
          ]);
        }
      }
    },
  );

  it('strips the numbering a real plan gave its task names', () => {
    expect(taskNameWithoutNumbering('7.1. Nhiệm vụ 1: Rà soát TTHC')).toBe('Rà soát TTHC');
    expect(taskNameWithoutNumbering('2.2.Kiểm tra công tác TDTHPL')).toBe('Kiểm tra công tác TDTHPL');
    expect(taskNameWithoutNumbering('3.4: Chuẩn hóa quy trình')).toBe('Chuẩn hóa quy trình');
    expect(taskNameWithoutNumbering('2.1 Tuyên truyền')).toBe('Tuyên truyền');
    expect(taskNameWithoutNumbering('Nhiệm vụ 2: Rà soát')).toBe('Rà soát');
    // Not a numbering: a figure that belongs to the text.
    expect(taskNameWithoutNumbering('100% hồ sơ được số hóa')).toBe('100% hồ sơ được số hóa');
    expect(taskNameWithoutNumbering('Tổ chức 02 hội nghị')).toBe('Tổ chức 02 hội nghị');
  });
});
