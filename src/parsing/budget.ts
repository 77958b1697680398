/**
 * Reads a budget cell (kinh phí, in million VND) as a number when it is one: "50", "1.500"
 * (dot as thousands separator), "2,5" (decimal comma). Text such as "Theo dự toán được cấp" gives
 * null: the raw text stays the record of what the plan says.
 */
export function parseBudgetMillionVnd(text: string | null | undefined): number | null {
  if (!text) return null;
  const cell = text.trim();
  let value: number | null = null;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(cell)) value = Number(cell.replace(/\./g, '').replace(',', '.'));
  else if (/^\d+(,\d+)?$/.test(cell)) value = Number(cell.replace(',', '.'));
  // Beyond what task.budget_million_vnd (numeric(14,3)) holds, it is no budget anyone wrote.
  return value !== null && value < MAX_BUDGET_MILLION_VND ? value : null;
}

/** The first value task.budget_million_vnd (numeric(14,3)) cannot hold: 10^11 million VND. */
export const MAX_BUDGET_MILLION_VND = 1e11;
