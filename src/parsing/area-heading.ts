import { ReformAreaCode } from '../modules/reform-area/reform-area.entity';

/** Lower case, no diacritics, đ → d: "Cải cách THỂ CHẾ" → "cai cach the che". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Meaning of a heading, checked in this order (e.g. "tổ chức bộ máy" before "chỉ đạo"). */
const AREA_KEYWORDS: [ReformAreaCode, RegExp][] = [
  [ReformAreaCode.INSTITUTIONS, /the che/],
  [ReformAreaCode.PROCEDURES, /thu tuc hanh chinh|tthc/],
  [ReformAreaCode.APPARATUS, /bo may|to chuc bo/],
  [ReformAreaCode.CIVIL_SERVICE, /cong vu/],
  [ReformAreaCode.PUBLIC_FINANCE, /tai chinh cong/],
  [ReformAreaCode.DIGITAL_GOVERNMENT, /dien tu|chinh quyen so|chinh phu so|chuyen doi so/],
  [ReformAreaCode.DIRECTION, /chi dao|dieu hanh|trien khai cac nhiem vu|tuyen truyen|thong tin/],
];

/**
 * The reform area a heading names, by meaning, whatever its numeral or spelling ("VII Công tác chỉ
 * đạo điều hành", "I CÔNG TÁC TRIỂN KHAI CÁC NHIỆM VỤ CCHC", "Xây dựng Chính phủ điện tử").
 */
export function recognizeArea(heading: string): ReformAreaCode | null {
  const folded = foldVietnamese(heading);
  return AREA_KEYWORDS.find(([, pattern]) => pattern.test(folded))?.[0] ?? null;
}
