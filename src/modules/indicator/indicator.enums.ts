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

/**
 * Where a plan states an indicator's target: one of the four cells of its task row that hold targets
 * (named after the Task field of that cell), or the plan's own list of targets outside the table.
 */
export enum IndicatorCell {
  OBJECTIVE = 'OBJECTIVE',
  NAME = 'NAME',
  ACTIVITIES = 'ACTIVITIES',
  OUTPUTS = 'OUTPUTS',
  KEY_INDICATORS = 'KEY_INDICATORS',
}

/** Who set a classification or a province link: the system from the text, or a person. */
export enum LinkSource {
  AUTO = 'AUTO',
  MANUAL = 'MANUAL',
}

registerEnumType(LinkSource, {
  name: 'LinkSource',
  description: 'Who set a classification or a province link.',
  valuesConfig: {
    AUTO: { description: 'Set automatically (the classifier; the cascade by catalogue code).' },
    MANUAL: {
      description: 'Set by hand (setIndicatorClassification, linkProvinceIndicator); kept on re-import.',
    },
  },
});

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
registerEnumType(IndicatorCell, {
  name: 'IndicatorCell',
  description: 'Where in the plan an indicator target is stated.',
  valuesConfig: {
    OBJECTIVE: { description: 'The Mục tiêu (objective) cell of its task row (Task.objective).' },
    NAME: { description: 'The Nhiệm vụ (task) cell of its task row (Task.name).' },
    ACTIVITIES: { description: 'The Hoạt động (activities) cell of its task row (Task.activities).' },
    OUTPUTS: { description: 'The Kết quả / Sản phẩm (outputs) cell of its task row (Task.outputs).' },
    KEY_INDICATORS: {
      description:
        'Not in the task table: the key-indicator section of the plan ("Các chỉ tiêu chủ yếu"), a target of the plan as a whole.',
    },
  },
});
