import { singleOrMultiLine } from '../../../extension/src/core/inline/filters/single-or-multi-line';
import { describeGolden } from './golden';

describeGolden('single-or-multi-line', singleOrMultiLine);
