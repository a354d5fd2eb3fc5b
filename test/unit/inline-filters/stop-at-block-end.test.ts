import { stopAtBlockEnd } from '../../../extension/src/core/inline/filters/stop-at-block-end';
import { describeGolden } from './golden';

describeGolden('stop-at-block-end', stopAtBlockEnd);
