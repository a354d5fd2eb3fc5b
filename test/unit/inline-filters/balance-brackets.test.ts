import { balanceBrackets } from '../../../extension/src/core/inline/filters/balance-brackets';
import { describeGolden } from './golden';

describeGolden('balance-brackets', balanceBrackets);
