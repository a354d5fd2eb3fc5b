import { dropUseless } from '../../../extension/src/core/inline/filters/drop-useless';
import { describeGolden } from './golden';

describeGolden('drop-useless', dropUseless);
