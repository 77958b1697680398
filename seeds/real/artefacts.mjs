// What check.mjs may leave out of the fields: the text the PDF extraction put inside a record's line
// range that belongs to no cell of the plan. Each entry is an exact phrase (words broken by the
// extraction are rejoined), matched where it stands contiguously in the document, or only on the
// given lines. Never list a generic word: a word of a cell that is missing from its field must fail
// the check. An entry that is found nowhere is a problem too, so the list cannot go stale.

/** Why text of each kind belongs to no field. */
export const CATEGORIES = {
  columnHeaders:
    'The column-header row of the table, which the PDF repeats at the top of every page: it names the ' +
    'columns and belongs to no row.',
  titleBlock:
    "The document's title block (issuing office, appendix title, subtitle), which the extraction printed " +
    'among the rows of the first page.',
  pageNumber: 'A page number printed between two rows.',
  repeatedMergedCell:
    'A merged cell (the STT with a Mục tiêu or Nhiệm vụ spanning several rows) that the extraction printed ' +
    'a second time after a page break; the fields are transcribed from its first printing and the ' +
    "records' notes say where it is repeated.",
  strayFragment:
    'A fragment of a neighbouring cell that the extraction printed twice; the note of the record it ' +
    'stands in names it.',
};

/**
 * Per source document: whether the STT column is printed apart from the cells (then a record's
 * ordinal accounts for its STT number; where it is not, as in 003, the numbering is part of the
 * objective and task cells), and the listed artefacts.
 */
export const DOCUMENTS = {
  '000_9f0162df09b6f017.txt': {
    sttColumnApart: true,
    artefacts: [
      {
        category: 'titleBlock',
        text:
          'ỦY BAN NHÂN DÂN XÃ ĐAK ĐOA Phụ lục 1 KHUNG NHIỆM VỤ KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH ' +
          '(Ban hành kèm theo Kế hoạch số /KH-UBND ngày tháng năm 2025 của Ủy ban nhân dân xã)',
        lines: [237, 245],
      },
      { category: 'repeatedMergedCell', text: '2 Phát triển dữ liệu số', lines: [934, 934] },
    ],
  },
  '001_e3bc42067013132d.txt': {
    sttColumnApart: true,
    artefacts: [
      {
        category: 'columnHeaders',
        text:
          'TT 1- Mục tiêu/Chỉ tiêu/nội dung 2- Nhiệm vụ 3- Hoạt động 4- Kết quả, sản phẩm 5- Chủ trì ' +
          '6- Phối hợp 7- Thời gian hoàn thành 8- Kinh phí',
      },
    ],
  },
  '002_95777da50a226c25.txt': {
    sttColumnApart: true,
    artefacts: [
      {
        category: 'columnHeaders',
        text: 'STT Mục tiêu Nhiệm vụ Hoạt động Kết quả/ Sản phẩm Cơ quan thực hiện Cơ quan phối hợp Thời gian thực hiện',
      },
    ],
  },
  '003_dcb111fb99ab3439.txt': {
    sttColumnApart: false,
    artefacts: [
      {
        category: 'columnHeaders',
        text: 'TT Mục tiêu Nhiệm vụ Hoạt động Kết quả/ Sản phẩm Chủ trì Phối hợp Thời gian Kinh phí (triệu đồng)',
      },
      { category: 'strayFragment', text: 'xác', lines: [3074, 3074] },
    ],
  },
  '004_3aac3a130a4793ac.txt': {
    sttColumnApart: true,
    artefacts: [
      { category: 'pageNumber', text: '18', lines: [2038, 2038] },
      {
        category: 'repeatedMergedCell',
        text: '2 Tham mưu ban hành Kế hoạch kiểm tra công tác cải cách hành chính trên địa bàn xã năm 2026',
        lines: [2160, 2166],
      },
    ],
  },
};
