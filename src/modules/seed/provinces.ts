import { ProvinceKind } from '../province/province.entity';

export interface ProvinceSeed {
  code: string;
  name: string;
  kind: ProvinceKind;
  /** Number of commune-level units after the 2025 reorganisation (for the national generator). */
  communeCount: number;
  abolishedOn?: string;
  successorCode?: string;
}

const T = ProvinceKind.TINH;
const TP = ProvinceKind.THANH_PHO;

/**
 * The 34 province-level units in force since 1 July 2025 (Nghị quyết 202/2025/QH15) with their
 * official codes; communeCount sums to the 3,321 commune-level units of the reorganisation.
 */
export const PROVINCES: ProvinceSeed[] = [
  { code: '01', name: 'Hà Nội', kind: TP, communeCount: 126 },
  { code: '04', name: 'Cao Bằng', kind: T, communeCount: 56 },
  { code: '08', name: 'Tuyên Quang', kind: T, communeCount: 124 },
  { code: '11', name: 'Điện Biên', kind: T, communeCount: 45 },
  { code: '12', name: 'Lai Châu', kind: T, communeCount: 38 },
  { code: '14', name: 'Sơn La', kind: T, communeCount: 75 },
  { code: '15', name: 'Lào Cai', kind: T, communeCount: 99 },
  { code: '19', name: 'Thái Nguyên', kind: T, communeCount: 92 },
  { code: '20', name: 'Lạng Sơn', kind: T, communeCount: 65 },
  { code: '22', name: 'Quảng Ninh', kind: T, communeCount: 54 },
  { code: '24', name: 'Bắc Ninh', kind: T, communeCount: 99 },
  { code: '25', name: 'Phú Thọ', kind: T, communeCount: 148 },
  { code: '31', name: 'Hải Phòng', kind: TP, communeCount: 114 },
  { code: '33', name: 'Hưng Yên', kind: T, communeCount: 104 },
  { code: '37', name: 'Ninh Bình', kind: T, communeCount: 129 },
  { code: '38', name: 'Thanh Hóa', kind: T, communeCount: 166 },
  { code: '40', name: 'Nghệ An', kind: T, communeCount: 130 },
  { code: '42', name: 'Hà Tĩnh', kind: T, communeCount: 69 },
  { code: '44', name: 'Quảng Trị', kind: T, communeCount: 78 },
  { code: '46', name: 'Huế', kind: TP, communeCount: 40 },
  { code: '48', name: 'Đà Nẵng', kind: TP, communeCount: 94 },
  { code: '51', name: 'Quảng Ngãi', kind: T, communeCount: 96 },
  { code: '52', name: 'Gia Lai', kind: T, communeCount: 135 },
  { code: '56', name: 'Khánh Hòa', kind: T, communeCount: 65 },
  { code: '66', name: 'Đắk Lắk', kind: T, communeCount: 102 },
  { code: '68', name: 'Lâm Đồng', kind: T, communeCount: 124 },
  { code: '75', name: 'Đồng Nai', kind: T, communeCount: 95 },
  { code: '79', name: 'Hồ Chí Minh', kind: TP, communeCount: 168 },
  { code: '80', name: 'Tây Ninh', kind: T, communeCount: 96 },
  { code: '82', name: 'Đồng Tháp', kind: T, communeCount: 102 },
  { code: '86', name: 'Vĩnh Long', kind: T, communeCount: 124 },
  { code: '91', name: 'An Giang', kind: T, communeCount: 102 },
  { code: '92', name: 'Cần Thơ', kind: TP, communeCount: 103 },
  { code: '96', name: 'Cà Mau', kind: T, communeCount: 64 },
];

/** Former provinces that real plans still name. */
export const FORMER_PROVINCES: ProvinceSeed[] = [
  {
    code: 'X24',
    name: 'Bắc Giang',
    kind: T,
    communeCount: 0,
    abolishedOn: '2025-07-01',
    successorCode: '24',
  },
];
