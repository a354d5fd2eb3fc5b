import { removeSuffixOverlap } from '../../../extension/src/core/inline/filters/remove-suffix-overlap';
import { describeGolden } from './golden';

describeGolden('remove-suffix-overlap', removeSuffixOverlap);
