import { registerEnumType } from 'type-graphql';

export enum Comparator {
  GTE = 'GTE',
  GT = 'GT',
  LTE = 'LTE',
  LT = 'LT',
  EQ = 'EQ',
  BETWEEN = 'BETWEEN',
}

export enum IndicatorUnit {
  PERCENT = 'PERCENT',
  COUNT = 'COUNT',
}

export enum IndicatorDirection {
  INCREASE = 'INCREASE',
  DECREASE = 'DECREASE',
}

registerEnumType(Comparator, {
  name: 'Comparator',
  description: 'How an actual value is compared with the target.',
  valuesConfig: {
    GTE: { description: 'At least ("tối thiểu", "từ … trở lên", a bare figure).' },
    GT: { description: 'Strictly above ("trên").' },
    LTE: { description: 'At most ("tối đa", "không quá").' },
    LT: { description: 'Strictly below ("dưới").' },
    EQ: { description: 'Exactly.' },
    BETWEEN: { description: 'Between targetValue and targetMax inclusive ("từ 01 đến 02").' },
  },
});
registerEnumType(IndicatorUnit, {
  name: 'IndicatorUnit',
  description: 'Unit of an indicator target.',
  valuesConfig: {
    PERCENT: { description: 'Percentage (tỷ lệ %).' },
    COUNT: { description: 'A count of things; the counted noun is in unitNoun.' },
  },
});
registerEnumType(IndicatorDirection, {
  name: 'IndicatorDirection',
  description: 'Whether the target is a level to reach or a reduction ("giảm …").',
  valuesConfig: {
    INCREASE: { description: 'A level to reach or exceed.' },
    DECREASE: {
      description: 'A reduction to achieve ("giảm tối thiểu 2,5% …"); the value is the size of the cut.',
    },
  },
});
