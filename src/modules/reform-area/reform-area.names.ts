import type { ReformAreaCode } from './reform-area.entity';

/** Vietnamese names of the areas, as the migration stores them (for headings written by the app). */
export const AREA_NAMES_VI: Record<ReformAreaCode, string> = {
  DIRECTION: 'Công tác chỉ đạo, điều hành',
  INSTITUTIONS: 'Cải cách thể chế',
  PROCEDURES: 'Cải cách thủ tục hành chính',
  APPARATUS: 'Cải cách tổ chức bộ máy hành chính nhà nước',
  CIVIL_SERVICE: 'Cải cách chế độ công vụ',
  PUBLIC_FINANCE: 'Cải cách tài chính công',
  DIGITAL_GOVERNMENT: 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số',
};
