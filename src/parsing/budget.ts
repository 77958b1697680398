/**
 * Reads a budget cell (kinh phí, in million VND) as a number when it is one: "50", "1.500"
 * (dot as thousands separator), "2,5" (decimal comma). Text such as "Theo dự toán được cấp" gives
 * null: the raw text stays the record of what the plan says.
 */
export function parseBudgetMillionVnd(text: string | null | undefined): number | null {
  if (!text) return null;
  const cell = text.trim();
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(cell)) return Number(cell.replace(/\./g, '').replace(',', '.'));
  if (/^\d+(,\d+)?$/.test(cell)) return Number(cell.replace(',', '.'));
  return null;
}
