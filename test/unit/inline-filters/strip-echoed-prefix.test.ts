import { stripEchoedPrefix } from '../../../extension/src/core/inline/filters/strip-echoed-prefix';
import { describeGolden } from './golden';

describeGolden('strip-echoed-prefix', stripEchoedPrefix);
